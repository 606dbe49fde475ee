// 卡件清单: the stuck cases with their reasons and where they wait. Every filter lives in the URL's
// query string (stuck-filters.ts: the names the api takes), so a copied link or a reload opens the
// same list.
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { t } from '../i18n/index.js';
import { useSession } from '../session.js';
import { apiJson } from '../api.js';
import { loadStuck, type StuckCase } from './data.js';
import { formatTime } from './format.js';
import { SupervisionHeader } from './SupervisionHeader.js';
import { filtersOf, queryOf, type FilterKey, type Filters } from './stuck-filters.js';
import { useAutoRefresh } from './use-auto-refresh.js';
import { useLoad } from './use-load.js';

const REASON_KINDS = ['incident', 'overdue-red', 'overdue-yellow', 'slow-step', 'no-progress'] as const;

export function StuckList() {
  const s = t.supervision;
  const [params, setParams] = useSearchParams();
  const applied = filtersOf(params);
  const key = queryOf(applied).toString();
  const list = useLoad(() => loadStuck(new URLSearchParams(key)), [key]);
  // A case fixed elsewhere leaves the list without a manual reload.
  useAutoRefresh(list.reload);
  const [draft, setDraft] = useState<Filters>(applied);
  useEffect(() => setDraft(filtersOf(new URLSearchParams(key))), [key]);
  const [units, setUnits] = useState<readonly { id: string; name: string }[]>([]);
  const { state } = useSession();
  const county = state.kind === 'signed-in' && state.staff.orgLevel === 'county';
  useEffect(() => {
    let alive = true;
    apiJson<{ id: string; name: string }[]>('GET', '/org-units', '读取机构')
      .then((u) => alive && setUnits(u))
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, []);

  const apply = (next: Filters) => setParams(queryOf(next));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    apply(draft);
  };
  // Choosing from a list applies at once; typed fields apply on 查询 (or Enter).
  const choose = (k: FilterKey, v: string) => {
    const next = { ...draft, [k]: v };
    setDraft(next);
    apply(next);
  };
  const subItems = list.state.kind === 'ready' ? [...new Map(list.state.data.items.map((i) => [i.subItemCode, i.subItemName ?? i.subItemCode])).entries()] : [];

  return (
    <div className="sv-page">
      <SupervisionHeader>
        {list.state.kind === 'ready' && <span className="muted small">{s.asOf(formatTime(list.state.data.asOf))}</span>}
        <button type="button" onClick={list.reload}>
          {s.refresh}
        </button>
      </SupervisionHeader>
      <form className="sv-filters" onSubmit={submit} aria-label={s.filters}>
        <label>
          {s.reason}
          <select value={draft.reason} onChange={(e) => choose('reason', e.target.value)}>
            <option value="">{s.anyReason}</option>
            {REASON_KINDS.map((r) => (
              <option key={r} value={r}>
                {s.reasons[r]}
              </option>
            ))}
          </select>
        </label>
        {county && (
          <label>
            {s.unit}
            <select value={draft.orgUnit} onChange={(e) => choose('orgUnit', e.target.value)}>
              <option value="">{s.anyUnit}</option>
              {units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {s.subItem}
          <input list="sv-sub-items" value={draft.subItemCode} placeholder={s.anySubItem} onChange={(e) => setDraft({ ...draft, subItemCode: e.target.value })} />
          <datalist id="sv-sub-items">
            {subItems.map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </datalist>
        </label>
        <label className="narrow">
          {s.noProgressHours}
          <input type="number" min={0.5} step={0.5} value={draft.noProgressHours} placeholder="7" onChange={(e) => setDraft({ ...draft, noProgressHours: e.target.value })} />
        </label>
        <label>
          {s.varName}
          <input value={draft.varName} placeholder={s.varHint} onChange={(e) => setDraft({ ...draft, varName: e.target.value })} />
        </label>
        <label>
          {s.varValue}
          <input value={draft.varValue} onChange={(e) => setDraft({ ...draft, varValue: e.target.value })} />
        </label>
        <div className="sv-filter-buttons">
          <button type="submit" className="primary">
            {s.search}
          </button>
          <button type="button" onClick={() => apply(filtersOf(new URLSearchParams()))}>
            {s.clear}
          </button>
        </div>
      </form>
      <div className="sv-scroll">
        {list.state.kind === 'loading' && <p className="muted">{t.loading}</p>}
        {list.state.kind === 'failed' && <p className="error" role="alert">{s.loadFailed(list.state.message)}</p>}
        {list.state.kind === 'ready' && (
          <>
            {list.state.data.note && <p className="sv-note">{list.state.data.note}</p>}
            <p className="muted small" data-testid="stuck-count">{s.count(list.state.data.items.length)}</p>
            {list.state.data.items.length === 0 ? <p className="muted">{s.none}</p> : <StuckTable items={list.state.data.items} back={key} />}
          </>
        )}
      </div>
    </div>
  );
}

function StuckTable({ items, back }: { readonly items: readonly StuckCase[]; readonly back: string }) {
  const s = t.supervision;
  return (
    <table className="sv-table sv-stuck" data-testid="stuck-list">
      <thead>
        <tr>
          <th>{s.caseNo}</th>
          <th>{s.subItem}</th>
          <th>{s.unit}</th>
          <th>{s.status}</th>
          <th>{s.reason}</th>
          <th>{s.waitingAt}</th>
          <th>{s.dueAt}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((c) => (
          <tr key={c.caseNo} data-case={c.caseNo}>
            <td>
              <Link to={`/supervision/cases/${encodeURIComponent(c.caseNo)}${back ? `?from=${encodeURIComponent(back)}` : ''}`}>{c.caseNo}</Link>
            </td>
            <td className="sv-wrap">{c.subItemName ?? c.subItemCode}</td>
            <td>{c.orgUnitName}</td>
            <td>{c.statusLabel}</td>
            <td className="sv-wrap">
              {c.reasons.map((r, i) => (
                <div key={`${r.kind}-${String(i)}`} className="sv-reason" title={r.explanation}>
                  <span className={`sv-chip reason-${r.kind}`}>{s.reasons[r.kind] ?? r.label}</span> <span className="small">{r.explanation}</span>
                </div>
              ))}
            </td>
            <td className="sv-wrap">
              {c.waitingAt.map((w) => (
                <div key={w.elementId} className={w.hasIncident ? 'tone-red' : ''}>
                  {w.elementName}
                  {w.since && <span className="muted small"> {formatTime(w.since)}{s.since}</span>}
                </div>
              ))}
            </td>
            <td className={c.warning === 'red' ? 'tone-red' : c.warning === 'yellow' ? 'tone-yellow' : ''}>{formatTime(c.committedDueAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
