// 退回 (send back to the earlier step, with a reason) and 转办 (reassign to another candidate, with
// a reason). A supervisor picks from the staff list (GET /staff is theirs); everyone else types
// the user name. The api decides who may do what; its answer is shown as it is.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { t } from '../i18n/index.js';
import { formErrors, messagesFor, NO_ERRORS, type FormErrors } from './field-errors.js';
import { reassignTask, sendBackTask, staffList, type StaffRow, type TaskDetail } from './tasks-api.js';

type Open = 'none' | 'send-back' | 'reassign';

export function TaskActions({ task, canPickStaff, onDone }: { readonly task: TaskDetail; readonly canPickStaff: boolean; readonly onDone: (task: TaskDetail) => void }) {
  const [open, setOpen] = useState<Open>('none');
  return (
    <div className="task-actions">
      <div className="buttons">
        <button type="button" onClick={() => setOpen(open === 'send-back' ? 'none' : 'send-back')} aria-expanded={open === 'send-back'}>
          {t.tasks.sendBack}
        </button>
        <button type="button" onClick={() => setOpen(open === 'reassign' ? 'none' : 'reassign')} aria-expanded={open === 'reassign'}>
          {t.tasks.reassign}
        </button>
      </div>
      {open === 'send-back' && <SendBack task={task} onDone={onDone} onCancel={() => setOpen('none')} />}
      {open === 'reassign' && <Reassign task={task} canPickStaff={canPickStaff} onDone={onDone} onCancel={() => setOpen('none')} />}
    </div>
  );
}

function useAction(fields: readonly string[]) {
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const run = async (call: () => Promise<TaskDetail>, onDone: (task: TaskDetail) => void) => {
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      onDone(await call());
    } catch (error) {
      setErrors(formErrors(error, fields));
    } finally {
      setBusy(false);
    }
  };
  return { errors, busy, run };
}

function Errors({ messages }: { readonly messages: readonly string[] }) {
  if (messages.length === 0) return null;
  return (
    <div className="field-error" role="alert">
      {messages.map((m) => (
        <p key={m}>{m}</p>
      ))}
    </div>
  );
}

function SendBack({ task, onDone, onCancel }: { readonly task: TaskDetail; readonly onDone: (task: TaskDetail) => void; readonly onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const { errors, busy, run } = useAction(['reason']);
  const id = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(() => sendBackTask(task.key, reason), onDone);
  };
  return (
    <form className="action-panel" onSubmit={submit} aria-label={t.tasks.sendBack} noValidate>
      <label htmlFor={id}>{t.tasks.sendBackReason}</label>
      <textarea id={id} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
      <Errors messages={messagesFor(errors, 'reason')} />
      <Errors messages={errors.general} />
      <div className="buttons">
        <button type="submit" className="primary" disabled={busy}>
          {t.tasks.sendBackConfirm}
        </button>
        <button type="button" onClick={onCancel}>
          {t.tasks.cancel}
        </button>
      </div>
    </form>
  );
}

/** Whether a staff member could take the task: in one of its groups or named on it. */
function candidate(person: StaffRow, task: TaskDetail): boolean {
  if (task.candidateGroups.length === 0 && task.candidateUsers.length === 0) return true;
  return person.groups.some((g) => task.candidateGroups.includes(g)) || task.candidateUsers.includes(person.username);
}

function Reassign({ task, canPickStaff, onDone, onCancel }: { readonly task: TaskDetail; readonly canPickStaff: boolean; readonly onDone: (task: TaskDetail) => void; readonly onCancel: () => void }) {
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [people, setPeople] = useState<readonly StaffRow[]>([]);
  const { errors, busy, run } = useAction(['to', 'reason']);
  const toId = useId();
  const reasonId = useId();
  useEffect(() => {
    if (!canPickStaff) return;
    let alive = true;
    // Without the list the person can still type a user name.
    staffList()
      .then((list) => alive && setPeople(list.filter((p) => p.active && p.username !== task.assignee && candidate(p, task))))
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, [canPickStaff, task]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(() => reassignTask(task.key, to, reason), onDone);
  };
  return (
    <form className="action-panel" onSubmit={submit} aria-label={t.tasks.reassign} noValidate>
      <label htmlFor={toId}>{t.tasks.reassignTo}</label>
      {people.length > 0 ? (
        <select id={toId} value={to} onChange={(e) => setTo(e.target.value)}>
          <option value="">—</option>
          {people.map((p) => (
            <option key={p.username} value={p.username}>
              {p.name}（{p.username}）
            </option>
          ))}
        </select>
      ) : (
        <input id={toId} value={to} placeholder={t.tasks.typeUsername} onChange={(e) => setTo(e.target.value)} />
      )}
      <Errors messages={messagesFor(errors, 'to')} />
      <label htmlFor={reasonId}>{t.tasks.reassignReason}</label>
      <textarea id={reasonId} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
      <Errors messages={messagesFor(errors, 'reason')} />
      <Errors messages={errors.general} />
      <div className="buttons">
        <button type="submit" className="primary" disabled={busy}>
          {t.tasks.reassignConfirm}
        </button>
        <button type="button" onClick={onCancel}>
          {t.tasks.cancel}
        </button>
      </div>
    </form>
  );
}
