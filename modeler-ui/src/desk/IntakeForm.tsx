// The intake form for one sub-item: the applicant (prefilled from the scanned enterprise), the
// sub-item's fixed-format intake form (form-js, prefilled from the applicant; its data goes with
// the case as formData), how the result reaches them, and the dictionary's materials with a tick
// and an upload each. The api
// decides; its issues are shown at the fields they name, and a refusal (a town seat and a
// county-only item) is shown above the button as the api wrote it.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { t } from '../i18n/index.js';
import { ApiFailure } from '../api.js';
import { FormView } from '../forms/FormView.js';
import { intakeFormOf, type FormData, type FormDetail } from '../forms/forms-api.js';
import { prefilled, unfilledRequired } from '../forms/prefill.js';
import { openCase, uploadFile, type Enterprise, type OpenedCase, type SubItem } from './desk-api.js';
import { caseBody, EMPTY_APPLICANT, EMPTY_MAIL, initialKind, issuesByField, materialRows, missingRequired, type ApplicantFields, type IntakeForm as Form, type MailFields, type MaterialRow } from './intake-model.js';

interface Props {
  readonly subItem: SubItem;
  readonly enterprise: { readonly code: string; readonly found: Enterprise } | undefined;
  readonly onOpened: (opened: OpenedCase, missing: readonly string[]) => void;
}

function initialForm(subItem: SubItem, enterprise: Props['enterprise']): Form {
  const kind = initialKind(subItem, enterprise !== undefined);
  const prefill = enterprise && kind === 'enterprise';
  return {
    applicant: { ...EMPTY_APPLICANT, kind, ...(prefill ? { name: enterprise.found.name ?? '', creditCode: enterprise.found.creditCode } : {}) },
    delivery: 'pickup',
    mail: EMPTY_MAIL,
    materials: materialRows(subItem, prefill ? enterprise.found.reusableMaterials : []),
    ...(prefill ? { enterpriseCode: enterprise.code } : {}),
  };
}

