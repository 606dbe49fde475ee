// A task as the task list shows it: the list row and the full view, with their schemas for the
// OpenAPI document.
import { z } from 'zod';
import { CASE_STATUS_LABELS, CASE_STATUSES, type CaseStatus } from '../../db/app/case-status.js';
import { taskClock, dateVariable, type TaskClock } from './clock.js';
import type { TaskRow } from './task-store.js';

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

export const TASK_STATES = ['created', 'completed', 'canceled'] as const;

export const ClockView = z.object({
  clock: z.enum(['normal', 'yellow', 'red']).describe('normal 正常 / yellow 黄牌（临近承诺时限）/ red 红牌（已超承诺时限）'),
  suspended: z.boolean().describe('中止计时（补正中）：时限不计算'),
  yellowAt: z.string().nullable(),
  committedDueAt: z.string().nullable(),
  legalDueAt: z.string().nullable(),
  workingDaysLeft: z.number().int().nullable().describe('距承诺办结时限的工作日数（当天为 0，逾期为负）'),
  estimated: z.boolean().describe('时限或剩余工作日跨入尚无官方节假日安排的年份，仅按周末推算（预计）'),
});

export const TaskItem = z.object({
  key: z.string().describe('任务编号（作业 key）'),
  name: z.string(),
  elementId: z.string(),
  bpmnProcessId: z.string(),
  processInstanceKey: z.string(),
  caseNo: z.string().nullable(),
  subItemCode: z.string().nullable(),
  applicantName: z.string().nullable(),
  orgUnit: z.string().nullable(),
  candidateGroups: z.array(z.string()),
  candidateUsers: z.array(z.string()),
  assignee: z.string().nullable().describe('当前办理人（认领、改派后）'),
  dueAt: z.string().nullable(),
  formKey: z.string().nullable(),
  state: z.enum(TASK_STATES),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
  completedBy: z.string().nullable(),
  opinion: z.string().nullable(),
  cancelReason: z.string().nullable().describe('withdrawn 流程已撤回此任务 / sent-back 已退回'),
  urgeCount: z.number().int(),
  clock: z.enum(['normal', 'yellow', 'red']).nullable(),
});
export type TaskItem = z.input<typeof TaskItem>;

/** The columns a list row and the full view join from app.cases (null when the app has no case row). */
export interface CaseColumns {
  readonly caseSubItemCode: string | null;
  readonly caseApplicantName: string | null;
  readonly caseOrgUnit: string | null;
  readonly caseStatus: string | null;
  readonly caseYellowAt: Date | null;
  readonly caseCommittedDueAt: Date | null;
  readonly caseLegalDueAt: Date | null;
  /** app.cases.deadlines_estimated: the worker counted the due dates weekends-only (null without a case row). */
  readonly caseDeadlinesEstimated: boolean | null;
  readonly urgeCount: number;
}

export function clockOf(task: TaskRow, row: CaseColumns, now: Date): TaskClock | null {
  if (task.state !== 'created') return null;
  const hasCase = row.caseStatus !== null;
  return taskClock({
    yellowAt: hasCase ? row.caseYellowAt : dateVariable(task.variables['yellowAt']),
    committedDueAt: hasCase ? row.caseCommittedDueAt : dateVariable(task.variables['committedDueAt']),
    legalDueAt: hasCase ? row.caseLegalDueAt : dateVariable(task.variables['legalDueAt']),
    suspended: row.caseStatus === 'suspended',
    deadlinesEstimated: row.caseDeadlinesEstimated === true,
    now,
  });
}

