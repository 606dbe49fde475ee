// The service hall's own flows (processes/*.bpmn), deployed as they ship and walked path by path
// the way the hall works a case: the automated steps by zeebe-node workers written here (one per
// job type, as workers/ will have them), the people's steps through a task inbox that activates
// `io.camunda.zeebe:userTask` jobs and completes them when a clerk, approver or supervisor is done
// (architecture.md: the api's task inbox). Expectations are the seed report's: 前台综合受理、后台审批、
// 统一窗口出件, 一次性告知, 即办件当场办结, 会签, 法定时限黄牌/红牌, 差评整改, 办不成事反映.
// processes/README.md is the contract these tests hold the models to.
import { readFileSync } from 'node:fs';
import { BpmnModdle, type ModdleElement } from 'bpmn-moddle';
import zeebeDescriptor from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JSONDoc, ZeebeJob } from 'zeebe-node';
import { elementIds, elementRecords, type EngineRecord } from '../support/records.js';
import { engineSuite } from '../support/suite.js';
import { eventually } from '../support/wait.js';

const t = engineSuite('flows');

const PROCESS_IDS = ['instant-item', 'commitment-item', 'rectification', 'complaint'] as const;
const processXml = (id: string): string => readFileSync(new URL(`../../processes/${id}.bpmn`, import.meta.url), 'utf8');

// ------------------------------------------------------------------ the hall: workers and inbox

/** A job as the hall's workers and inbox saw it. */
interface HallJob {
  readonly key: string;
  readonly type: string;
  readonly processInstanceKey: string;
  readonly elementId: string;
  readonly variables: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, unknown>>;
}

const hallJob = (job: Readonly<ZeebeJob>): HallJob => ({
  key: job.key,
  type: job.type,
  processInstanceKey: job.processInstanceKey,
  elementId: job.elementId,
  variables: { ...(job.variables as Record<string, unknown>) },
  headers: { ...(job.customHeaders as Record<string, unknown>) },
});

/** Every service-task job the workers handled, in the order they got them. */
const handled: HallJob[] = [];
/** User-task jobs the inbox holds (activated, not yet completed). */
const inbox: HallJob[] = [];
/** Instances a test started; whatever is still running after it is cancelled. */
const started: string[] = [];

/** What the tests make the outside world do, per case number. */
const scenario = {
  /** Cases whose applicant fails the identity check. */
  invalidIdentity: new Set<string>(),
  /** Cases whose legal clock puts the warnings this close (ms from the clock's start). */
  clock: new Map<string, { readonly yellowInMs: number; readonly redInMs: number }>(),
  /** Cases whose supplement deadline is this close (ms from the notice). */
  supplementWithinMs: new Map<string, number>(),
};

/** The sub-item's required materials (the dictionary's job; fixed here). */
const REQUIRED = ['申请书', '营业执照', '经营场所证明'];
/** What the enterprise code holds from the enterprise's earlier cases. */
const ENTERPRISE_CODE_MATERIALS = ['营业执照'];

const DAY = 24 * 3600_000;
const iso = (ms: number): string => new Date(ms).toISOString();

function materialNames(v: unknown): string[] {
  return Array.isArray(v) ? v.map((m) => String((m as { name?: unknown } | null)?.name ?? m)) : [];
}

function caseNoOf(job: Readonly<ZeebeJob>): string {
  return String((job.variables as Record<string, unknown>)['caseNo'] ?? '');
}

type Handler = (job: Readonly<ZeebeJob>) => ReturnType<ZeebeJob['complete']>;

/** One worker per job type, as workers/ will have them; they answer from the case's variables. */
const HANDLERS: Readonly<Record<string, Handler>> = {
  'ow.identity-check': (job) =>
    scenario.invalidIdentity.has(caseNoOf(job)) ? job.error('IDENTITY_INVALID', '居民身份证号校验码不符') : job.complete({ identityVerified: true }),
  'ow.enterprise-prefill': (job) => {
    const v = job.variables as Record<string, unknown>;
    const applicant = v['applicant'] as { creditCode?: unknown } | undefined;
    if (typeof applicant?.creditCode !== 'string') return job.complete({ reusedMaterials: [] });
    const have = materialNames(v['materials']);
    const reused = ENTERPRISE_CODE_MATERIALS.filter((m) => !have.includes(m));
    const materials = [...(Array.isArray(v['materials']) ? (v['materials'] as unknown[]) : []), ...reused.map((name) => ({ name, source: 'enterpriseCode' }))];
    return job.complete({ materials, reusedMaterials: reused });
  },
  'ow.materials-check': (job) => {
    const have = materialNames((job.variables as Record<string, unknown>)['materials']);
    const missing = REQUIRED.filter((m) => !have.includes(m));
    return job.complete({ materialsComplete: missing.length === 0, missingMaterials: missing });
  },
  'ow.legal-clock': (job) => {
    const action = String((job.customHeaders as Record<string, unknown>)['action']);
    if (action !== 'start' && action !== 'resume') return job.complete({});
    const now = Date.now();
    const plan = scenario.clock.get(caseNoOf(job));
    return job.complete({
      yellowAt: iso(now + (plan?.yellowInMs ?? 4 * DAY)),
      committedDueAt: iso(now + (plan?.redInMs ?? 5 * DAY)),
      legalDueAt: iso(now + 20 * DAY),
    });
  },
  'ow.one-time-notice': (job) =>
    job.complete({
      oneTimeNoticeNo: `GZ-${caseNoOf(job)}-${handled.filter((j) => j.type === 'ow.one-time-notice').length}`,
      supplementDeadline: iso(Date.now() + (scenario.supplementWithinMs.get(caseNoOf(job)) ?? 5 * DAY)),
    }),
  'ow.issue-certificate': (job) => job.complete({ certificateNo: `ZZ-${caseNoOf(job)}` }),
  'ow.mail-delivery': (job) => job.complete({ waybillNo: `EMS-${caseNoOf(job)}` }),
  'ow.notify': (job) => job.complete({}),
  'ow.rating-invitation': (job) => job.complete({}),
  'ow.refuse': (job) => job.complete({ refusalNoticeNo: `BYSL-${caseNoOf(job)}` }),
};

