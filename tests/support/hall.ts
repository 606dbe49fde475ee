// What the api tests of several parts do in the hall the same way: put a case row straight into
// app.cases (when only its end state matters), find an open task in the task inbox, work it
// (claim and complete), and take the job a worker would take at one element of one instance.
// One copy here so that a change to the inbox or the case row is made once.
import { randomBytes } from 'node:crypto';
import type { Sql } from 'postgres';
import type { ZBClient } from 'zeebe-node';
import { expect } from 'vitest';
import type { ApiSuite, HttpClient } from './api.js';
import { activatableNow, takeJob, type ActivatedJob } from './jobs.js';
import { eventually } from './wait.js';

export interface CaseApplicant {
  readonly kind: 'person' | 'enterprise';
  readonly name: string;
  readonly phone: string;
  readonly idNumber?: string;
  readonly creditCode?: string;
}

export interface CaseRow {
  readonly caseNo: string;
  /** 个体工商户设立登记 (an instant item of the county hall) unless given. */
  readonly subItemCode?: string;
  readonly orgUnit?: string;
  readonly applicant: CaseApplicant;
  readonly status: string;
  readonly bpmnProcessId?: string;
  readonly createdBy?: string;
  readonly concludedAt?: Date | null;
  readonly decision?: string | null;
}

/**
 * Puts a case straight into app.cases, as the cases part writes it (cases are another part's;
 * tests that use this care only for the row). Returns the public token (the QR link's secret).
 */
export async function insertCase(sql: Sql, row: CaseRow): Promise<string> {
  const token = randomBytes(18).toString('base64url');
  const a = row.applicant;
  await sql`insert into app.cases (case_no, sub_item_code, org_unit, applicant, applicant_kind, applicant_name, id_number, credit_code, phone,
      status, bpmn_process_id, created_by, concluded_at, decision, public_token)
    values (${row.caseNo}, ${row.subItemCode ?? '00013112800001'}, ${row.orgUnit ?? 'county'}, ${sql.json({ ...a })}, ${a.kind}, ${a.name},
      ${a.idNumber ?? null}, ${a.creditCode ?? null}, ${a.phone}, ${row.status}, ${row.bpmnProcessId ?? 'instant-item'}, ${row.createdBy ?? 'clerk'},
      ${row.concludedAt ?? null}, ${row.decision ?? null}, ${token})`;
  return token;
}

/** A task as the inbox lists it (the fields the tests look at). */
export interface InboxTask {
  key: string;
  name: string;
  elementId: string;
  caseNo: string | null;
  processInstanceKey: string;
  dueAt: string | null;
  state: string;
  candidateGroups: string[];
}

function openGroupTask(who: HttpClient, matches: (task: InboxTask) => boolean, what: string): Promise<InboxTask> {
  return eventually(async () => {
    const r = await who.get<{ items: InboxTask[] }>('/tasks', { list: 'groups', pageSize: 200 });
    expect(r.status).toBe(200);
    return r.body.items.find((i) => matches(i) && i.state === 'created');
  }, 15_000, what);
}

/** The open task at `elementId` of instance `pi`, as `who` finds it in the lists of their groups. */
export function inboxTask(who: HttpClient, pi: string, elementId: string): Promise<InboxTask> {
  return openGroupTask(who, (i) => i.processInstanceKey === pi && i.elementId === elementId, `${elementId} of ${pi} in the inbox`);
}

/** The open task at `elementId` of the case `caseNo`, as `who` finds it in the lists of their groups. */
export function caseTask(who: HttpClient, caseNo: string, elementId: string): Promise<InboxTask> {
  return openGroupTask(who, (i) => i.caseNo === caseNo && i.elementId === elementId, `${elementId} of ${caseNo} in the inbox`);
}

/** `who` completes the task with the form's fields, through the inbox; returns the completed task. */
export async function complete(who: HttpClient, task: { key: string }, form: Record<string, unknown>): Promise<InboxTask> {
  const r = await who.post<InboxTask>(`/tasks/${task.key}/complete`, form);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

/** `who` claims the task and completes it with the form's fields, as a person at a desk does. */
export async function claimAndComplete(who: HttpClient, task: { key: string }, form: Record<string, unknown>): Promise<void> {
  const claimed = await who.post(`/tasks/${task.key}/claim`, {});
  expect(claimed.status, JSON.stringify(claimed.body)).toBe(200);
  await complete(who, task, form);
}

/**
 * Takes jobs as a worker activates them, one at a time by instance and element: jobs of the same
 * type that belong to other instances are kept for a later call instead of being lost (they stay
 * activated for the test).
 */
export function jobTaker(engine: { readonly zbc: ZBClient }): (pi: string, type: string, elementId: string) => Promise<ActivatedJob> {
  const pool: ActivatedJob[] = [];
  // engine.zbc is read at each call: the suite's engine runs only inside the file's hooks and tests.
  return (pi, type, elementId) =>
    eventually(async () => {
      pool.push(...(await activatableNow(engine.zbc, type)));
      const at = pool.findIndex((j) => j.processInstanceKey === pi && j.elementId === elementId);
      return at < 0 ? undefined : pool.splice(at, 1)[0];
    }, 5_000, `${type} job at ${elementId} of ${pi}`);
}

const FOOD = '330A0100200001'; // 食品经营许可（新办）: commitment-item, county hall

/**
 * A case stuck on an incident, the way 督办 finds one: the clerk opens a 食品经营许可（新办） for an
 * enterprise with the required materials, and its identity check (身份核验) fails with no retries
 * left (公安人口库连接超时). No workers may run in the suite: the test takes that job itself.
 */
export async function openCaseWithIncident(t: ApiSuite): Promise<{ caseNo: string; processInstanceKey: string }> {
  const subItem = t.api.api.ctx.dictionary().byCode.get(FOOD);
  if (!subItem) throw new Error(`no sub-item ${FOOD}`);
  const clerk = await t.as('clerk');
  const opened = await clerk.post<{ caseNo: string; processInstanceKey: string }>('/cases', {
    subItemCode: FOOD,
    applicant: { kind: 'enterprise', name: '青山新材料有限公司', creditCode: '91350100M000100Y43', phone: '13900002222', contact: '李经理' },
    materials: subItem.materials.filter((m) => m.necessity === 'required').map((m) => ({ name: m.name })),
  });
  if (opened.status !== 201) throw new Error(`opening the case failed: ${JSON.stringify(opened.body)}`);
  const { caseNo, processInstanceKey } = opened.body;
  const job = await takeJob(t.engine.zbc, 'ow.identity-check');
  await t.engine.zbc.failJob({ jobKey: job.key, retries: 0, errorMessage: '公安人口库连接超时', retryBackOff: 0 });
  await t.engine.activeIncident(processInstanceKey);
  return { caseNo, processInstanceKey };
}
