// Export the dictionary in force (.xlsx to edit in Excel, or JSON) and import an edited file.
// The import is all or nothing: the api's issues name sheet, row, column and sub-item code (or
// file, code and field for JSON), and are listed as they come.
import { useState, type FormEvent } from 'react';
import { apiUpload, ApiFailure } from '../api.js';
import { t } from '../i18n/index.js';
import { importType, type ChangeResult } from './dictionary-api.js';

const x = t.dictionary.transfer;

type Outcome = { readonly kind: 'done'; readonly result: ChangeResult } | { readonly kind: 'refused'; readonly message: string; readonly issues: readonly string[] } | undefined;

export function ImportExport({ baseVersion, onImported }: { readonly baseVersion: number | undefined; readonly onImported: (result: ChangeResult) => void }) {
  const [file, setFile] = useState<File | undefined>();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setOutcome(undefined);
    if (!file) return setOutcome({ kind: 'refused', message: x.chooseFile, issues: [] });
    const type = importType(file.name);
    if (!type) return setOutcome({ kind: 'refused', message: x.wrongType, issues: [] });
    setBusy(true);
    try {
      const query = new URLSearchParams();
      if (baseVersion !== undefined) query.set('baseVersion', String(baseVersion));
      if (note.trim()) query.set('note', note.trim());
      const result = await apiUpload<ChangeResult>(`/dictionary/import?${query.toString()}`, await file.arrayBuffer(), type, '导入受理事典');
      setOutcome({ kind: 'done', result });
      if (result.created) onImported(result);
    } catch (e) {
      setOutcome({ kind: 'refused', message: e instanceof Error ? e.message : String(e), issues: e instanceof ApiFailure ? e.issues.map((i) => i.message) : [] });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="transfer">
      <section>
        <h2>{x.exportTitle}</h2>
        <p className="muted">{x.exportHint}</p>
        <div className="links">
          <a className="button-link" href="/api/dictionary/export.xlsx" download>
            {x.exportXlsx}
          </a>
          <a className="button-link" href="/api/dictionary/export.json" download>
            {x.exportJson}
          </a>
        </div>
      </section>
      <section>
        <h2>{x.importTitle}</h2>
        <p className="muted">{x.importHint}</p>
        <form className="import-form" onSubmit={(e) => void submit(e)}>
          <label>
            {x.file}
            <input type="file" accept=".xlsx,.json,application/json" onChange={(e) => setFile(e.target.files?.[0])} />
          </label>
          <label>
            {x.note}
            <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
          </label>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? x.importing : x.submit}
          </button>
        </form>
        {outcome?.kind === 'done' && (
          <div className="status success" role="status">
            <div className="status-text">
              {outcome.result.created ? x.created(outcome.result.version) : x.unchanged(outcome.result.version)}
              {outcome.result.created && ` ${x.summary(outcome.result.summary.changed.length, outcome.result.summary.added.length, outcome.result.summary.removed.length)}`}
            </div>
          </div>
        )}
        {outcome?.kind === 'refused' && (
          <div className="status error import-errors" role="alert">
            <div className="status-text">
              {outcome.issues.length > 0 ? x.refused : outcome.message}
              {outcome.issues.length > 0 && (
                <ul>
                  {outcome.issues.map((text, i) => (
                    <li key={`${String(i)}-${text}`}>{text}</li>
                  ))}
                </ul>
              )}
            </div>
          </div>
        )}
      </section>
    </div>
  );
}
