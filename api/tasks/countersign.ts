// 会签 / 或签 in the task list. The commitment flow gives every countersigning department one task
// (candidateGroups = [countersigner], processes/README.md "会签 / 或签"); a person of that
// department claims it and signs for the department. Here: which department a task is, the
// signature as the flow receives it (the department and the person stamped on by the inbox, never
// taken from the body), and the round as a task shows it — per department, who signed and how,
// which departments are still to sign, which were withdrawn.
import type { Sql } from 'postgres';
import type { Completion } from './forms.js';
import type { GroupName } from './group-names.js';
import { taskColumns, type TaskRow } from './task-store.js';
import type { TaskDetail } from './views.js';

export const COUNTERSIGN_FORM = 'onewindow:countersign';

/** The department a 会签 task is for: its multi-instance element `countersigner`, else its one group. */
export function countersignDepartment(task: Pick<TaskRow, 'variables' | 'candidateGroups'>): string {
  const element = task.variables['countersigner'];
  return typeof element === 'string' && element !== '' ? element : (task.candidateGroups[0] ?? '');
}

/** A 会签 completion carries the department it signs for, next to the signer forms.ts set. */
export function stampDepartment(task: Pick<TaskRow, 'formKey' | 'variables' | 'candidateGroups'>, completion: Completion): Completion {
  if (task.formKey !== COUNTERSIGN_FORM) return completion;
  const signature = completion.variables['signature'];
  if (signature === null || typeof signature !== 'object') return completion;
  return { ...completion, variables: { ...completion.variables, signature: { ...signature, department: countersignDepartment(task) } } };
}

function signatureOf(task: TaskRow): Record<string, unknown> {
  const s = task.outcome?.['signature'];
  return s !== null && typeof s === 'object' ? (s as Record<string, unknown>) : {};
}

/**
 * The round a 会签 task belongs to: the tasks of the same multi-instance — same element in the same
 * instance, activated together (a parallel multi-instance activates all its tasks at once; a later
 * round after a supplement is days apart, hence the window).
 */
export async function countersignRound(sql: Sql, task: TaskRow, groupName: GroupName): Promise<NonNullable<TaskDetail['countersign']>> {
  const round = await sql<TaskRow[]>`select ${taskColumns(sql)} from app.tasks task
    where process_instance_key = ${task.processInstanceKey} and element_id = ${task.elementId}
      and created_at between ${new Date(task.createdAt.getTime() - 10 * 60_000)} and ${new Date(task.createdAt.getTime() + 10 * 60_000)}
    order by completed_at nulls last, job_key`;
  const people = [...new Set(round.flatMap((t) => [t.completedBy, t.claimedBy]).filter((u): u is string => u !== null))];
  const names = new Map(
    people.length === 0 ? [] : (await sql<{ username: string; name: string }[]>`select username, name from app.staff where username = any(${people}::text[])`).map((r) => [r.username, r.name]),
  );
  const department = (t: TaskRow): { department: string; departmentName: string } => {
    const id = countersignDepartment(t);
    return { department: id, departmentName: groupName(id) };
  };
  const waiting = (t: TaskRow) => ({ ...department(t), claimedBy: t.claimedBy, claimedByName: t.claimedBy === null ? null : (names.get(t.claimedBy) ?? null) });
  return {
    mode: task.variables['countersignMode'] === 'anySign' ? 'anySign' : 'countersign',
    signed: round
      .filter((t) => t.state === 'completed')
      .map((t) => {
        const s = signatureOf(t);
        const signer = t.completedBy ?? '';
        return {
          ...department(t),
          signer,
          signerName: names.get(signer) ?? null,
          decision: typeof s['decision'] === 'string' ? s['decision'] : null,
          opinion: typeof s['opinion'] === 'string' ? s['opinion'] : t.opinion,
          signedAt: (t.completedAt ?? t.createdAt).toISOString(),
        };
      }),
    pending: round.filter((t) => t.state === 'created').map(waiting),
    withdrawn: round.filter((t) => t.state === 'canceled').map(waiting),
  };
}