const workers: { close(timeout?: number): Promise<unknown> }[] = [];

beforeAll(async () => {
  for (const id of PROCESS_IDS) {
    const r = await t.zbc.deployResource({ name: `${id}.bpmn`, process: Buffer.from(processXml(id)) });
    expect(r.deployments[0]?.process.bpmnProcessId).toBe(id);
  }
  for (const [taskType, handle] of Object.entries(HANDLERS)) {
    const w = t.zbc.createWorker({
      taskType,
      loglevel: 'NONE',
      timeout: 30_000,
      pollInterval: 10, // the next long poll opens right after a batch ends (zeebe-node waits a tick)
      taskHandler: (job) => {
        handled.push(hallJob(job));
        return handle(job);
      },
    });
    workers.push(w);
  }
  // The task inbox: holds each user task until a person completes it (the api's job, later).
  const inboxWorker = t.zbc.createWorker({
    taskType: 'io.camunda.zeebe:userTask',
    loglevel: 'NONE',
    timeout: 600_000,
    pollInterval: 10,
    maxJobsToActivate: 64,
    taskHandler: (job) => {
      inbox.push(hallJob(job));
      return job.forward();
    },
  });
  workers.push(inboxWorker);
});

afterEach(async () => {
  for (const pi of started.splice(0)) {
    if ((await t.instanceState(pi)) === 'ACTIVE') await t.zbc.cancelProcessInstance(pi);
    for (let i = inbox.length - 1; i >= 0; i--) if (inbox[i]?.processInstanceKey === pi) inbox.splice(i, 1);
  }
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.close(2_000)));
});

async function startCase(processId: string, variables: JSONDoc): Promise<string> {
  const pi = await t.start(processId, variables);
  started.push(pi);
  return pi;
}

/** Waits for the user task `elementId` of instance `pi` to reach the inbox and takes it out. */
function takeTask(pi: string, elementId: string): Promise<HallJob> {
  return eventually(
    () => {
      const at = inbox.findIndex((j) => j.processInstanceKey === pi && j.elementId === elementId);
      return at < 0 ? undefined : inbox.splice(at, 1)[0];
    },
    5_000,
    `user task ${elementId} of instance ${pi} in the inbox`,
  );
}

async function takeTasks(pi: string, elementId: string, count: number): Promise<HallJob[]> {
  const out: HallJob[] = [];
  while (out.length < count) out.push(await takeTask(pi, elementId));
  return out;
}

/** The person finishes the task: the inbox completes its job with what they entered. */
const finish = (task: HallJob, variables: JSONDoc = {}): Promise<void> => t.complete(task, variables);

/** The service jobs of an instance (optionally of one type), in the order workers got them. */
const jobsOf = (pi: string, type?: string): HallJob[] => handled.filter((j) => j.processInstanceKey === pi && (type === undefined || j.type === type));

/** Waits until a worker got a job of `type` for `pi` matching `pred`. */
const jobSeen = (pi: string, type: string, pred: (j: HallJob) => boolean = () => true): Promise<HallJob> =>
  eventually(() => jobsOf(pi, type).find(pred), 5_000, `a ${type} job of instance ${pi}`);

/** The element ids that completed, in order. */
const completedIds = (records: readonly EngineRecord[]): string[] => elementIds(records, 'ELEMENT_COMPLETED');

/** The longest prefix of `expected` that occurs in `trail` in that order. */
function inOrder(trail: readonly string[], expected: readonly string[]): string[] {
  const found: string[] = [];
  let from = 0;
  for (const id of expected) {
    const at = trail.indexOf(id, from);
    if (at < 0) break;
    found.push(id);
    from = at + 1;
  }
  return found;
}

const headerList = (task: HallJob, name: string): unknown => JSON.parse(String(task.headers[`io.camunda.zeebe:${name}`] ?? 'null'));
const header = (task: HallJob, name: string): unknown => task.headers[`io.camunda.zeebe:${name}`];
const variable = (pi: string, name: string): Promise<unknown> => t.log.variable(pi, name);

/** TIMER records of the instance whose timer belongs to `elementId`. */
async function timers(pi: string, elementId: string, intent: string): Promise<EngineRecord[]> {
  return (await t.log.find({ processInstanceKey: pi, valueType: 'TIMER', intent })).filter((r) => r.value['targetElementId'] === elementId);
}

// ------------------------------------------------------------------ cases

const citizen = { kind: 'person', name: '王芳', idNumber: '11010519491231002X', phone: '13800001111' };
const shop = { kind: 'enterprise', name: '城关镇好味小吃店', creditCode: '91350100M000100Y43', phone: '13900002222' };
const ALL_MATERIALS = REQUIRED.map((name) => ({ name }));

const instantCase = (caseNo: string, extra: JSONDoc = {}): JSONDoc => ({
  caseNo,
  subItemCode: '33012200010001',
  applicant: citizen,
  materials: ALL_MATERIALS,
  delivery: 'pickup',
  ...extra,
});

