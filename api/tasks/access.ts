// Who may do what with a task (Tasklist's rules, as the hall uses them):
// - a candidate is someone in one of the task's candidate groups, named in its candidate users,
//   or the person the model assigned it to (会签: assignee = the countersigner);
// - the holder (claimed_by) works it; a candidate completing an unclaimed task claims it on the way;
// - a supervisor (督办) sees every task, reassigns and urges, but does not do the work;
// - town staff (镇街分中心) see only their own unit's cases (县镇同权): a task whose case row says
//   another unit is not theirs. A task without a case row (a complaint with no case) is judged by
//   its groups alone.
import type { Staff } from '../auth/roles.js';
import { forbidden } from '../http/errors.js';
import type { TaskRow } from './task-store.js';

export function isSupervisor(staff: Staff): boolean {
  return staff.roles.includes('supervisor');
}

export function isCandidate(staff: Pick<Staff, 'username' | 'groups'>, task: Pick<TaskRow, 'candidateGroups' | 'candidateUsers' | 'assignee'>): boolean {
  return (
    task.candidateGroups.some((g) => staff.groups.includes(g)) ||
    task.candidateUsers.includes(staff.username) ||
    task.assignee === staff.username
  );
}

/** Whether the task has anyone besides the model's assignee to go back to (a pool to unclaim into). */
export function hasPool(task: Pick<TaskRow, 'candidateGroups' | 'candidateUsers'>): boolean {
  return task.candidateGroups.length > 0 || task.candidateUsers.length > 0;
}

/** Throws 403 unless `staff` may see the task (its case's unit is `caseOrgUnit` when the app has the case). */
export function assertMaySee(staff: Staff, task: TaskRow, caseOrgUnit: string | null): void {
  if (staff.orgLevel === 'town' && caseOrgUnit !== null && caseOrgUnit !== staff.orgUnit) {
    throw forbidden(`任务 ${task.jobKey} 属于其他机构的办件，${staff.orgUnit} 的工作人员无权查看`);
  }
  if (isSupervisor(staff) || isCandidate(staff, task) || task.claimedBy === staff.username || task.completedBy === staff.username) return;
  throw forbidden(`任务 ${task.jobKey}（${task.name}）不在您的任务范围内`);
}
