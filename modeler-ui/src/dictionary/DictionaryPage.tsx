// /dictionary — the acceptance dictionary for designers and administrators: find sub-items by
// volume, level, case type, department and text; edit one; see every version with who changed
// what; export and import the whole dictionary.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { apiJson } from '../api.js';
import { t } from '../i18n/index.js';
import { ImportExport } from './ImportExport.js';
import { SubItemEditor } from './SubItemEditor.js';
import { VersionHistory } from './VersionHistory.js';
import { NO_FILTERS, subItemsPath, type ChangeResult, type DictionaryOverview, type SubItemBrief, type SubItemFilters } from './dictionary-api.js';
import './dictionary.css';

type Tab = 'items' | 'versions' | 'transfer';
const d = t.dictionary;

export function DictionaryPage() {
  const [tab, setTab] = useState<Tab>('items');
  const [version, setVersion] = useState<number | undefined>();
  const [all, setAll] = useState<readonly SubItemBrief[]>([]);
  const [filters, setFilters] = useState<SubItemFilters>(NO_FILTERS);
  const [items, setItems] = useState<readonly SubItemBrief[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [selected, setSelected] = useState<string | undefined>();

  const refresh = useCallback(() => {
    apiJson<DictionaryOverview>('GET', '/dictionary', '读取受理事典')
      .then((o) => setVersion(o.version))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
    apiJson<SubItemBrief[]>('GET', '/dictionary/sub-items', '读取业务办理项')
      .then(setAll)
      .catch(() => undefined); // only feeds the department and flow choices
  }, []);
  useEffect(refresh, [refresh]);

  // The list follows the filters (the api filters); typing waits a moment before asking.
  useEffect(() => {
    let alive = true;
    const timer = setTimeout(() => {
      apiJson<SubItemBrief[]>('GET', subItemsPath(filters), '读取业务办理项')
        .then((list) => {
          if (!alive) return;
          setItems(list);
          setError(undefined);
        })
        .catch((e: unknown) => alive && setError(e instanceof Error ? e.message : String(e)));
    }, 200);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [filters, version]);

  const departments = useMemo(() => [...new Map(all.map((s) => [s.department, s.departmentName])).entries()].sort((a, b) => a[1].localeCompare(b[1], 'zh-CN')), [all]);
  const processIds = useMemo(() => [...new Set(all.map((s) => s.process.bpmnProcessId))].sort(), [all]);

  const changed = (result: ChangeResult) => {
    if (result.created) refresh();
  };
  const filter = (key: keyof SubItemFilters) => (value: string) => setFilters((f) => ({ ...f, [key]: value }));

  return (
    <section className="dictionary-page">
      <header className="dictionary-head">
        <h1>{d.title}</h1>
        {version !== undefined && <span className="muted" data-testid="dictionary-version">{d.version(version)}</span>}
        <nav className="tabs" role="tablist">
          {(['items', 'versions', 'transfer'] as const).map((k) => (
            <button key={k} type="button" role="tab" aria-selected={tab === k} className={tab === k ? 'active' : ''} onClick={() => setTab(k)}>
              {d.tabs[k]}
            </button>
          ))}
        </nav>
      </header>
      {error && (
        <p className="error banner" role="alert">
          {d.loadFailed(error)}
        </p>
      )}

      {tab === 'items' && (
        <div className="dictionary-main">
          <div className="dictionary-list">
            <div className="filters">
              <FilterSelect label={d.filters.volume} value={filters.volume} onChange={filter('volume')} options={Object.entries(d.volumes)} />
              <FilterSelect label={d.filters.level} value={filters.level} onChange={filter('level')} options={Object.entries(d.levels)} />
              <FilterSelect label={d.filters.caseType} value={filters.caseType} onChange={filter('caseType')} options={Object.entries(d.caseTypes)} />
              <FilterSelect label={d.filters.department} value={filters.department} onChange={filter('department')} options={departments} />
              <label className="filter text">
                {d.filters.text}
                <input type="search" value={filters.q} placeholder={d.filters.textPlaceholder} onChange={(e) => filter('q')(e.target.value)} />
              </label>
            </div>
            <div className="muted small count">{items ? d.count(items.length) : t.loading}</div>
            <div className="table-scroll">
              <table className="subitems">
                <thead>
                  <tr>
                    <th>{d.columns.code}</th>
                    <th>{d.columns.name}</th>
                    <th>{d.columns.caseType}</th>
                    <th>{d.columns.limits}</th>
                  </tr>
                </thead>
                <tbody>
                  {(items ?? []).map((s) => (
                    <tr key={s.code} className={selected === s.code ? 'selected' : ''} onClick={() => setSelected(s.code)} data-code={s.code}>
                      <td className="code">{s.code}</td>
                      <td>
                        <button type="button" className="link row-link" onClick={() => setSelected(s.code)}>
                          {s.name}
                        </button>
                        <div className="muted small">
                          {s.departmentName} · {s.levels.map((l) => d.levels[l] ?? l).join('、')}
                        </div>
                      </td>
                      <td>{d.caseTypes[s.caseType] ?? s.caseType}</td>
                      <td className="nowrap">{d.days(s.legalDays, s.committedDays)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {items && items.length === 0 && <p className="muted">{d.none}</p>}
            </div>
          </div>
          <div className="dictionary-editor">
            {selected ? <SubItemEditor key={selected} code={selected} baseVersion={version} processIds={processIds} onSaved={changed} /> : <p className="muted">{d.pick}</p>}
          </div>
        </div>
      )}
      {tab === 'versions' && (
        <div className="dictionary-pane">
          <VersionHistory current={version} />
        </div>
      )}
      {tab === 'transfer' && (
        <div className="dictionary-pane">
          <ImportExport baseVersion={version} onImported={changed} />
        </div>
      )}
    </section>
  );
}

function FilterSelect({ label, value, options, onChange }: { readonly label: string; readonly value: string; readonly options: readonly (readonly [string, string])[]; readonly onChange: (value: string) => void }) {
  return (
    <label className="filter">
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{d.filters.all}</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}