const commitmentCase = (caseNo: string, extra: JSONDoc = {}): JSONDoc => ({
  caseNo,
  subItemCode: '33012200020001',
  applicant: shop,
  materials: ALL_MATERIALS,
  delivery: 'pickup',
  approvalGroups: ['market-regulation'],
  countersign: false,
  ...extra,
});

const supplement = (caseNo: string, materials: readonly { name: string }[]): Promise<unknown> =>
  t.zbc.publishMessage({ name: 'supplement-received', correlationKey: caseNo, variables: { materials }, timeToLive: 0 });

// ------------------------------------------------------------------ the models themselves

describe('the hall processes as shipped (docs.camunda.io "Deploy resources"; bpmn.io DI: every element has a shape the modeler can open)', () => {
  it.each(PROCESS_IDS)('%s: every flow element and sequence flow has a diagram shape, no two shapes overlap, every activity has a Chinese name', async (id) => {
    const moddle = new BpmnModdle({ zeebe: zeebeDescriptor });
    const { rootElement, warnings } = await moddle.fromXML(processXml(id));
    expect(warnings.map((w) => w.message)).toEqual([]);
    const roots = rootElement['rootElements'] as ModdleElement[];
    const process = roots.find((r) => r.$type === 'bpmn:Process');
    expect(process?.['id']).toBe(id);
    const elements: ModdleElement[] = [];
    const collect = (scope: ModdleElement): void => {
      for (const e of (scope['flowElements'] as ModdleElement[] | undefined) ?? []) {
        elements.push(e);
        if (e.$type === 'bpmn:SubProcess') collect(e);
      }
    };
    if (process) collect(process);
    const diagram = (rootElement['diagrams'] as ModdleElement[])[0];
    const plane = diagram?.['plane'] as ModdleElement | undefined;
    const drawn = ((plane?.['planeElement'] as ModdleElement[] | undefined) ?? []).map((d) => ({
      id: String((d['bpmnElement'] as ModdleElement | undefined)?.['id']),
      bounds: d['bounds'] as { x: number; y: number; width: number; height: number } | undefined,
    }));
    expect(elements.map((e) => String(e['id'])).filter((eid) => !drawn.some((d) => d.id === eid))).toEqual([]);

    for (const e of elements.filter((x) => x.$instanceOf('bpmn:Activity'))) expect(String(e['name'] ?? ''), String(e['id'])).toMatch(/[\u4e00-\u9fff]/);

    // Shapes may touch only where BPMN puts one on another: a boundary event on its host, an element in its subprocess.
    const byId = new Map(elements.map((e) => [String(e['id']), e]));
    const related = (a: string, b: string): boolean => {
      const ea = byId.get(a);
      const eb = byId.get(b);
      const host = (e: ModdleElement | undefined): string | undefined => (e?.['attachedToRef'] as ModdleElement | undefined)?.['id'] as string | undefined;
      const inside = (e: ModdleElement | undefined, sub: string): boolean => (e?.$parent as ModdleElement | undefined)?.['id'] === sub;
      return host(ea) === b || host(eb) === a || inside(ea, b) || inside(eb, a) || (host(ea) !== undefined && inside(byId.get(host(ea) ?? ''), b)) || (host(eb) !== undefined && inside(byId.get(host(eb) ?? ''), a));
    };
    const shapes = drawn.filter((d) => d.bounds !== undefined);
    const overlaps: string[] = [];
    for (const [i, a] of shapes.entries())
      for (const b of shapes.slice(i + 1)) {
        const p = a.bounds!;
        const q = b.bounds!;
        const apart = p.x + p.width <= q.x || q.x + q.width <= p.x || p.y + p.height <= q.y || q.y + q.height <= p.y;
        if (!apart && !related(a.id, b.id)) overlaps.push(`${a.id} × ${b.id}`);
      }
    expect(overlaps).toEqual([]);
  });
});

// ------------------------------------------------------------------ 即办件

