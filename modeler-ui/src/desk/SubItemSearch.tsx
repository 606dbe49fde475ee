// The search both desks use: the visitor's own words in, the sub-items ranked by the api
// (GET /guide/search), each with its kind (即办/承诺 and the committed days), department and
// whether this unit may handle it — an item only another level handles is marked, not hidden,
// so the guide can send the visitor to the right hall.
import { useState, type FormEvent } from 'react';
import { t } from '../i18n/index.js';
import { searchSubItems, type SearchAnswer, type SearchResult } from './desk-api.js';

export function caseTypeLabel(r: { readonly caseType: 'instant' | 'commitment'; readonly committedDays: number }): string {
  return r.caseType === 'instant' ? t.desk.search.instant : t.desk.search.commitment(r.committedDays);
}

export function SubItemSearch({ picked, onPick, autoFocus = false }: { readonly picked?: string; readonly onPick: (result: SearchResult) => void; readonly autoFocus?: boolean }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<{ readonly q: string; readonly answer: SearchAnswer } | undefined>();
  const [error, setError] = useState<string | undefined>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const q = text.trim();
    if (q === '') return;
    setBusy(true);
    setError(undefined);
    try {
      setAnswer({ q, answer: await searchSubItems(q) });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="desk-search">
      <form className="desk-search-form" role="search" onSubmit={(e) => void submit(e)}>
        <label className="sr-only" htmlFor="desk-search-input">
          {t.desk.search.label}
        </label>
        <input
          id="desk-search-input"
          type="search"
          value={text}
          placeholder={t.desk.search.placeholder}
          onChange={(e) => setText(e.target.value)}
          aria-label={t.desk.search.label}
          autoFocus={autoFocus}
        />
        <button type="submit" className="primary" disabled={busy || text.trim() === ''}>
          {busy ? t.desk.search.searching : t.desk.search.submit}
        </button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {answer && answer.answer.results.length === 0 && <p className="muted">{t.desk.search.none(answer.q)}</p>}
      {answer && answer.answer.results.length > 0 && (
        <ul className="desk-results" aria-label={t.desk.search.results(answer.answer.results.length)}>
          {answer.answer.results.map((r) => (
            <li key={r.code}>
              <button type="button" className={`desk-result${r.code === picked ? ' picked' : ''}${r.handleHere ? '' : ' elsewhere'}`} onClick={() => onPick(r)} aria-pressed={r.code === picked}>
                <span className="desk-result-name">{r.name}</span>
                <span className="desk-badges">
                  <span className={`desk-badge ${r.caseType}`}>{caseTypeLabel(r)}</span>
                  <span className="desk-badge plain">{r.department}</span>
                  {!r.handleHere && <span className="desk-badge warn">{t.desk.search.notHere}</span>}
                </span>
                <span className="desk-result-where small">{r.handleHere ? `${r.matterName} · ${r.where}` : r.where}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
