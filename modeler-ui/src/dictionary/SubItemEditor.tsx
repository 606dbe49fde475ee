// Editing one sub-item: name, limits, levels, mail delivery, flow binding and the materials
// (add, remove, reorder, necessity, copies, source). Saving PUTs the whole sub-item with the
// version it was read at; the api validates all of it and answers with a new version, or with
// issues that each name a field — shown next to that field, nothing saved.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { apiJson, ApiFailure } from '../api.js';
import { t } from '../i18n/index.js';
import { draftOf, fieldMessage, fieldOfIssue, moveMaterial, newMaterial, subItemOf, type MaterialDraft, type SubItemDraft } from './draft.js';
import type { ChangeResult } from './dictionary-api.js';

type Errors = Readonly<Record<string, readonly string[]>>;
type Status = { readonly kind: 'saved' | 'unchanged'; readonly text: string } | { readonly kind: 'error'; readonly text: string; readonly unplaced: readonly string[] } | undefined;

const d = t.dictionary;

export function SubItemEditor({ code, baseVersion, processIds, onSaved }: { readonly code: string; readonly baseVersion: number | undefined; readonly processIds: readonly string[]; readonly onSaved: (result: ChangeResult) => void }) {
  const [original, setOriginal] = useState<Record<string, unknown> | undefined>();
  const [draft, setDraft] = useState<SubItemDraft | undefined>();
  const [loadError, setLoadError] = useState<string | undefined>();
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [status, setStatus] = useState<Status>();
  const [busy, setBusy] = useState(false);
  const [reloads, setReloads] = useState(0);
  const form = useRef<HTMLFormElement>(null);

  // After a refusal, bring the first field the api named into view (the save button is far below it).
  useEffect(() => {
    if (status?.kind !== 'error') return;
    form.current?.querySelector('.field.invalid, [aria-invalid="true"]')?.scrollIntoView({ block: 'center' });
  }, [status]);

  useEffect(() => {
    let alive = true;
    setOriginal(undefined);
    setDraft(undefined);
    setLoadError(undefined);
    apiJson<Record<string, unknown>>('GET', `/dictionary/sub-items/${encodeURIComponent(code)}`, '读取业务办理项')
      .then((item) => {
        if (!alive) return;
        setOriginal(item);
        setDraft(draftOf(item));
      })
      .catch((e: unknown) => alive && setLoadError(e instanceof Error ? e.message : String(e)));
    return () => {
      alive = false;
    };
  }, [code, reloads]);

  if (loadError) return <p className="error" role="alert">{d.loadFailed(loadError)}</p>;
  if (!original || !draft) return <p className="muted">{t.loading}</p>;

  const change = (patch: Partial<SubItemDraft>) => setDraft({ ...draft, ...patch });
  const changeMaterials = (materials: readonly MaterialDraft[], structural: boolean) => {
    // Issues name materials by position: once rows move, the old ones would point at the wrong row.
    if (structural) setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !k.startsWith('materials'))));
    change({ materials });
  };
  const setMaterial = (index: number, patch: Partial<MaterialDraft>) => changeMaterials(draft.materials.map((m, i) => (i === index ? { ...m, ...patch } : m)), false);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setStatus(undefined);
    setErrors({});
    try {
      const body = { subItem: subItemOf(original, draft), ...(baseVersion === undefined ? {} : { baseVersion }), ...(note.trim() ? { note: note.trim() } : {}) };
      const result = await apiJson<ChangeResult>('PUT', `/dictionary/sub-items/${encodeURIComponent(code)}`, '保存业务办理项', body);
      setStatus(result.created ? { kind: 'saved', text: d.edit.saved(result.version) } : { kind: 'unchanged', text: d.edit.unchanged });
      setNote('');
      onSaved(result);
      setReloads((n) => n + 1);
    } catch (e) {
      const placed: Record<string, string[]> = {};
      const unplaced: string[] = [];
      if (e instanceof ApiFailure) {
        for (const issue of e.issues) {
          const field = fieldOfIssue(issue.path);
          if (field === undefined || field === '') unplaced.push(issue.message);
          else (placed[field] ??= []).push(fieldMessage(issue.message));
        }
      }
      setErrors(placed);
      setStatus({ kind: 'error', text: `${d.edit.refused}${e instanceof Error ? e.message : String(e)}`, unplaced });
    } finally {
      setBusy(false);
    }
  };

  const e = d.edit;
  const m = e.material;
  const department = typeof original['departmentName'] === 'string' ? original['departmentName'] : '';
  const matter = typeof original['matterName'] === 'string' ? original['matterName'] : '';

  return (
    <form ref={form} className="subitem-editor" onSubmit={(ev) => void save(ev)} aria-label={`${code} ${draft.name}`}>
      <header className="editor-head">
        <div>
          <div className="code">{code}</div>
          <h2>{draft.name || code}</h2>
          <div className="muted small">{e.inherited(matter, department)}</div>
        </div>
      </header>

      <fieldset>
        <legend>{e.basics}</legend>
        <Field label={e.name} errors={errors['name']}>
          <input value={draft.name} onChange={(ev) => change({ name: ev.target.value })} />
        </Field>
        <div className="row">
          <Field label={e.caseType} errors={errors['caseType']}>
            <select value={draft.caseType} onChange={(ev) => change({ caseType: ev.target.value })}>
              {Object.entries(d.caseTypes).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </Field>
          <Field label={e.legalDays} errors={errors['legalDays']}>
            <input inputMode="numeric" value={draft.legalDays} onChange={(ev) => change({ legalDays: ev.target.value })} />
          </Field>
          <Field label={e.committedDays} errors={errors['committedDays']}>
            <input inputMode="numeric" value={draft.committedDays} onChange={(ev) => change({ committedDays: ev.target.value })} />
          </Field>
        </div>
        <Field label={e.limitsNote} errors={errors['limitsNote']}>
          <input value={draft.limitsNote} onChange={(ev) => change({ limitsNote: ev.target.value })} />
        </Field>
        <div className="row">
          <Field label={e.levels} errors={errors['levels']} group>
            {Object.entries(d.levels).map(([value, label]) => (
              <label key={value} className="check">
                <input
                  type="checkbox"
                  checked={draft.levels.includes(value)}
                  onChange={(ev) => change({ levels: ev.target.checked ? [...draft.levels, value] : draft.levels.filter((l) => l !== value) })}
                />
                {label}
              </label>
            ))}
          </Field>
          <Field label={d.fields['mailDelivery'] ?? ''} errors={errors['mailDelivery']} group>
            <label className="check">
              <input type="checkbox" checked={draft.mailDelivery} onChange={(ev) => change({ mailDelivery: ev.target.checked })} />
              {e.mailDelivery}
            </label>
          </Field>
        </div>
      </fieldset>

      <fieldset>
        <legend>{e.process}</legend>
        <div className="row">
          <Field label={e.bpmnProcessId} errors={[...(errors['process'] ?? []), ...(errors['process.bpmnProcessId'] ?? [])]}>
            <input list="dictionary-process-ids" value={draft.bpmnProcessId} onChange={(ev) => change({ bpmnProcessId: ev.target.value })} />
          </Field>
          <Field label={e.processVersion} errors={errors['process.version']}>
            <input inputMode="numeric" value={draft.processVersion} onChange={(ev) => change({ processVersion: ev.target.value })} />
          </Field>
        </div>
        <datalist id="dictionary-process-ids">
          {processIds.map((id) => (
            <option key={id} value={id} />
          ))}
        </datalist>
      </fieldset>

      <fieldset>
        <legend>{e.materials}</legend>
        <FieldErrors errors={errors['materials']} />
        <table className="materials">
          <thead>
            <tr>
              <th>#</th>
              <th>{m.name}</th>
              <th>{m.kind}</th>
              <th>{m.copies}</th>
              <th>{m.necessity}</th>
              <th>{m.source}</th>
              <th>{m.condition}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {draft.materials.map((material, i) => {
              const at = (field: string) => errors[`materials.${String(i)}.${field}`];
              const rowErrors = [...(errors[`materials.${String(i)}`] ?? []), ...Object.entries(errors).filter(([k]) => k.startsWith(`materials.${String(i)}.`) && !['name', 'kind', 'copies', 'necessity', 'source', 'condition'].includes(k.split('.')[2] ?? '')).flatMap(([, v]) => v)];
              const label = m.row(i + 1);
              return (
                <tr key={material.key}>
                  <td className="muted">{i + 1}</td>
                  <td>
                    <input aria-label={`${label} ${m.name}`} value={material.name} onChange={(ev) => setMaterial(i, { name: ev.target.value })} aria-invalid={at('name') ? true : undefined} />
                    <FieldErrors errors={[...(at('name') ?? []), ...rowErrors]} />
                  </td>
                  <td>
                    <Select label={`${label} ${m.kind}`} value={material.kind} options={d.materialKinds} onChange={(kind) => setMaterial(i, { kind })} errors={at('kind')} />
                  </td>
                  <td className="narrow">
                    <input aria-label={`${label} ${m.copies}`} inputMode="numeric" value={material.copies} onChange={(ev) => setMaterial(i, { copies: ev.target.value })} aria-invalid={at('copies') ? true : undefined} />
                    <FieldErrors errors={at('copies')} />
                  </td>
                  <td>
                    <Select label={`${label} ${m.necessity}`} value={material.necessity} options={d.necessities} onChange={(necessity) => setMaterial(i, { necessity })} errors={at('necessity')} />
                  </td>
                  <td>
                    <Select label={`${label} ${m.source}`} value={material.source} options={d.sources} onChange={(source) => setMaterial(i, { source })} errors={at('source')} />
                  </td>
                  <td>
                    <input aria-label={`${label} ${m.condition}`} value={material.condition} onChange={(ev) => setMaterial(i, { condition: ev.target.value })} />
                    <FieldErrors errors={at('condition')} />
                  </td>
                  <td className="actions">
                    <button type="button" className="link" title={m.up} aria-label={`${label} ${m.up}`} disabled={i === 0} onClick={() => changeMaterials(moveMaterial(draft.materials, i, -1), true)}>
                      ↑
                    </button>
                    <button type="button" className="link" title={m.down} aria-label={`${label} ${m.down}`} disabled={i === draft.materials.length - 1} onClick={() => changeMaterials(moveMaterial(draft.materials, i, 1), true)}>
                      ↓
                    </button>
                    <button type="button" className="link danger" title={m.remove} aria-label={`${label} ${m.remove}`} onClick={() => changeMaterials(draft.materials.filter((_, j) => j !== i), true)}>
                      ✕
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <button type="button" onClick={() => changeMaterials([...draft.materials, newMaterial()], true)}>
          + {m.add}
        </button>
      </fieldset>

      <div className="editor-actions">
        {status && (
          <div className={`status ${status.kind === 'error' ? 'error' : 'success'}`} role={status.kind === 'error' ? 'alert' : 'status'}>
            <div className="status-text">{status.text}</div>
            {status.kind === 'error' && status.unplaced.length > 0 && (
              <ul>
                {status.unplaced.map((text) => (
                  <li key={text}>{text}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        <footer className="editor-foot">
          <label className="note">
            {e.note}
            <input value={note} onChange={(ev) => setNote(ev.target.value)} maxLength={500} />
          </label>
          <button
            type="button"
            onClick={() => {
              setDraft(draftOf(original));
              setErrors({});
              setStatus(undefined);
            }}
            disabled={busy}
          >
            {e.reset}
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? e.saving : e.save}
          </button>
        </footer>
      </div>
    </form>
  );
}

function FieldErrors({ errors }: { readonly errors: readonly string[] | undefined }) {
  if (!errors || errors.length === 0) return null;
  return (
    <span className="error field-error" role="alert">
      {errors.join('；')}
    </span>
  );
}

function Field({ label, errors, group, children }: { readonly label: string; readonly errors: readonly string[] | undefined; readonly group?: boolean; readonly children: ReactNode }) {
  const invalid = errors !== undefined && errors.length > 0;
  if (group)
    return (
      <div className={`field${invalid ? ' invalid' : ''}`} role="group" aria-label={label}>
        <span className="label">{label}</span>
        <div className="checks">{children}</div>
        <FieldErrors errors={errors} />
      </div>
    );
  return (
    <label className={`field${invalid ? ' invalid' : ''}`}>
      <span className="label">{label}</span>
      {children}
      <FieldErrors errors={errors} />
    </label>
  );
}

function Select({ label, value, options, onChange, errors }: { readonly label: string; readonly value: string; readonly options: Readonly<Record<string, string>>; readonly onChange: (value: string) => void; readonly errors: readonly string[] | undefined }) {
  return (
    <>
      <select aria-label={label} value={value} onChange={(ev) => onChange(ev.target.value)} aria-invalid={errors ? true : undefined}>
        {value !== '' && !(value in options) && <option value={value}>{value}</option>}
        {Object.entries(options).map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
      <FieldErrors errors={errors} />
    </>
  );
}