describe('即办件 instant-item: finished on the spot by the acceptance clerk (seed §2; docs.camunda.io "User tasks", job worker implementation)', () => {
  it('complete materials: the clerk accepts and concludes at the seat, the certificate is issued and handed out at the unified window, the applicant is invited to rate', async () => {
    const pi = await startCase('instant-item', instantCase('JB-0001'));
    const conclude = await takeTask(pi, 'concludeOnSpot');
    expect(headerList(conclude, 'candidateGroups')).toEqual(['front-desk']);
    expect(header(conclude, 'formKey')).toBe('onewindow:instant-conclude');
    await finish(conclude);

    const pickup = await takeTask(pi, 'pickup');
    expect(headerList(pickup, 'candidateGroups')).toEqual(['issuing-window']);
    expect(header(pickup, 'formKey')).toBe('onewindow:issuing-pickup');
    expect(pickup.variables['certificateNo']).toBe('ZZ-JB-0001');
    await finish(pickup);

    const trail = completedIds(await t.completed(pi));
    const expected = ['received', 'identityCheck', 'enterprisePrefill', 'materialsCheck', 'concludeOnSpot', 'issueCertificate', 'pickup', 'ratingInvitation', 'concluded'];
    expect(inOrder(trail, expected)).toEqual(expected);
    // No back office, no legal clock, no notice: an instant item never leaves the front desk.
    expect(jobsOf(pi).map((j) => j.type)).toEqual(['ow.identity-check', 'ow.enterprise-prefill', 'ow.materials-check', 'ow.issue-certificate', 'ow.rating-invitation']);
    expect(await variable(pi, 'materialsComplete')).toBe(true);
  });

  it('enterprise code: the licence comes from earlier cases, so no notice is needed; the result is mailed (邮帮办) with a waybill number', async () => {
    const pi = await startCase(
      'instant-item',
      instantCase('JB-0002', { applicant: shop, materials: [{ name: '申请书' }, { name: '经营场所证明' }], delivery: 'mail' }),
    );
    await finish(await takeTask(pi, 'concludeOnSpot'));
    const trail = completedIds(await t.completed(pi));
    expect(inOrder(trail, ['enterprisePrefill', 'materialsCheck', 'concludeOnSpot', 'issueCertificate', 'mailDelivery', 'ratingInvitation', 'concluded'])).toHaveLength(7);
    expect(trail).not.toContain('oneTimeNotice');
    expect(trail).not.toContain('pickup');
    expect(await variable(pi, 'reusedMaterials')).toEqual(['营业执照']);
    expect(await variable(pi, 'waybillNo')).toBe('EMS-JB-0002');
    expect((await jobSeen(pi, 'ow.mail-delivery')).variables['certificateNo']).toBe('ZZ-JB-0002');
  });

  it('a missing material: one notice lists it (一次性告知), the case waits for the supplement message, then is checked again and concluded', async () => {
    const pi = await startCase('instant-item', instantCase('JB-0003', { materials: [{ name: '申请书' }, { name: '营业执照' }] }));
    const notice = await jobSeen(pi, 'ow.one-time-notice');
    expect(notice.variables['missingMaterials']).toEqual(['经营场所证明']);
    expect(notice.headers['stage']).toBe('intake');
    await t.activated(pi, 'awaitSupplement');

    await supplement('JB-0003', ALL_MATERIALS);
    await finish(await takeTask(pi, 'concludeOnSpot'));
    await finish(await takeTask(pi, 'pickup'));
    const trail = completedIds(await t.completed(pi));
    const expected = ['materialsCheck', 'oneTimeNotice', 'awaitSupplement', 'materialsRecheck', 'concludeOnSpot', 'issueCertificate', 'pickup', 'concluded'];
    expect(inOrder(trail, expected)).toEqual(expected);
    expect(jobsOf(pi, 'ow.one-time-notice')).toHaveLength(1);
    expect(jobsOf(pi, 'ow.materials-check').map((j) => j.headers['stage'])).toEqual(['intake', 'supplement']);
  });

  it('the notice is one-time: a supplement that is still incomplete is refused (不予受理)', async () => {
    const pi = await startCase('instant-item', instantCase('JB-0004', { materials: [{ name: '申请书' }] }));
    await t.activated(pi, 'awaitSupplement');
    await supplement('JB-0004', [{ name: '申请书' }, { name: '营业执照' }]);
    const trail = completedIds(await t.completed(pi));
    expect(inOrder(trail, ['oneTimeNotice', 'awaitSupplement', 'materialsRecheck', 'refuseIncomplete', 'refusedIncomplete'])).toHaveLength(5);
    expect(trail).not.toContain('concludeOnSpot');
    const refusal = await jobSeen(pi, 'ow.refuse');
    expect(refusal.variables['refuseReason']).toBe('materials-incomplete');
    expect(refusal.variables['missingMaterials']).toEqual(['经营场所证明']);
  });

  it('no supplement by the deadline (docs.camunda.io "Timer events": timeDate boundary): the wait is interrupted and the case is refused', async () => {
    scenario.supplementWithinMs.set('JB-0005', 1_000);
    const pi = await startCase('instant-item', instantCase('JB-0005', { materials: [{ name: '申请书' }] }));
    await t.reached(pi, 'refusedOverdue', 'ELEMENT_COMPLETED');
    const records = await t.completed(pi);
    expect(elementRecords(records, 'awaitSupplement', 'ELEMENT_TERMINATED')).toHaveLength(1);
    expect(inOrder(completedIds(records), ['oneTimeNotice', 'supplementOverdue', 'refuseOverdue', 'refusedOverdue'])).toHaveLength(4);
    expect(completedIds(records)).not.toContain('materialsRecheck');
    expect((await jobSeen(pi, 'ow.refuse')).variables['refuseReason']).toBe('supplement-overdue');
  });

  it('identity check says no (docs.camunda.io "Error events": a job worker throws a BPMN error): caught on the task, the case is refused with the reason', async () => {
    scenario.invalidIdentity.add('JB-0006');
    const pi = await startCase('instant-item', instantCase('JB-0006'));
    const records = await t.completed(pi);
    expect(inOrder(completedIds(records), ['identityInvalid', 'refuseIdentity', 'refusedIdentity'])).toHaveLength(3);
    expect(elementRecords(records, 'identityCheck', 'ELEMENT_TERMINATED')).toHaveLength(1);
    expect((await jobSeen(pi, 'ow.refuse')).variables['refuseReason']).toBe('identity-invalid');
    expect(jobsOf(pi, 'ow.materials-check')).toEqual([]);
    expect(await t.incidentsOf(pi)).toEqual([]);
  });
});

// ------------------------------------------------------------------ 承诺件

/** Walks a commitment case to its approval step: accepted, the clock started, pre-review done. */
async function preReviewed(caseNo: string, extra: JSONDoc = {}): Promise<{ pi: string; preReview: HallJob }> {
  const pi = await startCase('commitment-item', commitmentCase(caseNo, extra));
  const preReview = await takeTask(pi, 'preReview');
  await finish(preReview, { preReviewOpinion: '材料齐全，转后台审批' });
  return { pi, preReview };
}