export function taskItem(task: TaskRow, row: CaseColumns, now: Date): TaskItem {
  const subItem = task.variables['subItemCode'];
  const applicant = task.variables['applicant'] as { name?: unknown } | null | undefined;
  return {
    key: task.jobKey,
    name: task.name,
    elementId: task.elementId,
    bpmnProcessId: task.bpmnProcessId,
    processInstanceKey: task.processInstanceKey,
    caseNo: task.caseNo,
    subItemCode: row.caseSubItemCode ?? (typeof subItem === 'string' ? subItem : null),
    applicantName: row.caseApplicantName ?? (typeof applicant?.name === 'string' ? applicant.name : null),
    orgUnit: row.caseOrgUnit,
    candidateGroups: task.candidateGroups,
    candidateUsers: task.candidateUsers,
    assignee: task.claimedBy,
    dueAt: iso(task.dueAt),
    formKey: task.formKey,
    state: task.state,
    createdAt: task.createdAt.toISOString(),
    completedAt: iso(task.completedAt),
    completedBy: task.completedBy,
    opinion: task.opinion,
    cancelReason: task.cancelReason,
    urgeCount: row.urgeCount,
    clock: clockOf(task, row, now)?.clock ?? null,
  };
}

export const CaseSummary = z.object({
  caseNo: z.string(),
  subItemCode: z.string(),
  applicantName: z.string(),
  applicantKind: z.string(),
  orgUnit: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  acceptedAt: z.string().nullable(),
  warning: z.string().nullable(),
});

export interface CaseRow {
  readonly caseNo: string;
  readonly subItemCode: string;
  readonly applicantName: string;
  readonly applicantKind: string;
  readonly orgUnit: string;
  readonly status: string;
  readonly acceptedAt: Date | null;
  readonly warning: string | null;
}

export function caseSummary(row: CaseRow): z.input<typeof CaseSummary> {
  const label = (CASE_STATUSES as readonly string[]).includes(row.status) ? CASE_STATUS_LABELS[row.status as CaseStatus] : row.status;
  return { ...row, statusLabel: label, acceptedAt: iso(row.acceptedAt) };
}

const CountersignDepartment = {
  department: z.string().describe('会签部门标识（即候选组，departments.json）'),
  departmentName: z.string().describe('会签部门名称'),
};

export const Signature = z.object({
  ...CountersignDepartment,
  signer: z.string().describe('代表本部门签署的工作人员（用户名）'),
  signerName: z.string().nullable(),
  decision: z.string().nullable(),
  opinion: z.string().nullable(),
  signedAt: z.string(),
});

export const CountersignWaiting = z.object({
  ...CountersignDepartment,
  claimedBy: z.string().nullable().describe('本部门已认领此任务的工作人员（未认领为 null）'),
  claimedByName: z.string().nullable(),
});

export const TaskDetail = TaskItem.extend({
  modelAssignee: z.string().nullable().describe('流程模型直接指定的办理人（如有；会签按部门候选组，不指定到人）'),
  followUpAt: z.string().nullable(),
  variables: z.record(z.string(), z.unknown()),
  outcome: z.record(z.string(), z.unknown()).nullable(),
  canceledAt: z.string().nullable(),
  case: CaseSummary.nullable(),
  legalClock: ClockView.nullable(),
  urges: z.array(z.object({ by: z.string(), reason: z.string(), at: z.string() })),
  countersign: z
    .object({
      mode: z.enum(['countersign', 'anySign']),
      signed: z.array(Signature).describe('已签署的部门：谁代表部门签署、意见如何'),
      pending: z.array(CountersignWaiting).describe('尚未签署的部门'),
      withdrawn: z.array(CountersignWaiting).describe('或签已由其他部门签署而撤回的部门'),
    })
    .nullable()
    .describe('会签 / 或签（按部门）：哪些部门已签署（由谁签署）、哪些未签、哪些已撤回'),
  sentBack: z.object({ from: z.string(), by: z.string().nullable(), reason: z.string().nullable(), at: z.string() }).nullable().describe('本环节是被退回的：从哪个环节、谁、为什么'),
  canClaim: z.boolean(),
  canComplete: z.boolean(),
});
export type TaskDetail = z.input<typeof TaskDetail>;