export function IntakeForm({ subItem, enterprise, onOpened }: Props) {
  const m = t.desk.intake;
  const [form, setForm] = useState<Form>(() => initialForm(subItem, enterprise));
  const [errors, setErrors] = useState<ReadonlyMap<string, string>>(new Map());
  const [failure, setFailure] = useState<{ readonly title: string; readonly message: string } | undefined>();
  const [busy, setBusy] = useState(false);
  const [uploading, setUploading] = useState<ReadonlySet<number>>(new Set());
  const [intake, setIntake] = useState<IntakeState>({ kind: 'loading' });
  const [formData, setFormData] = useState<FormData>({});
  /** Form fields the clerk typed into: a later applicant edit no longer overwrites them. */
  const touched = useRef(new Set<string>());

  useEffect(() => {
    let alive = true;
    intakeFormOf(subItem.code)
      .then((r) => alive && setIntake(r.form && r.material ? { kind: 'ready', material: r.material, form: r.form } : { kind: 'none' }))
      .catch((e: unknown) => alive && setIntake({ kind: 'failed', message: e instanceof Error ? e.message : String(e) }));
    return () => {
      alive = false;
    };
  }, [subItem.code]);

  // The applicant's facts flow into the form's matching fields (applicantName, creditCode …).
  const facts = form.applicant;
  const intakeSchema = intake.kind === 'ready' ? intake.form.schema : undefined;
  useEffect(() => {
    if (!intakeSchema) return;
    setFormData((data) => {
      const next = prefilled(intakeSchema, facts, data, touched.current);
      return Object.keys(next).some((k) => next[k] !== data[k]) ? next : data;
    });
  }, [intakeSchema, facts]);

  const a = form.applicant;
  const setApplicant = (patch: Partial<ApplicantFields>) => setForm((f) => ({ ...f, applicant: { ...f.applicant, ...patch } }));
  const setMail = (patch: Partial<MailFields>) => setForm((f) => ({ ...f, mail: { ...f.mail, ...patch } }));
  const setRow = (index: number, patch: Partial<MaterialRow>) => setForm((f) => ({ ...f, materials: f.materials.map((r, i) => (i === index ? { ...r, ...patch } : r)) }));
  const missing = missingRequired(subItem, form.materials);

  const upload = async (index: number, file: File | undefined) => {
    if (!file) return;
    setUploading((s) => new Set(s).add(index));
    setErrors((e) => withoutKey(e, `material.${String(index)}`));
    try {
      const stored = await uploadFile(file);
      setRow(index, { ticked: true, file: { sha256: stored.sha256, filename: file.name } });
    } catch (e) {
      setErrors((map) => new Map(map).set(`material.${String(index)}`, e instanceof Error ? e.message : String(e)));
    } finally {
      setUploading((s) => {
        const next = new Set(s);
        next.delete(index);
        return next;
      });
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const { body: base, materialRowOf } = caseBody(subItem.code, form);
    const body: Parameters<typeof openCase>[0] & { readonly formData?: FormData } = intake.kind === 'ready' ? { ...base, formData } : base;
    setBusy(true);
    setErrors(new Map());
    setFailure(undefined);
    try {
      onOpened(await openCase(body), missing);
    } catch (e) {
      if (e instanceof ApiFailure && e.issues.length > 0) {
        const byField = issuesByField(e.issues, materialRowOf);
        setErrors(byField);
        setFailure({ title: m.failed, message: byField.get('general') ?? m.fixFields });
      } else {
        const refused = e instanceof ApiFailure && e.status === 403;
        setFailure({ title: refused ? m.refused : m.failed, message: e instanceof Error ? e.message : String(e) });
      }
    } finally {
      setBusy(false);
    }
  };

  const enterpriseKind = a.kind === 'enterprise';
  const unfilled = intake.kind === 'ready' ? unfilledRequired(intake.form.schema, formData) : [];
  return (
    <form className="desk-intake" onSubmit={(e) => void submit(e)} noValidate>
      <fieldset className="desk-card">
        <legend>{m.applicant}</legend>
        <div className="desk-radios" role="radiogroup" aria-label={m.kind}>
          {(['person', 'enterprise'] as const).map((kind) => (
            <label key={kind}>
              <input type="radio" name="applicant-kind" checked={a.kind === kind} onChange={() => setApplicant({ kind })} />
              {kind === 'person' ? m.person : m.enterprise}
              {!subItem.applicants.includes(kind) && <span className="muted small">{m.notServed}</span>}
            </label>
          ))}
        </div>
        <FieldError field="applicant.kind" errors={errors} />
        <div className="desk-grid">
          <Field label={enterpriseKind ? m.name : m.personName} field="applicant.name" errors={errors}>
            <input value={a.name} onChange={(e) => setApplicant({ name: e.target.value })} />
          </Field>
          {enterpriseKind ? (
            <Field label={m.creditCode} field="applicant.creditCode" errors={errors}>
              <input value={a.creditCode} onChange={(e) => setApplicant({ creditCode: e.target.value })} maxLength={18} spellCheck={false} />
            </Field>
          ) : (
            <Field label={m.idNumber} field="applicant.idNumber" errors={errors}>
              <input value={a.idNumber} onChange={(e) => setApplicant({ idNumber: e.target.value })} maxLength={18} spellCheck={false} />
            </Field>
          )}
          <Field label={m.phone} field="applicant.phone" errors={errors}>
            <input type="tel" value={a.phone} onChange={(e) => setApplicant({ phone: e.target.value })} />
          </Field>
          {enterpriseKind && (
            <Field label={m.contact} field="applicant.contact" errors={errors}>
              <input value={a.contact} onChange={(e) => setApplicant({ contact: e.target.value })} />
            </Field>
          )}
        </div>
        <FieldError field="enterpriseCode" errors={errors} />
      </fieldset>

      {intake.kind !== 'none' && (
        <fieldset className="desk-card desk-form-card">
          <legend>{intake.kind === 'ready' ? t.forms.intake.title(intake.material) : t.forms.intake.title('')}</legend>
          {intake.kind === 'loading' && <p className="muted">{t.forms.intake.loading}</p>}
          {intake.kind === 'failed' && (
            <p className="desk-warn" role="note">
              {t.forms.intake.failed}（{intake.message}）
            </p>
          )}
          {intake.kind === 'ready' && (
            <>
              <p className="muted small">{t.forms.intake.hint}</p>
              <FormView
                schema={intake.form.schema}
                data={formData}
                label={t.forms.intake.title(intake.material)}
                onChange={(data, key) => {
                  // Only the clerk's edits: the state form-js reports after an import is what we gave it.
                  if (key === undefined) return;
                  touched.current.add(key);
                  setFormData(data);
                }}
              />
              {unfilled.length > 0 && (
                <p className="desk-warn small" data-testid="form-unfilled">
                  {t.forms.intake.unfilled(unfilled.join('、'))}
                </p>
              )}
            </>
          )}
        </fieldset>
      )}

      <fieldset className="desk-card">
        <legend>{m.delivery}</legend>
        <div className="desk-radios" role="radiogroup" aria-label={m.delivery}>
          <label>
            <input type="radio" name="delivery" checked={form.delivery === 'pickup'} onChange={() => setForm((f) => ({ ...f, delivery: 'pickup' }))} />
            {m.pickup}
          </label>
          <label>
            <input type="radio" name="delivery" checked={form.delivery === 'mail'} disabled={!subItem.mailDelivery} onChange={() => setForm((f) => ({ ...f, delivery: 'mail' }))} />
            {m.mail}
          </label>
          {!subItem.mailDelivery && <span className="muted small">{m.noMail}</span>}
        </div>
        <FieldError field="delivery" errors={errors} />
        {form.delivery === 'mail' && (
          <div className="desk-grid">
            <Field label={m.recipient} field="mail.recipient" errors={errors}>
              <input value={form.mail.recipient} onChange={(e) => setMail({ recipient: e.target.value })} />
            </Field>
            <Field label={m.recipientPhone} field="mail.phone" errors={errors}>
              <input type="tel" value={form.mail.phone} onChange={(e) => setMail({ phone: e.target.value })} />
            </Field>
            <Field label={m.address} field="mail.address" errors={errors} wide>
              <input value={form.mail.address} onChange={(e) => setMail({ address: e.target.value })} />
            </Field>
            <Field label={m.postcode} field="mail.postcode" errors={errors}>
              <input value={form.mail.postcode} onChange={(e) => setMail({ postcode: e.target.value })} maxLength={6} inputMode="numeric" />
            </Field>
            <FieldError field="mail" errors={errors} />
          </div>
        )}
      </fieldset>

      <fieldset className="desk-card">
        <legend>{m.materials}</legend>
        <table className="desk-table desk-materials">
          <tbody>
            {subItem.materials.map((material, index) => {
              const row = form.materials[index];
              if (!row) return null;
              const error = errors.get(`material.${String(index)}`);
              return (
                <tr key={material.name} className={row.ticked ? 'ticked' : material.necessity === 'required' ? 'owed' : ''}>
                  <td className="desk-tick">
                    <input type="checkbox" checked={row.ticked} onChange={(e) => setRow(index, { ticked: e.target.checked })} aria-label={`${m.received}：${material.name}`} />
                  </td>
                  <td>
                    <span className="desk-material-name">{material.name}</span>
                    <span className="small desk-material-tags">
                      <span className={`desk-necessity ${material.necessity}`}>{m[material.necessity]}</span>
                      {material.source === 'enterpriseCode' && <span className="muted"> · {m.sourceEnterprise}</span>}
                      {material.source === 'government' && <span className="muted"> · {m.sourceGovernment}</span>}
                      {row.reusedFrom !== undefined && !row.file && <span className="desk-reused"> · {m.reused(row.reusedFrom)}</span>}
                      {row.file && <span className="desk-uploaded"> · {m.uploaded(row.file.filename)}</span>}
                    </span>
                    {error && (
                      <div className="error small" data-field={`material.${String(index)}`}>
                        {error}
                      </div>
                    )}
                  </td>
                  <td className="desk-upload">
                    <label className="button-link small">
                      {uploading.has(index) ? m.uploading : m.upload}
                      <input
                        type="file"
                        className="sr-only"
                        accept="application/pdf,image/png,image/jpeg,image/webp,.ofd"
                        aria-label={`${m.upload}：${material.name}`}
                        disabled={uploading.has(index)}
                        onChange={(e) => {
                          void upload(index, e.target.files?.[0]);
                          e.target.value = '';
                        }}
                      />
                    </label>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </fieldset>

      {/* Kept in sight at the bottom of the column: what is missing, the api's answer, the button. */}
      <div className="desk-submit-bar">
        {failure && (
          <div className="desk-failure" role="alert">
            <strong>{failure.title}</strong>
            <p>{failure.message}</p>
          </div>
        )}
        <div className="desk-submit-row">
          <p className={missing.length > 0 ? 'desk-warn' : 'desk-ok'} data-testid="materials-summary">
            {missing.length > 0 ? `${m.missing(missing.join('、'))}${form.enterpriseCode !== undefined ? m.mayReuse : ''}` : m.complete}
          </p>
          <button type="submit" className="primary big" disabled={busy || uploading.size > 0}>
            {busy ? m.accepting : m.accept}
          </button>
        </div>
      </div>
    </form>
  );
}

type IntakeState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'none' }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'ready'; readonly material: string; readonly form: FormDetail };

function withoutKey(map: ReadonlyMap<string, string>, key: string): ReadonlyMap<string, string> {
  if (!map.has(key)) return map;
  const next = new Map(map);
  next.delete(key);
  return next;
}

function Field({ label, field, errors, wide = false, children }: { readonly label: string; readonly field: string; readonly errors: ReadonlyMap<string, string>; readonly wide?: boolean; readonly children: ReactNode }) {
  const error = errors.get(field);
  return (
    <label className={`desk-field${error ? ' invalid' : ''}${wide ? ' wide' : ''}`}>
      {label}
      {children}
      {error && (
        <span className="error small" data-field={field}>
          {error}
        </span>
      )}
    </label>
  );
}

function FieldError({ field, errors }: { readonly field: string; readonly errors: ReadonlyMap<string, string> }) {
  const error = errors.get(field);
  return error ? (
    <p className="error small" data-field={field}>
      {error}
    </p>
  ) : null;
}