const clockActions = (pi: string): unknown[] => jobsOf(pi, 'ow.legal-clock').map((j) => j.headers['action']);

describe('承诺件 commitment-item: front desk accepts, back office approves, the unified window issues (seed §2; docs.camunda.io "User tasks", "Exclusive gateways")', () => {
  it('single approval: acceptance starts the legal clock, pre-review at the front desk, the department approves, the clock stops, the certificate is picked up, the warnings are withdrawn', async () => {
    const { pi, preReview } = await preReviewed('CN-0001');
    expect(headerList(preReview, 'candidateGroups')).toEqual(['front-desk']);
    expect(header(preReview, 'formKey')).toBe('onewindow:pre-review');
    const committedDueAt = String(preReview.variables['committedDueAt']);
    expect(Date.parse(String(header(preReview, 'dueDate')))).toBe(Date.parse(committedDueAt));

    const approval = await takeTask(pi, 'approval');
    expect(headerList(approval, 'candidateGroups')).toEqual(['market-regulation']);
    expect(header(approval, 'formKey')).toBe('onewindow:approval');
    expect(Date.parse(String(header(approval, 'dueDate')))).toBe(Date.parse(committedDueAt));
    await finish(approval, { decision: 'approve', opinion: '符合条件，准予许可' });
    await finish(await takeTask(pi, 'pickup'));

    const records = await t.completed(pi);
    const expected = ['identityCheck', 'materialsCheck', 'accept', 'preReview', 'approval', 'approvalStage', 'concludeApproved', 'issueCertificate', 'pickup', 'ratingInvitation', 'concluded'];
    expect(inOrder(completedIds(records), expected)).toEqual(expected);
    expect(completedIds(records)).not.toContain('countersignTask');
    expect(clockActions(pi)).toEqual(['start', 'stop']);
    expect(await variable(pi, 'certificateNo')).toBe('ZZ-CN-0001');
    // The warnings were armed while the stage ran and withdrawn when the decision left it.
    for (const w of ['yellowWarning', 'redWarning']) {
      expect(await timers(pi, w, 'CREATED')).toHaveLength(1);
      expect(await timers(pi, w, 'CANCELED')).toHaveLength(1);
    }
    expect(await variable(pi, 'warning')).toBeUndefined();
  });

  it('countersign (会签) by 3 departments: one task per department, offered to that department as its candidate group, all must sign; their signatures are collected and the case is approved', async () => {
    // The dictionary's countersign entries list departments (departments.json ids, which are candidate groups).
    const countersigners = ['natural-resources', 'housing', 'fire-rescue'];
    const { pi } = await preReviewed('CN-0002', { countersign: true, countersigners });
    const tasks = await takeTasks(pi, 'countersignTask', 3);
    expect(tasks.map((j) => headerList(j, 'candidateGroups'))).toEqual(expect.arrayContaining(countersigners.map((d) => [d])));
    for (const j of tasks) {
      expect(header(j, 'formKey')).toBe('onewindow:countersign');
      // Nobody is assigned by the model: a person of the department claims it.
      expect(header(j, 'assignee')).toBeUndefined();
      expect(headerList(j, 'candidateGroups')).toEqual([j.variables['countersigner']]);
    }
    // Signing in any order; until the last department signs, the case waits.
    const [first, second, third] = tasks;
    const sign = (j: HallJob, signer: string): JSONDoc => ({ signature: { decision: 'approve', opinion: '同意', signer, department: String(j.variables['countersigner']) } });
    await finish(third!, sign(third!, 'li.na'));
    await finish(first!, sign(first!, 'zhang.wei'));
    expect(await t.instanceState(pi)).toBe('ACTIVE');
    expect(elementRecords(await t.log.instance(pi), 'countersignSummary', 'ELEMENT_ACTIVATED')).toEqual([]);
    await finish(second!, sign(second!, 'wang.qiang'));

    await finish(await takeTask(pi, 'pickup'));
    const records = await t.completed(pi);
    expect(inOrder(completedIds(records), ['preReview', 'countersignTask', 'countersignSummary', 'approvalStage', 'concludeApproved', 'issueCertificate', 'concluded'])).toHaveLength(7);
    expect(completedIds(records)).not.toContain('approval');
    // docs.camunda.io "Multi-instance": the output collection is in the order of the input collection.
    const signatures = (await variable(pi, 'signatures')) as { department: string }[];
    expect(signatures.map((s) => s.department)).toEqual(countersigners);
    expect(await variable(pi, 'decision')).toBe('approve');
  });

  it('countersign: one countersigner refuses, so the case is refused (不予许可) even though the others agreed', async () => {
    const { pi } = await preReviewed('CN-0003', { countersign: true, countersigners: ['housing', 'fire-rescue'] });
    const [a, b] = await takeTasks(pi, 'countersignTask', 2);
    await finish(a!, { signature: { decision: 'approve', opinion: '同意' } });
    await finish(b!, { signature: { decision: 'reject', opinion: '选址不符合规划' } });
    const records = await t.completed(pi);
    expect(inOrder(completedIds(records), ['countersignSummary', 'concludeRejected', 'notifyRejected', 'ratingInvitation', 'concluded'])).toHaveLength(5);
    expect(await variable(pi, 'decision')).toBe('reject');
    expect(completedIds(records)).not.toContain('issueCertificate');
  });

  it('any-sign (或签, countersignMode "anySign"; docs.camunda.io "Multi-instance": completionCondition): the first signature decides, the other tasks are withdrawn', async () => {
    const { pi } = await preReviewed('CN-0004', { countersign: true, countersignMode: 'anySign', countersigners: ['natural-resources', 'housing', 'fire-rescue'] });
    const tasks = await takeTasks(pi, 'countersignTask', 3);
    await finish(tasks[1]!, { signature: { decision: 'approve', opinion: '同意' } });
    await finish(await takeTask(pi, 'pickup'));
    const records = await t.completed(pi);
    const canceled = records.filter((r) => r.valueType === 'JOB' && r.intent === 'CANCELED').map((r) => r.key);
    expect(canceled.sort()).toEqual([tasks[0]!.key, tasks[2]!.key].sort());
    expect(await variable(pi, 'decision')).toBe('approve');
    expect(inOrder(completedIds(records), ['countersignSummary', 'concludeApproved', 'issueCertificate', 'concluded'])).toHaveLength(4);
  });

  it('nothing is approved by accident (docs.camunda.io "Exclusive gateway": no condition true and no default → incident): an unknown decision, or a countersign with nobody to sign, stops at the decision for a supervisor', async () => {
    const { pi: typo } = await preReviewed('CN-0009');
    await finish(await takeTask(typo, 'approval'), { decision: 'approved' });
    const incident = await t.activeIncident(typo);
    expect(incident).toMatchObject({ elementId: 'decisionRoute', errorType: 'CONDITION_ERROR' });

    const { pi: nobody } = await preReviewed('CN-0010', { countersign: true, countersigners: [] });
    expect(await t.activeIncident(nobody)).toMatchObject({ elementId: 'decisionRoute', errorType: 'CONDITION_ERROR' });
    expect(await variable(nobody, 'decision')).toBeNull();
    for (const pi of [typo, nobody]) expect(jobsOf(pi, 'ow.issue-certificate')).toEqual([]);
  });

  it('decision reject: the clock stops, the applicant is sent the refusal, invited to rate, and no certificate is issued', async () => {
    const { pi } = await preReviewed('CN-0005');
    await finish(await takeTask(pi, 'approval'), { decision: 'reject', opinion: '经营场所不符合食品安全要求' });
    const records = await t.completed(pi);
    const expected = ['approval', 'approvalStage', 'concludeRejected', 'notifyRejected', 'ratingInvitation', 'concluded'];
    expect(inOrder(completedIds(records), expected)).toEqual(expected);
    expect(completedIds(records)).not.toContain('issueCertificate');
    const letter = await jobSeen(pi, 'ow.notify');
    expect(letter.variables).toMatchObject({ template: 'decision-rejected', to: [shop], opinion: '经营场所不符合食品安全要求' });
    expect(clockActions(pi)).toEqual(['start', 'stop']);
  });

  it('decision supplement: the clock stops, a supplement notice goes out, the case waits for the supplement message, then the clock resumes and the same approvers decide again (no second pre-review)', async () => {
    const { pi } = await preReviewed('CN-0006');
    await finish(await takeTask(pi, 'approval'), { decision: 'supplement', opinion: '请补充股东会决议', missingMaterials: ['股东会决议'] });
    const notice = await jobSeen(pi, 'ow.one-time-notice');
    expect(notice.headers['stage']).toBe('approval');
    expect(notice.variables['missingMaterials']).toEqual(['股东会决议']);
    await t.activated(pi, 'awaitApprovalSupplement');
    expect(clockActions(pi)).toEqual(['start', 'suspend']);
    // While the clock is stopped, no warning can fire: the stage and its timers are gone.
    expect(await timers(pi, 'yellowWarning', 'CANCELED')).toHaveLength(1);

    await supplement('CN-0006', [...ALL_MATERIALS, { name: '股东会决议' }]);
    const again = await takeTask(pi, 'approval');
    expect(clockActions(pi)).toEqual(['start', 'suspend', 'resume']);
    expect(materialNames(again.variables['materials'])).toContain('股东会决议');
    await finish(again, { decision: 'approve', opinion: '补正后符合条件' });
    await finish(await takeTask(pi, 'pickup'));

    const records = await t.completed(pi);
    const expected = ['approval', 'suspendClock', 'supplementNotice', 'awaitApprovalSupplement', 'resumeClock', 'approval', 'concludeApproved', 'issueCertificate', 'concluded'];
    expect(inOrder(completedIds(records), expected)).toEqual(expected);
    expect(elementRecords(records, 'preReview', 'ELEMENT_ACTIVATED')).toHaveLength(1);
    expect(clockActions(pi)).toEqual(['start', 'suspend', 'resume', 'stop']);
    expect(await timers(pi, 'yellowWarning', 'CREATED')).toHaveLength(2);
  });

  it('decision supplement not answered by the deadline: the case ends as withdrawn (视为撤回) and the applicant is told', async () => {
    scenario.supplementWithinMs.set('CN-0007', 1_000);
    const { pi } = await preReviewed('CN-0007');
    await finish(await takeTask(pi, 'approval'), { decision: 'supplement', missingMaterials: ['股东会决议'] });
    await t.reached(pi, 'withdrawn', 'ELEMENT_COMPLETED');
    const records = await t.completed(pi);
    expect(inOrder(completedIds(records), ['approvalSupplementOverdue', 'concludeWithdrawn', 'notifyWithdrawn', 'withdrawn'])).toHaveLength(4);
    expect((await jobSeen(pi, 'ow.notify')).variables).toMatchObject({ template: 'supplement-overdue', to: [shop] });
    expect(clockActions(pi)).toEqual(['start', 'suspend', 'stop']);
  });

  it('legal-clock warnings (docs.camunda.io "Timer events": non-interrupting boundary): yellow at yellowAt, red at committedDueAt, while the approval keeps waiting', async () => {
    scenario.clock.set('CN-0008', { yellowInMs: 1_000, redInMs: 1_600 });
    const { pi } = await preReviewed('CN-0008');
    const approval = await takeTask(pi, 'approval');

    const yellow = await jobSeen(pi, 'ow.notify', (j) => j.variables['template'] === 'warning-yellow');
    expect(yellow.variables['to']).toEqual(['market-regulation']);
    const red = await jobSeen(pi, 'ow.notify', (j) => j.variables['template'] === 'warning-red');
    expect(red.variables['to']).toEqual(['market-regulation', 'supervisor']);
    await eventually(async () => ((await variable(pi, 'warning')) === 'red' ? true : undefined), 5_000, 'warning = red');
    const records = await t.log.instance(pi);
    const warnings = records.filter((r) => r.valueType === 'VARIABLE' && r.value['name'] === 'warning').map((r) => JSON.parse(String(r.value['value'])) as unknown);
    expect(warnings).toEqual(['yellow', 'red']);
    const fired = records.filter((r) => r.valueType === 'TIMER' && r.intent === 'TRIGGERED').map((r) => r.value['targetElementId']);
    expect(fired).toEqual(['yellowWarning', 'redWarning']);

    // Neither warning took the task away: the approver still decides on the same task.
    expect(records.filter((r) => r.valueType === 'JOB' && r.intent === 'CANCELED' && r.key === approval.key)).toEqual([]);
    expect(inOrder(completedIds(records), ['yellowWarning', 'notifyYellow', 'yellowNotified'])).toHaveLength(3);
    expect(inOrder(completedIds(records), ['redWarning', 'notifyRed', 'redNotified'])).toHaveLength(3);
    await finish(approval, { decision: 'approve' });
    await finish(await takeTask(pi, 'pickup'));
    expect(inOrder(completedIds(await t.completed(pi)), ['approval', 'concludeApproved', 'concluded'])).toHaveLength(3);
  });
});

