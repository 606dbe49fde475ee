// Who may do what with a task (Tasklist's rules, as the hall uses them):
// - a candidate is someone in one of the task's candidate groups, named in its candidate users,
//   or the person the model assigned it to (a designer's step may name one; 会签 is by department:
//   its task's one group is the countersigning department, so only that department's people sign);
// - the holder (claimed_by) works it; a candidate completing an unclaimed task claims it on the way;
// - a supervisor (督办) sees every task, reassigns and urges, but does not do the work;
// - town staff (镇街分中心) see only their own unit's cases (县镇同权): a task whose case row says
//   another unit is not theirs. A task without a case row (a complaint with no case) is judged by
//   its groups alone.
import type { Staff } from '../auth/roles.js';
import { forbidden } from '../http/errors.js';
import { groupList, type GroupName } from './group-names.js';
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
export function assertMaySee(staff: Staff, task: TaskRow, caseOrgUnit: string | null, groupName: GroupName = (id) => id): void {
  if (staff.orgLevel === 'town' && caseOrgUnit !== null && caseOrgUnit !== staff.orgUnit) {
    throw forbidden(`任务 ${task.jobKey} 属于其他机构的办件，${staff.orgUnit} 的工作人员无权查看`);
  }
  if (isSupervisor(staff) || isCandidate(staff, task) || task.claimedBy === staff.username || task.completedBy === staff.username) return;
  throw forbidden(`任务 ${task.jobKey}（${task.name}）${notYours(staff, task, groupName)}`);
}

/** Why a task is not someone's: whose it is instead (会签: which department signs it). */
export function notYours(staff: Pick<Staff, 'groups'>, task: Pick<TaskRow, 'candidateGroups' | 'candidateUsers' | 'assignee'>, groupName: GroupName): string {
  const yours = `您所在的组：${groupList(staff.groups, groupName)}`;
  if (task.candidateGroups.length > 0) return `由 ${groupList(task.candidateGroups, groupName)} 办理，不在您的任务范围内（${yours}）`;
  const people = [...task.candidateUsers, ...(task.assignee ? [task.assignee] : [])];
  return people.length > 0 ? `指定由 ${people.join('、')} 办理，不在您的任务范围内` : '不在您的任务范围内';
}
