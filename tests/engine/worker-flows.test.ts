// The hall's flows (processes/*.bpmn, as shipped) run by the real job workers (workers/) against a
// real engine and a real app database: what the applicant and the staff would see — the case's
// status, its notices, certificate, waybill, legal-clock dates and the messages in the outbox.
// People's steps go through a small task inbox (the api's job): it activates the user-task jobs
// and completes them when the test, acting as the clerk or approver, is done.
//
// The clock: the workers read the test's clock (WorkerContext.now), the engine's timers read the
// wall clock. Cases run on the 2025 calendar vectors (domain.md §4) have deadlines that are long
// past for the engine, so their yellow/red timers fire at once — which is what the hall would see
// for a case that old — and their supplement arrives before the wait opens (a buffered message,
// correlated as the wait is entered), because the supplement deadline is past as well.
import { readFileSync } from 'node:fs';
import type { Sql } from 'postgres';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JSONDoc, ZeebeJob } from 'zeebe-node';
import { elementIds } from '../support/records.js';
import { engineSuite } from '../support/suite.js';
import { eventually } from '../support/wait.js';
import { startWorkers } from '../../workers/index.js';
import { startWorker, type AnyWorker } from '../../workers/worker.js';
import { materialsCheck } from '../../workers/materials-check.js';
import type { WorkerContext } from '../../workers/context.js';
import { isWaybillNumber } from '../../workers/rules/waybill-number.js';
import { appDatabase, caseState, ENTERPRISE, insertCase, PERSON, testClock } from '../unit/workers/case-fixtures.js';

const t = engineSuite('worker_flows');
const clock = testClock();
let sql: Sql;
let ctx: WorkerContext;
const workers: AnyWorker[] = [];
const started: string[] = [];

interface Task {
  readonly key: string;
  readonly processInstanceKey: string;
  readonly elementId: string;
  readonly variables: Readonly<Record<string, unknown>>;
}
const inbox: Task[] = [];

beforeAll(async () => {
  ({ sql, ctx } = await appDatabase(t.databaseUrl, clock));
  for (const id of ['instant-item', 'commitment-item']) {
    await t.zbc.deployResource({ name: `${id}.bpmn`, process: readFileSync(new URL(`../../processes/${id}.bpmn`, import.meta.url)) });
  }
  workers.push(...startWorkers(t.zbc, ctx, { retryBackOffMs: 100 }));
  workers.push(
    t.zbc.createWorker({
      taskType: 'io.camunda.zeebe:userTask',
      loglevel: 'NONE',
      timeout: 600_000,
      pollInterval: 10,
      taskHandler: (job: Readonly<ZeebeJob>) => {
        inbox.push({ key: job.key, processInstanceKey: job.processInstanceKey, elementId: job.elementId, variables: { ...(job.variables as Record<string, unknown>) } });
        return job.forward();
      },
    }),
  );
});

afterEach(async () => {
  for (const pi of started.splice(0)) if ((await t.instanceState(pi)) === 'ACTIVE') await t.zbc.cancelProcessInstance(pi);
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.close(2_000).catch(() => undefined)));
  await sql.end({ timeout: 2 });
});

async function startCase(processId: string, variables: JSONDoc): Promise<string> {
  const pi = await t.start(processId, variables);
  started.push(pi);
  return pi;
}

function takeTask(pi: string, elementId: string): Promise<Task> {
  return eventually(
    () => {
      const at = inbox.findIndex((j) => j.processInstanceKey === pi && j.elementId === elementId);
      return at < 0 ? undefined : inbox.splice(at, 1)[0];
    },
    10_000,
    `user task ${elementId} of instance ${pi}`,
  );
}

const finish = (task: Task, variables: JSONDoc = {}): Promise<void> => t.complete(task, variables);

const trail = async (pi: string): Promise<string[]> => elementIds(await t.completed(pi), 'ELEMENT_COMPLETED');

const outbox = (caseNo: string) =>
  sql<{ template: string; channel: string; recipient: string | null; body: string; status: string }[]>`
    select template, channel, recipient, body, status from app.outbox where case_no = ${caseNo} order by id`;