// ------------------------------------------------------------------ 差评整改

const badRating = (ratingId: string, extra: JSONDoc = {}): JSONDoc => ({
  ratingId,
  caseNo: 'CN-0001',
  rater: citizen,
  score: 1,
  comment: '窗口人员态度生硬，让我跑了两趟',
  responsibleGroups: ['market-regulation'],
  verifyDueAt: iso(Date.now() + DAY),
  rectifyDueAt: iso(Date.now() + 15 * DAY),
  ...extra,
});

describe('差评整改 rectification: verify, rectify, feed back to the rater (seed §4 即评即改、及时反馈; docs.camunda.io "User tasks")', () => {
  it('a valid bad rating: the supervisor verifies, the responsible department rectifies, the rater is told and the return visit is recorded', async () => {
    const vars = badRating('PJ-0001');
    const pi = await startCase('rectification', vars);
    const verify = await takeTask(pi, 'verify');
    expect(headerList(verify, 'candidateGroups')).toEqual(['supervisor']);
    expect(header(verify, 'formKey')).toBe('onewindow:rectification-verify');
    expect(Date.parse(String(header(verify, 'dueDate')))).toBe(Date.parse(String(vars['verifyDueAt'])));
    await finish(verify, { verdict: 'rectify', verifyOpinion: '回访属实' });

    const rectify = await takeTask(pi, 'rectify');
    expect(headerList(rectify, 'candidateGroups')).toEqual(['market-regulation']);
    expect(header(rectify, 'formKey')).toBe('onewindow:rectification-rectify');
    expect(Date.parse(String(header(rectify, 'dueDate')))).toBe(Date.parse(String(vars['rectifyDueAt'])));
    await finish(rectify, { rectification: '已约谈窗口人员并组织服务规范培训' });

    const visit = await takeTask(pi, 'returnVisit');
    expect(headerList(visit, 'candidateGroups')).toEqual(['supervisor']);
    const feedback = await jobSeen(pi, 'ow.notify');
    expect(feedback.variables).toMatchObject({ template: 'rectification-feedback', to: [citizen], rectification: '已约谈窗口人员并组织服务规范培训' });
    await finish(visit, { raterSatisfied: true });

    const records = await t.completed(pi);
    const expected = ['badRating', 'verify', 'verdictRoute', 'rectify', 'feedback', 'returnVisit', 'rectified'];
    expect(inOrder(completedIds(records), expected)).toEqual(expected);
    expect(jobsOf(pi, 'ow.notify')).toHaveLength(1); // on time: no overdue reminders
  });

  it('verification and rectification run late: the supervisor (and the department) are reminded, the tasks stay open and the lateness is recorded', async () => {
    const soon = iso(Date.now() + 1_000);
    const pi = await startCase('rectification', badRating('PJ-0002', { verifyDueAt: soon, rectifyDueAt: soon }));
    const verify = await takeTask(pi, 'verify');
    const late = await jobSeen(pi, 'ow.notify', (j) => j.variables['template'] === 'rectification-verify-overdue');
    expect(late.variables['to']).toEqual(['supervisor']);
    await eventually(async () => ((await variable(pi, 'verifyOverdue')) === true ? true : undefined), 5_000, 'verifyOverdue');
    await finish(verify, { verdict: 'rectify' });

    // Already past its due date when it opens: the reminder comes at once.
    const rectify = await takeTask(pi, 'rectify');
    const lateRectify = await jobSeen(pi, 'ow.notify', (j) => j.variables['template'] === 'rectification-rectify-overdue');
    expect(lateRectify.variables['to']).toEqual(['market-regulation', 'supervisor']);
    await finish(rectify, { rectification: '补办并致歉' });
    await finish(await takeTask(pi, 'returnVisit'), { raterSatisfied: false });
    const records = await t.completed(pi);
    expect(inOrder(completedIds(records), ['verifyOverdue', 'verify', 'rectifyOverdue', 'rectify', 'feedback', 'returnVisit', 'rectified'])).toHaveLength(7);
    expect(await variable(pi, 'rectifyOverdue')).toBe(true);
    expect(await variable(pi, 'raterSatisfied')).toBe(false);
  });

  it('an anonymous card rating with no fault found: explained, no rectification task, nobody to notify', async () => {
    const pi = await startCase('rectification', badRating('PJ-0003', { rater: null as unknown as JSONDoc }));
    await finish(await takeTask(pi, 'verify'), { verdict: 'explain', verifyOpinion: '按规定须本人到场，已在公示栏说明' });
    const feedback = await jobSeen(pi, 'ow.notify');
    expect(feedback.variables).toMatchObject({ template: 'rectification-feedback', to: [] });
    await finish(await takeTask(pi, 'returnVisit'), { raterSatisfied: true });
    const trail = completedIds(await t.completed(pi));
    expect(inOrder(trail, ['verify', 'verdictRoute', 'feedbackMerge', 'feedback', 'returnVisit', 'rectified'])).toHaveLength(6);
    expect(trail).not.toContain('rectify');
  });
});

