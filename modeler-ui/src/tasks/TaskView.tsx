// One task: what it is and whose it is, the legal clock, the case with its materials and the
// enterprise's history, who has signed a 会签, and — for the person who may work it — the form
// and the actions (提交 / 退回 / 转办), claim and unclaim.
import { useCallback, useEffect, useState } from 'react';
import { t } from '../i18n/index.js';
import { CasePanel } from './CasePanel.js';
import { ClockBadge } from './ClockBadge.js';
import { dateTime } from './format.js';
import { TaskActions } from './TaskActions.js';
import { TaskForm } from './TaskForm.js';
import { claimTask, getTask, unclaimTask, type Awaiting, type TaskDetail } from './tasks-api.js';

type State = { readonly kind: 'loading' } | { readonly kind: 'ready'; readonly task: TaskDetail } | { readonly kind: 'failed'; readonly message: string };

export interface TaskViewProps {
  readonly taskKey: string;
  readonly username: string;
  readonly supervisor: boolean;
  /** Something changed (claimed, completed …): the inbox reloads its lists and counts. */
  readonly onChanged: () => void;
}

export function TaskView({ taskKey, username, supervisor, onChanged }: TaskViewProps) {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [actionError, setActionError] = useState<string | undefined>();

  useEffect(() => {
    let alive = true;
    setState({ kind: 'loading' });
    setActionError(undefined);
    getTask(taskKey)
      .then((task) => alive && setState({ kind: 'ready', task }))
      .catch((error: unknown) => alive && setState({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }));
    return () => {
      alive = false;
    };
  }, [taskKey]);

  const changed = useCallback(
    (task: TaskDetail) => {
      setState({ kind: 'ready', task });
      setActionError(undefined);
      onChanged();
    },
    [onChanged],
  );

  const act = async (call: () => Promise<TaskDetail>) => {
    setActionError(undefined);
    try {
      changed(await call());
    } catch (error) {
      setActionError(error instanceof Error ? error.message : String(error));
    }
  };

  if (state.kind === 'loading') return <p className="muted pad">{t.tasks.loadingTask}</p>;
  if (state.kind === 'failed')
    return (
      <p className="error pad" role="alert">
        {t.tasks.taskFailed(state.message)}
      </p>
    );
  const { task } = state;
  const open = task.state === 'created';
  const mine = task.assignee === username;
  return (
    <article className="task-view" aria-label={task.name}>
      <header className="task-head">
        <div>
          <h2>{task.name}</h2>
          <div className="muted small">
            {task.caseNo ?? '—'} · {task.assignee ? t.tasks.claimedBy(task.assignee) : t.tasks.unclaimed} · {t.tasks.due} {dateTime(task.dueAt)}
          </div>
        </div>
        <div className="spacer" />
        {task.legalClock && <ClockBadge clock={task.legalClock} />}
        {open && task.canClaim && (
          <button type="button" className="primary" onClick={() => void act(() => claimTask(task.key))}>
            {t.tasks.claim}
          </button>
        )}
        {open && task.assignee !== null && (mine || supervisor) && (
          <button type="button" onClick={() => void act(() => unclaimTask(task.key))}>
            {t.tasks.unclaim}
          </button>
        )}
      </header>
      {actionError && (
        <p className="error banner" role="alert">
          {actionError}
        </p>
      )}
      <div className="task-body">
        {/* Keyed by the task's state: once it is completed the case is read again (its status moved on). */}
        <div className="task-case">{task.caseNo ? <CasePanel key={task.state} caseNo={task.caseNo} /> : <p className="muted">{t.tasks.noCase}</p>}</div>
        <div className="task-work">
          {task.sentBack && (
            <p className="notice">{t.tasks.sentBack(task.sentBack.from, task.sentBack.by ?? '', task.sentBack.reason ?? '')}</p>
          )}
          {task.urges.length > 0 && (
            <section className="card">
              <h3>{t.tasks.urges}</h3>
              <ul className="plain">
                {task.urges.map((u) => (
                  <li key={`${u.at}-${u.by}`}>
                    {u.by}：{u.reason} <span className="muted small">{dateTime(u.at)}</span>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {task.countersign && <Countersign countersign={task.countersign} />}
          {!open && (
            <section className="card" data-testid="task-closed">
              <p>{t.tasks.notOpen[task.state]}</p>
              {task.completedBy && <p className="muted small">{t.tasks.completedBy(task.completedBy, dateTime(task.completedAt))}</p>}
              {task.opinion && (
                <p>
                  {t.tasks.opinion}：{task.opinion}
                </p>
              )}
            </section>
          )}
          {open && !task.canComplete && task.assignee && task.assignee !== username && <p className="notice">{t.tasks.claimedByOther(task.assignee)}</p>}
          {open && task.canComplete && (
            <section className="card">
              <h3>{t.tasks.form}</h3>
              <TaskForm key={task.key} task={task} onDone={changed} />
            </section>
          )}
          {open && (task.canComplete || supervisor) && <TaskActions task={task} canPickStaff={supervisor} onDone={changed} />}
        </div>
      </div>
    </article>
  );
}

function Countersign({ countersign }: { readonly countersign: NonNullable<TaskDetail['countersign']> }) {
  const names = (list: readonly Awaiting[]) =>
    list.length ? list.map((d) => (d.claimedBy ? `${d.departmentName}（${d.claimedByName ?? d.claimedBy}）` : d.departmentName)).join('、') : t.tasks.nobody;
  return (
    <section className="card" data-testid="countersign">
      <h3>{countersign.mode === 'anySign' ? t.tasks.anySign : t.tasks.countersign}</h3>
      <table className="signatures">
        <tbody>
          {countersign.signed.map((s) => (
            <tr key={`${s.department}-${s.signedAt}`}>
              <td>{s.departmentName}</td>
              <td>{s.signerName ?? s.signer}</td>
              <td>{s.decision ? (t.tasks.decisions[s.decision] ?? s.decision) : ''}</td>
              <td>{s.opinion}</td>
              <td className="muted small">{dateTime(s.signedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="small">
        {t.tasks.signed}：{countersign.signed.length} · {t.tasks.pending}：{names(countersign.pending)}
        {countersign.withdrawn.length > 0 && ` · ${t.tasks.withdrawnSigners}：${names(countersign.withdrawn)}`}
      </p>
    </section>
  );
}
