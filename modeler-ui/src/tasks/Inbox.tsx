// The inbox: the four lists Tasklist users know (我的待办, 我的组, 未认领, 已办) with their counts,
// filters on business fields (sub-item, due before, 企业信用代码 via var.applicant.creditCode) and
// paging. The list, filters and page live in the URL, so a reload or a shared link shows the same.
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { t } from '../i18n/index.js';
import { ClockDot } from './ClockBadge.js';
import { date, dateTime } from './format.js';
import { countTasks, LISTS, listTasks, PAGE_SIZE, type ListName, type TaskFilters, type TaskList } from './tasks-api.js';

export function readList(params: URLSearchParams): ListName {
  const list = params.get('list');
  return (LISTS as readonly string[]).includes(list ?? '') ? (list as ListName) : 'groups';
}

export function readFilters(params: URLSearchParams): TaskFilters {
  const pick = (k: string) => params.get(k)?.trim() || undefined;
  const subItemCode = pick('subItemCode');
  const dueBefore = pick('dueBefore');
  const creditCode = pick('creditCode');
  return { ...(subItemCode ? { subItemCode } : {}), ...(dueBefore ? { dueBefore } : {}), ...(creditCode ? { creditCode } : {}) };
}

type Loaded = { readonly kind: 'loading' } | { readonly kind: 'ready'; readonly list: TaskList } | { readonly kind: 'failed'; readonly message: string };

export function Inbox({ selected, reload }: { readonly selected: string | undefined; readonly reload: number }) {
  const [params, setParams] = useSearchParams();
  const list = readList(params);
  const filters = readFilters(params);
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const filterKey = JSON.stringify(filters);
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  const [counts, setCounts] = useState<Record<ListName, number> | undefined>();

  useEffect(() => {
    let alive = true;
    const f = JSON.parse(filterKey) as TaskFilters;
    listTasks(list, f, page)
      .then((value) => alive && setLoaded({ kind: 'ready', list: value }))
      .catch((error: unknown) => alive && setLoaded({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }));
    countTasks(f)
      .then((value) => alive && setCounts(value))
      .catch(() => alive && setCounts(undefined));
    return () => {
      alive = false;
    };
  }, [list, filterKey, page, reload]);

  const update = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    setParams(next);
  };

  const query = params.toString();
  const pages = loaded.kind === 'ready' ? Math.max(1, Math.ceil(loaded.list.total / PAGE_SIZE)) : 1;
  return (
    <aside className="inbox" aria-label={t.tasks.title}>
      <div className="list-tabs" role="tablist">
        {LISTS.map((name) => (
          <button key={name} type="button" role="tab" aria-selected={name === list} className={name === list ? 'active' : ''} onClick={() => update({ list: name, page: undefined })}>
            {t.tasks.lists[name]}
            {counts && <span className="count">{counts[name]}</span>}
          </button>
        ))}
      </div>
      <Filters filters={filters} onApply={(f) => update({ subItemCode: f.subItemCode, dueBefore: f.dueBefore, creditCode: f.creditCode, page: undefined })} />
      {loaded.kind === 'failed' && (
        <p className="error pad" role="alert">
          {t.tasks.loadFailed(loaded.message)}
        </p>
      )}
      {loaded.kind === 'loading' && <p className="muted pad">{t.loading}</p>}
      {loaded.kind === 'ready' && (
        <>
          {loaded.list.items.length === 0 && <p className="muted pad">{t.tasks.empty}</p>}
          <ul className="task-list" data-testid="task-list">
            {loaded.list.items.map((task) => (
              <li key={task.key} className={task.key === selected ? 'selected' : ''}>
                <Link to={`/tasks/${task.key}${query ? `?${query}` : ''}`} data-task-key={task.key}>
                  <div className="row1">
                    <ClockDot clock={task.clock} />
                    <strong>{task.name}</strong>
                    <span className="muted small">{task.caseNo ?? ''}</span>
                  </div>
                  <div className="row2 small">
                    <span>{task.applicantName ?? ''}</span>
                    <span className="muted">{task.subItemCode ?? ''}</span>
                  </div>
                  <div className="row2 small muted">
                    {list === 'done' ? (
                      <span>
                        {t.tasks.completedAt} {dateTime(task.completedAt)}
                      </span>
                    ) : (
                      <span>
                        {t.tasks.due} {date(task.dueAt)} · {task.assignee ? t.tasks.claimedBy(task.assignee) : t.tasks.unclaimed}
                      </span>
                    )}
                    {task.urgeCount > 0 && <span className="error">{t.tasks.urged(task.urgeCount)}</span>}
                  </div>
                </Link>
              </li>
            ))}
          </ul>
          <div className="pager small">
            <button type="button" disabled={page <= 1} onClick={() => update({ page: String(page - 1) })}>
              {t.tasks.previous}
            </button>
            <span className="muted">{t.tasks.page(page, pages, loaded.list.total)}</span>
            <button type="button" disabled={page >= pages} onClick={() => update({ page: String(page + 1) })}>
              {t.tasks.next}
            </button>
          </div>
        </>
      )}
    </aside>
  );
}

function Filters({ filters, onApply }: { readonly filters: TaskFilters; readonly onApply: (f: TaskFilters) => void }) {
  const [subItemCode, setSubItemCode] = useState(filters.subItemCode ?? '');
  const [dueBefore, setDueBefore] = useState(filters.dueBefore ?? '');
  const [creditCode, setCreditCode] = useState(filters.creditCode ?? '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply({ subItemCode, dueBefore, creditCode });
  };
  const clear = () => {
    setSubItemCode('');
    setDueBefore('');
    setCreditCode('');
    onApply({});
  };
  return (
    <form className="filters" onSubmit={submit} aria-label={t.tasks.filters}>
      <label>
        {t.tasks.subItemCode}
        <input value={subItemCode} onChange={(e) => setSubItemCode(e.target.value)} />
      </label>
      <label>
        {t.tasks.dueBefore}
        <input type="date" value={dueBefore} onChange={(e) => setDueBefore(e.target.value)} />
      </label>
      <label>
        {t.tasks.creditCode}
        <input value={creditCode} onChange={(e) => setCreditCode(e.target.value)} />
      </label>
      <div className="buttons">
        <button type="submit">{t.tasks.apply}</button>
        <button type="button" className="link" onClick={clear}>
          {t.tasks.clear}
        </button>
      </div>
    </form>
  );
}
