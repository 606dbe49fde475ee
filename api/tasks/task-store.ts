// app.tasks: reading and writing the inbox's rows. The job key is the task's key everywhere.
import type { Sql, TransactionSql } from 'postgres';
import { audit } from '../audit.js';
import type { TaskHeaders } from './job-headers.js';

export type TaskState = 'created' | 'completed' | 'canceled';

/** Which job a task is and where in which process it waits: what the gateway says and the row keeps. */
export interface TaskIdentity {
  readonly jobKey: string;
  readonly processInstanceKey: string;
  readonly elementInstanceKey: string;
  readonly bpmnProcessId: string;
  readonly processDefinitionKey: string;
  readonly elementId: string;
  readonly name: string;
}

/** An app.tasks row: the job's identity and headers as recorded, and what the inbox did with it. */
export interface TaskRow extends TaskIdentity, TaskHeaders {
  readonly caseNo: string | null;
  readonly variables: Record<string, unknown>;
  readonly retries: number;
  readonly state: TaskState;
  readonly claimedBy: string | null;
  readonly createdAt: Date;
  readonly completedAt: Date | null;
  readonly completedBy: string | null;
  readonly opinion: string | null;
  readonly outcome: Record<string, unknown> | null;
  readonly canceledAt: Date | null;
  readonly cancelReason: string | null;
  readonly sentBackTo: string | null;
  readonly sentBackBy: string | null;
  readonly sentBackReason: string | null;
  readonly checkedAt: Date;
}

type Db = Sql | TransactionSql;

/** The columns of a TaskRow, qualified with `alias` (for joins). */
export function taskColumns(sql: Db, alias = 'task'): ReturnType<Sql['unsafe']> {
  const a = alias;
  return sql.unsafe(`${a}.job_key as "jobKey", ${a}.process_instance_key as "processInstanceKey", ${a}.element_instance_key as "elementInstanceKey",
    ${a}.bpmn_process_id as "bpmnProcessId", ${a}.process_definition_key as "processDefinitionKey", ${a}.element_id as "elementId", ${a}.name,
    ${a}.case_no as "caseNo", ${a}.candidate_groups as "candidateGroups", ${a}.candidate_users as "candidateUsers", ${a}.assignee,
    ${a}.due_at as "dueAt", ${a}.follow_up_at as "followUpAt", ${a}.form_key as "formKey", ${a}.variables, ${a}.retries, ${a}.state,
    ${a}.claimed_by as "claimedBy", ${a}.created_at as "createdAt", ${a}.completed_at as "completedAt", ${a}.completed_by as "completedBy",
    ${a}.opinion, ${a}.outcome, ${a}.canceled_at as "canceledAt", ${a}.cancel_reason as "cancelReason", ${a}.sent_back_to as "sentBackTo", ${a}.sent_back_by as "sentBackBy",
    ${a}.sent_back_reason as "sentBackReason", ${a}.checked_at as "checkedAt"`);
}

export async function findTask(sql: Db, jobKey: string, forUpdate = false): Promise<TaskRow | undefined> {
  const rows = forUpdate
    ? await sql<TaskRow[]>`select ${taskColumns(sql)} from app.tasks task where job_key = ${jobKey} for update`
    : await sql<TaskRow[]>`select ${taskColumns(sql)} from app.tasks task where job_key = ${jobKey}`;
  return rows[0];
}

/** A user-task job as the gateway handed it over. */
export interface ActivatedUserTask extends TaskIdentity {
  readonly headers: TaskHeaders;
  readonly variables: Record<string, unknown>;
  readonly retries: number;
  readonly deadline: Date | null;
}

/**
 * Records an activated job as a task. A job activated again (its long timeout ran out, or another
 * api process took it) keeps its row: who holds it, its urges and history stay. Returns whether
 * the task is new.
 */
export async function recordActivation(sql: Db, job: ActivatedUserTask, now: Date): Promise<boolean> {
  const caseNo = typeof job.variables['caseNo'] === 'string' ? job.variables['caseNo'] : null;
  const h = job.headers;
  const variables = job.variables as Parameters<Sql['json']>[0];
  const rows = await sql<{ inserted: boolean }[]>`
    insert into app.tasks (job_key, process_instance_key, element_instance_key, bpmn_process_id, process_definition_key, element_id, name,
      case_no, candidate_groups, candidate_users, assignee, due_at, follow_up_at, form_key, variables, retries, deadline, state, claimed_by,
      created_at, checked_at)
    values (${job.jobKey}, ${job.processInstanceKey}, ${job.elementInstanceKey}, ${job.bpmnProcessId}, ${job.processDefinitionKey}, ${job.elementId},
      ${job.name}, ${caseNo}, ${h.candidateGroups}, ${h.candidateUsers}, ${h.assignee}, ${h.dueAt}, ${h.followUpAt}, ${h.formKey},
      ${sql.json(variables)}, ${job.retries}, ${job.deadline}, 'created', ${h.assignee}, ${now}, ${now})
    on conflict (job_key) do update set
      deadline = excluded.deadline, retries = excluded.retries, variables = excluded.variables, checked_at = excluded.checked_at,
      -- a job the reconciliation wrongly took for gone is back: the task returns to the inbox
      state = case when app.tasks.state = 'canceled' and app.tasks.cancel_reason = 'withdrawn' then 'created' else app.tasks.state end,
      canceled_at = case when app.tasks.state = 'canceled' and app.tasks.cancel_reason = 'withdrawn' then null else app.tasks.canceled_at end,
      cancel_reason = case when app.tasks.state = 'canceled' and app.tasks.cancel_reason = 'withdrawn' then null else app.tasks.cancel_reason end
    returning (xmax = 0) as inserted`;
  return rows[0]?.inserted ?? false;
}

/**
 * The engine no longer has the job: the task leaves the inbox as canceled. Only an open task
 * changes; a completion that committed first wins.
 */
export async function markWithdrawn(sql: Db, jobKey: string, now: Date, why: string): Promise<boolean> {
  const rows = await sql`update app.tasks set state = 'canceled', canceled_at = ${now}, cancel_reason = 'withdrawn'
    where job_key = ${jobKey} and state = 'created' returning job_key`;
  if (rows.length === 0) return false;
  await audit(sql, { actor: 'engine', action: 'task.withdrawn', subjectType: 'task', subjectId: jobKey, reason: why }, now);
  return true;
}

export async function markChecked(sql: Db, jobKeys: readonly string[], now: Date): Promise<void> {
  if (jobKeys.length === 0) return;
  await sql`update app.tasks set checked_at = ${now} where job_key in ${sql(jobKeys)}`;
}

/** Open tasks the engine has not been asked about since `before`, oldest check first. */
export async function tasksToCheck(sql: Db, before: Date, limit: number): Promise<{ jobKey: string; retries: number }[]> {
  return sql<{ jobKey: string; retries: number }[]>`select job_key as "jobKey", retries from app.tasks
    where state = 'created' and checked_at < ${before} order by checked_at limit ${limit}`;
}

/** The open tasks of one process instance (other than `except`). */
export async function openTasksOfInstance(sql: Db, processInstanceKey: string, except?: string): Promise<{ jobKey: string; retries: number }[]> {
  return sql<{ jobKey: string; retries: number }[]>`select job_key as "jobKey", retries from app.tasks
    where state = 'created' and process_instance_key = ${processInstanceKey} and job_key <> ${except ?? ''}`;
}
