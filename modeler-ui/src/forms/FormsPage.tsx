// /forms — 表单设计: the fixed-format forms (制式表格) the dictionary's materials name. Left, every
// form with where it is used (and the ones the dictionary names that nobody designed yet); right,
// the chosen form in the form-js editor, a preview of what the clerk will see, its filled sample
// (填写模板, read-only) and its versions. Saving makes a new version; the api's refusal is shown
// with each place it names (components.N.key).
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiFailure, type ApiIssue } from '../api.js';
import { t } from '../i18n/index.js';
import { FormEditorPane, type EditorHandle } from './FormEditorPane.js';
import { FormView } from './FormView.js';
import { formOf, listForms, saveForm, versionsOf, type FormDetail, type FormSchema, type FormSummary, type FormVersionEntry } from './forms-api.js';
import './forms.css';

type Tab = 'design' | 'preview' | 'sample' | 'versions';
const f = t.forms;

/** A blank form for a key the dictionary names but nobody designed yet. */
const blankSchema = (title: string): FormSchema => ({ type: 'default', components: [{ type: 'text', text: `### ${title}` }] });

interface Open {
  readonly key: string;
  readonly title: string;
  /** The stored version being edited; undefined for a form not designed yet. */
  readonly detail: FormDetail | undefined;
  readonly schema: FormSchema;
}