// ------------------------------------------------------------------ 办不成事反映

const complaintCase = (complaintNo: string): JSONDoc => ({
  complaintNo,
  complainant: citizen,
  caseNo: 'JB-0004',
  description: '补正材料后仍被不予受理，不知道还缺什么',
});

describe('办不成事反映 complaint: register, assign, resolve, feed back, check satisfaction until closed (seed §4; docs.camunda.io "User tasks")', () => {
  it('resolved the first time: the window assigns it, the department resolves it, the complainant is told and is satisfied, the complaint is closed', async () => {
    const pi = await startCase('complaint', complaintCase('BC-0001'));
    const assign = await takeTask(pi, 'assign');
    expect(headerList(assign, 'candidateGroups')).toEqual(['complaint-window']);
    expect(header(assign, 'formKey')).toBe('onewindow:complaint-assign');
    const resolveDueAt = iso(Date.now() + 5 * DAY);
    await finish(assign, { responsibleGroups: ['market-regulation'], resolveDueAt });

    const resolve = await takeTask(pi, 'resolve');
    expect(headerList(resolve, 'candidateGroups')).toEqual(['market-regulation']);
    expect(header(resolve, 'formKey')).toBe('onewindow:complaint-resolve');
    expect(Date.parse(String(header(resolve, 'dueDate')))).toBe(Date.parse(resolveDueAt));
    await finish(resolve, { resolution: '已电话说明缺少的材料并预约上门帮办' });

    const check = await takeTask(pi, 'satisfactionCheck');
    expect(headerList(check, 'candidateGroups')).toEqual(['complaint-window']);
    expect((await jobSeen(pi, 'ow.notify')).variables).toMatchObject({ template: 'complaint-feedback', to: [citizen] });
    await finish(check, { complainantSatisfied: true });

    const expected = ['registered', 'assign', 'resolve', 'feedback', 'satisfactionCheck', 'closed'];
    expect(inOrder(completedIds(await t.completed(pi)), expected)).toEqual(expected);
  });

  it('late and unsatisfied: the overdue department is urged (督办), the unsatisfied complainant gets the complaint re-assigned until it is resolved to satisfaction', async () => {
    const pi = await startCase('complaint', complaintCase('BC-0002'));
    await finish(await takeTask(pi, 'assign'), { responsibleGroups: ['market-regulation'], resolveDueAt: iso(Date.now() + 1_000) });
    const resolve = await takeTask(pi, 'resolve');
    const urge = await jobSeen(pi, 'ow.notify', (j) => j.variables['template'] === 'complaint-overdue');
    expect(urge.variables['to']).toEqual(['market-regulation', 'supervisor']);
    await eventually(async () => ((await variable(pi, 'complaintOverdue')) === true ? true : undefined), 5_000, 'complaintOverdue');
    await finish(resolve, { resolution: '已解释' });
    await finish(await takeTask(pi, 'satisfactionCheck'), { complainantSatisfied: false });

    // Back to the window: assigned again, this time to the department that can fix it.
    const reassign = await takeTask(pi, 'assign');
    await finish(reassign, { responsibleGroups: ['human-resources'], resolveDueAt: iso(Date.now() + 10 * DAY) });
    const second = await takeTask(pi, 'resolve');
    expect(headerList(second, 'candidateGroups')).toEqual(['human-resources']);
    await finish(second, { resolution: '已协调补办' });
    await finish(await takeTask(pi, 'satisfactionCheck'), { complainantSatisfied: true });

    const records = await t.completed(pi);
    expect(elementRecords(records, 'assign', 'ELEMENT_COMPLETED')).toHaveLength(2);
    expect(jobsOf(pi, 'ow.notify').filter((j) => j.variables['template'] === 'complaint-feedback')).toHaveLength(2);
    expect(inOrder(completedIds(records), ['resolveOverdue', 'resolve', 'satisfactionCheck', 'satisfiedRoute', 'assign', 'resolve', 'satisfactionCheck', 'closed'])).toHaveLength(8);
  });
});