const notices = (caseNo: string) =>
  sql<{ noticeNo: string; kind: string; missing: string[]; reason: string | null; deadline: Date | null; html: string }[]>`
    select notice_no as "noticeNo", kind, missing_materials as missing, reason, supplement_deadline as deadline, html
    from app.notices where case_no = ${caseNo} order by issued_at, notice_no`;

const supplement = (caseNo: string, materials: readonly { name: string }[]): Promise<unknown> =>
  t.zbc.publishMessage({ name: 'supplement-received', correlationKey: caseNo, variables: { materials }, timeToLive: 60_000 });

const named = (...names: string[]) => names.map((name) => ({ name }));

// 个体工商户设立登记 (instant, person): its three required materials.
const SOLE_TRADER = '00013112800001';
const SOLE_TRADER_MATERIALS = named('个体工商户登记申请书', '经营者身份证明', '经营场所使用证明');

describe('即办件 with the real workers', () => {
  it('complete materials: concluded on the spot, certificate issued, handed out, applicant invited to rate by SMS with the case link', async () => {
    clock.set('2026-03-02T10:00:00+08:00');
    const token = await insertCase(sql, { caseNo: 'JB-1', subItemCode: SOLE_TRADER, applicant: PERSON, bpmnProcessId: 'instant-item' });
    const pi = await startCase('instant-item', { caseNo: 'JB-1', subItemCode: SOLE_TRADER, applicant: PERSON, materials: SOLE_TRADER_MATERIALS });
    await finish(await takeTask(pi, 'concludeOnSpot'));
    const pickup = await takeTask(pi, 'pickup');
    expect(pickup.variables['certificateNo']).toMatch(/^ZZ-2026-01-\d{6}$/);
    expect((await caseState(sql, 'JB-1')).status).toBe('issuing');
    await finish(pickup);
    expect(await trail(pi)).toContain('concluded');

    const c = await caseState(sql, 'JB-1');
    expect(c).toMatchObject({ status: 'concluded', decision: 'approve', certificateNo: pickup.variables['certificateNo'] });
    expect(c.concludedAt).not.toBeNull();
    const [cert] = await sql<{ name: string; holder: string; html: string }[]>`select name, holder_name as holder, html from app.certificates where case_no = 'JB-1'`;
    expect(cert).toMatchObject({ name: '营业执照', holder: '王芳' });
    expect(cert?.html).toContain('县市场监督管理局');
    const [invite] = await outbox('JB-1');
    expect(invite).toMatchObject({ template: 'rating-invitation', channel: 'sms', recipient: '13800001111', status: 'sent' });
    expect(invite?.body).toContain(`/r/${token}`);
    expect(await notices('JB-1')).toEqual([]);
  });

  it('a missing material: one notice names it, the case waits for the supplement, is checked again and concluded', async () => {
    clock.set(new Date()); // the supplement deadline must lie ahead of the engine's wall clock
    await insertCase(sql, { caseNo: 'JB-2', subItemCode: SOLE_TRADER, applicant: PERSON, bpmnProcessId: 'instant-item' });
    const pi = await startCase('instant-item', { caseNo: 'JB-2', subItemCode: SOLE_TRADER, applicant: PERSON, materials: named('个体工商户登记申请书', '经营者身份证明') });
    await t.activated(pi, 'awaitSupplement');

    const [notice] = await notices('JB-2');
    expect(notice).toMatchObject({ kind: 'one-time', missing: ['经营场所使用证明'] });
    expect(notice?.noticeNo).toMatch(/^GZ-\d{4}-\d{6}$/);
    expect(notice?.html).toContain('<li>经营场所使用证明</li>');
    expect((await caseState(sql, 'JB-2')).status).toBe('supplementing');
    // Five working days to supplement, to the end of the fifth.
    const deadline = String(await t.log.variable(pi, 'supplementDeadline'));
    expect(new Date(deadline).getTime()).toBe(notice?.deadline?.getTime());
    const today = new Date(clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const lastDay = new Date(Date.parse(deadline) + 8 * 3600_000).toISOString().slice(0, 10);
    expect(ctx.calendar.workingDaysBetween(today, lastDay)).toBe(5);
    expect(new Date(Date.parse(deadline) + 8 * 3600_000).toISOString().slice(11, 19)).toBe('23:59:59');

    await supplement('JB-2', SOLE_TRADER_MATERIALS);
    await finish(await takeTask(pi, 'concludeOnSpot'));
    await finish(await takeTask(pi, 'pickup'));
    const ids = await trail(pi);
    expect(ids).toEqual(expect.arrayContaining(['oneTimeNotice', 'awaitSupplement', 'materialsRecheck', 'concludeOnSpot', 'concluded']));
    expect((await caseState(sql, 'JB-2')).status).toBe('concluded');
    expect(await notices('JB-2')).toHaveLength(1);
  });

  it('identity invalid: refused with a 《不予受理通知书》 that gives the reason; no materials check', async () => {
    clock.set('2026-03-02T10:00:00+08:00');
    const bad = { ...ENTERPRISE, creditCode: '91350100M000100Y4Z' };
    await insertCase(sql, { caseNo: 'JB-3', subItemCode: '00013112800002', applicant: bad, bpmnProcessId: 'instant-item' });
    const pi = await startCase('instant-item', { caseNo: 'JB-3', subItemCode: '00013112800002', applicant: bad, materials: [] });
    const ids = await trail(pi);
    expect(ids).toEqual(expect.arrayContaining(['identityInvalid', 'refuseIdentity', 'refusedIdentity']));
    expect(ids).not.toContain('materialsCheck');
    const [notice] = await notices('JB-3');
    expect(notice).toMatchObject({ kind: 'refusal', reason: 'identity-invalid', missing: [] });
    expect(notice?.noticeNo).toMatch(/^BY-2026-\d{6}$/);
    expect(notice?.html).toContain('身份核验未通过');
    // …and says exactly what was wrong with the code (the error's variables reach the refusal).
    expect(notice?.html).toMatch(/统一社会信用代码有误：[^<]*校验/);
    expect(String(await t.log.variable(pi, 'refusalNoticeNo'))).toBe(notice?.noticeNo);
    const c = await caseState(sql, 'JB-3');
    expect(c.status).toBe('refused');
    expect(c.concludedAt?.toISOString()).toBe('2026-03-02T02:00:00.000Z');
  });

  it('企业码: the licence held from the enterprise\'s earlier case is reused, recorded on this case, and no notice is needed', async () => {
    clock.set('2026-03-02T10:00:00+08:00');
    // An earlier case of the same enterprise holds its 营业执照正副本.
    await insertCase(sql, { caseNo: 'JB-OLD', subItemCode: '00013112800002', applicant: ENTERPRISE, bpmnProcessId: 'instant-item', status: 'concluded' });
    await sql`insert into app.case_materials (case_no, seq, name, filename) values ('JB-OLD', 1, '营业执照正副本', 'licence.pdf')`;
    await insertCase(sql, { caseNo: 'JB-4', subItemCode: '00013112800003', applicant: ENTERPRISE, bpmnProcessId: 'instant-item' });
    const pi = await startCase('instant-item', {
      caseNo: 'JB-4',
      subItemCode: '00013112800003', // 个体工商户注销登记
      applicant: ENTERPRISE,
      materials: named('个体工商户注销登记申请书', '经营者身份证明'),
    });
    const conclude = await takeTask(pi, 'concludeOnSpot');
    expect(conclude.variables['reusedMaterials']).toEqual(['营业执照正副本']);
    expect(conclude.variables['materialsComplete']).toBe(true);
    expect(conclude.variables['materials']).toContainEqual({ name: '营业执照正副本', source: 'enterpriseCode', reusedFrom: 'JB-OLD' });
    const rows = await sql`select name, source, reused_from from app.case_materials where case_no = 'JB-4'`;
    expect(rows).toEqual([{ name: '营业执照正副本', source: 'enterpriseCode', reused_from: 'JB-OLD' }]);
    expect(await notices('JB-4')).toEqual([]);
  });
});

// 公共场所卫生许可（新办）: commitment, legal 20 and committed 10 working days, department health.
const HYGIENE = '330A0700100001';
const HYGIENE_MATERIALS = named('卫生许可证申请表', '法定代表人或者负责人身份证明', '公共场所地址方位示意图、平面图和卫生设施平面布局图', '公共场所卫生检测或者评价报告', '公共场所卫生管理制度');

describe('承诺件 with the real workers', () => {
  it('accepted Fri 2025-04-25: due dates on the calendar, overdue warnings, a supplement that stops the clock and moves the due dates, certificate, mail delivery, rating invitation', async () => {
    clock.set('2025-04-25T10:00:00+08:00');
    const token = await insertCase(sql, { caseNo: 'CN-1', subItemCode: HYGIENE, applicant: ENTERPRISE, bpmnProcessId: 'commitment-item', delivery: 'mail' });
    const pi = await startCase('commitment-item', {
      caseNo: 'CN-1',
      subItemCode: HYGIENE,
      applicant: ENTERPRISE,
      materials: HYGIENE_MATERIALS,
      delivery: 'mail',
      mailAddress: { province: '浙江省', county: '青山县', street: '城关镇人民路 8 号', postcode: '311300' },
      approvalGroups: ['health'],
      countersign: false,
    });
    const preReview = await takeTask(pi, 'preReview');
    expect(preReview.variables).toMatchObject({ committedDueAt: '2025-05-13T23:59:59+08:00', legalDueAt: '2025-05-27T23:59:59+08:00', yellowAt: '2025-05-12T00:00:00+08:00' });
    let c = await caseState(sql, 'CN-1');
    expect(c.status).toBe('accepted');
    expect(c.acceptedAt?.toISOString()).toBe('2025-04-25T02:00:00.000Z');

    // Long past for the engine: both cards come at once, to the department and (red) the supervisor.
    await eventually(async () => ((await caseState(sql, 'CN-1')).warning === 'red' ? true : undefined), 10_000, 'the red card on the case');
    const warnings = (await outbox('CN-1')).filter((m) => m.template.startsWith('warning-'));
    expect(warnings.map((m) => `${m.template}→${m.recipient}:${m.status}`).sort()).toEqual(['warning-red→health:delivered', 'warning-red→supervisor:delivered', 'warning-yellow→health:delivered']);
    expect(warnings.find((m) => m.template === 'warning-red')?.body).toContain('2025年5月13日');

    await finish(preReview, { preReviewOpinion: '材料齐全' });
    const approval = await takeTask(pi, 'approval');
    // Tue 05-06: the approver asks for a supplement; the applicant brings it the same day.
    clock.set('2025-05-06T15:00:00+08:00');
    await supplement('CN-1', [...HYGIENE_MATERIALS, { name: '从业人员健康证明' }]);
    await finish(approval, { decision: 'supplement', opinion: '请补充从业人员健康证明', missingMaterials: ['从业人员健康证明'] });
    const again = await takeTask(pi, 'approval');
    // The clock stood still on 05-06 (one working day): both due dates move by one working day.
    expect(again.variables).toMatchObject({ committedDueAt: '2025-05-14T23:59:59+08:00', legalDueAt: '2025-05-28T23:59:59+08:00' });
    const [notice] = await notices('CN-1');
    expect(notice).toMatchObject({ kind: 'supplement', missing: ['从业人员健康证明'] });
    expect(notice?.noticeNo).toMatch(/^BZ-2025-\d{6}$/);
    c = await caseState(sql, 'CN-1');
    expect(c.status).toBe('approving');
    expect(c.legalDueAt?.toISOString()).toBe('2025-05-28T15:59:59.000Z');
    const ledger = await sql`select state, reason from app.legal_clock where case_no = 'CN-1' order by seq`;
    expect(ledger).toEqual([{ state: 'running', reason: null }, { state: 'suspended', reason: 'supplement' }, { state: 'running', reason: null }]);

    clock.set('2025-05-09T11:00:00+08:00');
    await finish(again, { decision: 'approve', opinion: '符合条件，准予许可' });
    const ids = await trail(pi);
    expect(ids).toEqual(expect.arrayContaining(['suspendClock', 'supplementNotice', 'awaitApprovalSupplement', 'resumeClock', 'concludeApproved', 'issueCertificate', 'mailDelivery', 'ratingInvitation', 'concluded']));

    c = await caseState(sql, 'CN-1');
    expect(c).toMatchObject({ status: 'concluded', decision: 'approve' });
    expect(c.certificateNo).toMatch(/^ZZ-2025-\d{2}-\d{6}$/);
    expect(c.waybillNo).not.toBeNull();
    expect(isWaybillNumber(c.waybillNo ?? '')).toBe(true);
    expect(String(await t.log.variable(pi, 'waybillNo'))).toBe(c.waybillNo);
    const [waybill] = await sql`select certificate_no, status, recipient from app.waybills where waybill_no = ${c.waybillNo}`;
    expect(waybill).toMatchObject({ certificate_no: c.certificateNo, status: 'created' });
    expect((waybill?.['recipient'] as { address: { street: string } }).address.street).toBe('城关镇人民路 8 号');
    const events = await sql`select status from app.waybill_events where waybill_no = ${c.waybillNo}`;
    expect(events).toEqual([{ status: 'created' }]);
    const [cert] = await sql`select name, department from app.certificates where case_no = 'CN-1'`;
    expect(cert).toMatchObject({ name: '公共场所卫生许可证', department: 'health' });
    const invite = (await outbox('CN-1')).find((m) => m.template === 'rating-invitation');
    expect(invite).toMatchObject({ channel: 'sms', recipient: '13900002222', status: 'sent' });
    expect(invite?.body).toContain(`/r/${token}`);
  });

  it('a rejection: the applicant gets the decision with its reason by SMS, the case concludes as rejected, no certificate', async () => {
    clock.set(new Date());
    await insertCase(sql, { caseNo: 'CN-2', subItemCode: HYGIENE, applicant: ENTERPRISE, bpmnProcessId: 'commitment-item' });
    const pi = await startCase('commitment-item', { caseNo: 'CN-2', subItemCode: HYGIENE, applicant: ENTERPRISE, materials: HYGIENE_MATERIALS, approvalGroups: ['health'], countersign: false });
    await finish(await takeTask(pi, 'preReview'), { preReviewOpinion: '材料齐全' });
    await finish(await takeTask(pi, 'approval'), { decision: 'reject', opinion: '卫生检测报告不合格' });
    expect(await trail(pi)).toContain('concluded');
    const c = await caseState(sql, 'CN-2');
    expect(c).toMatchObject({ status: 'concluded', decision: 'reject', certificateNo: null });
    const sms = (await outbox('CN-2')).filter((m) => m.channel === 'sms');
    expect(sms.map((m) => m.template)).toEqual(['decision-rejected', 'rating-invitation']);
    expect(sms[0]?.body).toContain('理由：卫生检测报告不合格');
  });
});

describe('a technical fault', () => {
  it('an unknown sub-item code fails the materials check, is retried, and becomes an incident naming the code; the case is not refused', async () => {
    clock.set('2026-03-02T10:00:00+08:00');
    let calls = 0;
    // The real worker, counted: a second worker on the same type would race the first, so this
    // one serves a copy of the flow whose job type differs only by name.
    const xml = readFileSync(new URL('../../processes/instant-item.bpmn', import.meta.url), 'utf8')
      .replaceAll('id="instant-item"', 'id="instant-item-fault"')
      .replaceAll('type="ow.materials-check"', 'type="ow.materials-check-fault"');
    await t.deploy('instant-item-fault', xml);
    const real = materialsCheck();
    workers.push(
      startWorker(t.zbc, { ...real, taskType: 'ow.materials-check-fault', handle: (input, c) => (calls++, real.handle(input, c)) }, ctx, { retryBackOffMs: 100 }),
    );
    const pi = await startCase('instant-item-fault', { caseNo: 'JB-9', subItemCode: '99999999999999', applicant: PERSON, materials: SOLE_TRADER_MATERIALS });
    const incident = await eventually(async () => (await t.incidentsOf(pi)).find((i) => i.state === 'ACTIVE'), 10_000, 'an incident');
    expect(incident).toMatchObject({ errorType: 'JOB_NO_RETRIES', elementId: 'materialsCheck' });
    expect(incident.errorMessage).toContain('99999999999999');
    expect(incident.errorMessage).toContain('材料审核');
    expect(calls).toBe(3);
    expect(await t.instanceState(pi)).toBe('ACTIVE');
    expect(await notices('JB-9')).toEqual([]);
  });
});