export function FormsPage() {
  const [forms, setForms] = useState<readonly FormSummary[] | undefined>();
  const [listError, setListError] = useState<string | undefined>();
  const [open, setOpen] = useState<Open | undefined>();
  const [tab, setTab] = useState<Tab>('design');
  const [dirty, setDirty] = useState(false);
  const [preview, setPreview] = useState<FormSchema | undefined>();
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<{ readonly ok: boolean; readonly message: string; readonly issues: readonly ApiIssue[] } | undefined>();
  const [versions, setVersions] = useState<readonly FormVersionEntry[] | undefined>();
  const editor = useRef<EditorHandle>(null);

  const refresh = useCallback(() => {
    listForms()
      .then((r) => {
        setForms(r.forms);
        setListError(undefined);
      })
      .catch((e: unknown) => setListError(e instanceof Error ? e.message : String(e)));
  }, []);
  useEffect(refresh, [refresh]);

  const choose = async (summary: FormSummary) => {
    if (dirty && !window.confirm(f.discard)) return;
    setResult(undefined);
    setDirty(false);
    setTab('design');
    setNote('');
    setVersions(undefined);
    try {
      const detail = summary.version === null ? undefined : await formOf(summary.key);
      setOpen({ key: summary.key, title: summary.title, detail, schema: detail?.schema ?? blankSchema(summary.title) });
    } catch (e) {
      setResult({ ok: false, message: e instanceof Error ? e.message : String(e), issues: [] });
    }
  };

  const show = (next: Tab) => {
    if (next === 'preview' && editor.current) setPreview(editor.current.schema());
    if (next === 'versions' && open)
      versionsOf(open.key)
        .then((r) => setVersions(r.versions))
        .catch(() => setVersions([]));
    setTab(next);
  };

  const save = async () => {
    if (!open || !editor.current) return;
    setSaving(true);
    setResult(undefined);
    try {
      const saved = await saveForm(open.key, { schema: editor.current.schema(), ...(note.trim() ? { note: note.trim() } : {}), baseVersion: open.detail?.version ?? 0 });
      setOpen({ key: saved.key, title: saved.title, detail: saved, schema: saved.schema });
      setDirty(false);
      setNote('');
      setResult({ ok: true, message: f.saved(saved.version), issues: [] });
      refresh();
    } catch (e) {
      setResult({ ok: false, message: e instanceof Error ? e.message : String(e), issues: e instanceof ApiFailure ? e.issues : [] });
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="forms-page" aria-label={f.title}>
      <aside className="forms-list" aria-label={f.list}>
        <h1>{f.title}</h1>
        <p className="muted small">{f.hint}</p>
        {listError && (
          <p className="error" role="alert">
            {listError}
          </p>
        )}
        {!forms && !listError && <p className="muted">{t.loading}</p>}
        <ul>
          {forms?.map((form) => {
            const intake = form.usedBy.filter((u) => u.intake);
            return (
              <li key={form.key} className={open?.key === form.key ? 'selected' : ''}>
                <button type="button" className="link forms-item" onClick={() => void choose(form)}>
                  <span className="forms-item-title">{form.title}</span>
                  <span className="small muted">
                    {form.version === null ? f.notDesigned : f.versionShort(form.version)} · {f.usedBy(form.usedBy.filter((u) => u.as === 'form').length)}
                    {intake.length > 0 && ` · ${f.intakeOf(intake.map((u) => u.subItemName).join('、'))}`}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      </aside>
      <div className="forms-main">
        {!open ? (
          <p className="muted forms-empty">{f.pick}</p>
        ) : (
          <>
            <header className="forms-toolbar">
              <div className="forms-toolbar-title">
                <h2 data-testid="form-title">{open.title}</h2>
                <span className="small muted mono">
                  {open.key} · {open.detail ? f.versionOf(open.detail.version, open.detail.author) : f.notDesigned}
                  {dirty && <strong className="forms-dirty"> · {f.unsaved}</strong>}
                </span>
              </div>
              <div className="tabs" role="tablist">
                {(['design', 'preview', 'sample', 'versions'] as const).map((id) => (
                  <button key={id} type="button" role="tab" aria-selected={tab === id} className={tab === id ? 'active' : ''} onClick={() => show(id)} disabled={id === 'sample' && !open.detail?.sample}>
                    {f.tabs[id]}
                  </button>
                ))}
              </div>
              <input className="forms-note" value={note} onChange={(e) => setNote(e.target.value)} placeholder={f.notePlaceholder} aria-label={f.note} maxLength={500} />
              <button type="button" className="primary" onClick={() => void save()} disabled={saving}>
                {saving ? f.saving : f.save}
              </button>
            </header>
            {result && (
              <div className={result.ok ? 'forms-result ok' : 'forms-result failed'} role={result.ok ? 'status' : 'alert'}>
                <strong>{result.ok ? result.message : f.refused}</strong>
                {!result.ok && <p>{result.message}</p>}
                {result.issues.length > 0 && (
                  <ul>
                    {result.issues.map((i) => (
                      <li key={`${i.path}|${i.message}`}>
                        <code>{i.path}</code> {i.message}
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            )}
            <FormEditorPane ref={editor} key={`${open.key}|${String(open.detail?.version ?? 0)}`} schema={open.schema} hidden={tab !== 'design'} onEdited={() => setDirty(true)} />
            {tab === 'preview' && preview && (
              <div className="forms-pane">
                <p className="muted small">{f.previewHint}</p>
                <FormView schema={preview} label={f.tabs.preview} />
              </div>
            )}
            {tab === 'sample' && open.detail?.sample && (
              <div className="forms-pane">
                <p className="muted small">{f.sampleHint(open.detail.sampleKey)}</p>
                <FormView schema={open.detail.schema} data={open.detail.sample} readOnly label={f.tabs.sample} />
              </div>
            )}
            {tab === 'versions' && (
              <div className="forms-pane">
                {!versions ? (
                  <p className="muted">{t.loading}</p>
                ) : (
                  <table className="forms-versions">
                    <thead>
                      <tr>
                        <th>{f.version}</th>
                        <th>{f.author}</th>
                        <th>{f.at}</th>
                        <th>{f.fields}</th>
                        <th>{f.note}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {versions.map((v) => (
                        <tr key={v.version}>
                          <td>{v.version}</td>
                          <td>{v.author}</td>
                          <td>{new Date(v.createdAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}</td>
                          <td>{v.fields}</td>
                          <td>{v.note ?? ''}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </div>
            )}
          </>
        )}
      </div>
    </section>
  );
}
