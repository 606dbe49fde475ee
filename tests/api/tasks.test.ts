// The task list over HTTP, the way approvers, clerks and supervisors use it: the api's inbox
// activates the user-task jobs of commitment-item (deployed by the api at start) on a real engine;
// the automated steps are done by tiny inline workers here, so a case reaches 初审 and 审批 as it
// would in the hall (processes/README.md is the contract).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JSONDoc, ZeebeJob } from 'zeebe-node';
import { apiSuite, type ErrorBody, type HttpClient } from '../support/api.js';
import { line, userTask } from '../support/bpmn.js';
import { taskInboxOf } from '../../api/tasks/inbox.js';
import { eventually } from '../support/wait.js';

const t = apiSuite('api-tasks');

interface Task {
  key: string;
  name: string;
  elementId: string;
  processInstanceKey: string;
  caseNo: string | null;
  state: 'created' | 'completed' | 'canceled';
  assignee: string | null;
  orgUnit: string | null;
  cancelReason: string | null;
  clock: string | null;
  urgeCount: number;
  opinion: string | null;
}
interface TaskDetail extends Task {
  legalClock: { clock: string; workingDaysLeft: number | null } | null;
  case: { caseNo: string; status: string } | null;
  urges: { by: string; reason: string }[];
  countersign: {
    mode: string;
    signed: { department: string; departmentName: string; signer: string; signerName: string | null; decision: string | null; opinion: string | null }[];
    pending: { department: string; departmentName: string; claimedBy: string | null }[];
    withdrawn: { department: string; departmentName: string; claimedBy: string | null }[];
  } | null;
  sentBack: { from: string; by: string | null; reason: string | null } | null;
  variables: Record<string, unknown>;
}
interface TaskList {
  items: Task[];
  total: number;
}

const DAY = 24 * 3600_000;
const iso = (ms: number): string => new Date(ms).toISOString();

// ------------------------------------------------------------- the automated steps, inline

type Handler = (job: Readonly<ZeebeJob>) => ReturnType<ZeebeJob['complete']>;
const HANDLERS: Readonly<Record<string, Handler>> = {
  'ow.identity-check': (job) => job.complete({ identityVerified: true }),
  'ow.enterprise-prefill': (job) => job.complete({ reusedMaterials: [] }),
  'ow.materials-check': (job) => job.complete({ materialsComplete: true, missingMaterials: [] }),
  'ow.legal-clock': (job) => {
    const action = String((job.customHeaders as Record<string, unknown>)['action']);
    if (action !== 'start' && action !== 'resume') return job.complete({});
    return job.complete({ yellowAt: iso(Date.now() + 4 * DAY), committedDueAt: iso(Date.now() + 5 * DAY), legalDueAt: iso(Date.now() + 20 * DAY) });
  },
  'ow.one-time-notice': (job) => job.complete({ oneTimeNoticeNo: 'GZ-1', supplementDeadline: iso(Date.now() + 5 * DAY) }),
  'ow.issue-certificate': (job) => job.complete({ certificateNo: 'ZZ-1' }),
  'ow.mail-delivery': (job) => job.complete({ waybillNo: 'EMS-1' }),
  'ow.notify': (job) => job.complete({}),
  'ow.rating-invitation': (job) => job.complete({}),
  'ow.refuse': (job) => job.complete({ refusalNoticeNo: 'BYSL-1' }),
};
const workers: { close(timeout?: number): Promise<unknown> }[] = [];
const started: string[] = [];

beforeAll(async () => {
  for (const [taskType, handle] of Object.entries(HANDLERS)) {
    workers.push(t.engine.zbc.createWorker({ taskType, loglevel: 'NONE', timeout: 30_000, pollInterval: 10, taskHandler: (job) => handle(job) }));
  }
  // A second approver of 市场监管, to see two candidates race for one task.
  const admin = await t.as('admin');
  const made = await admin.post('/staff', { username: 'approver3', name: '钱审批', password: 'abcd1234', roles: ['approver'], orgUnit: 'county', groups: ['market-regulation'] });
  expect(made.status).toBe(201);
});

afterAll(async () => {
  for (const pi of started) await t.engine.zbc.cancelProcessInstance(pi).catch(() => undefined);
  await Promise.all(workers.map((w) => w.close(1_000)));
});

// ------------------------------------------------------------------------------ helpers

const asApprover3 = (): Promise<HttpClient> => t.as('approver3', 'abcd1234');

let caseSeq = 0;
function nextCaseNo(): string {
  caseSeq += 1;
  return `CN-T-${String(caseSeq).padStart(4, '0')}`;
}

/** The app's case row, as the acceptance part writes it (status accepted: the clock runs). */
async function insertCase(caseNo: string, orgUnit: string, fields: { yellowAt?: Date; committedDueAt?: Date; status?: string } = {}): Promise<void> {
  await t.sql`insert into app.cases (case_no, sub_item_code, org_unit, applicant, applicant_kind, applicant_name, credit_code, phone, status,
      bpmn_process_id, created_by, accepted_at, yellow_at, committed_due_at, public_token)
    values (${caseNo}, '11330000MB0001', ${orgUnit}, ${t.sql.json({ kind: 'enterprise', name: '青山餐饮有限公司' })}, 'enterprise', '青山餐饮有限公司',
      ${`91330100${caseNo.replace(/\D/g, '').padStart(10, '0')}`}, '13800000000', ${fields.status ?? 'accepted'}, 'commitment-item', 'clerk', now(),
      ${fields.yellowAt ?? null}, ${fields.committedDueAt ?? null}, ${randomBytes(12).toString('hex')})`;
}

async function startCase(caseNo: string, extra: JSONDoc = {}): Promise<string> {
  const r = await t.engine.zbc.createProcessInstance({
    bpmnProcessId: 'commitment-item',
    variables: {
      caseNo,
      subItemCode: '11330000MB0001',
      applicant: { kind: 'enterprise', name: '青山餐饮有限公司', creditCode: `CC-${caseNo}`, phone: '13800000000' },
      materials: [{ name: '申请书' }, { name: '营业执照' }],
      delivery: 'pickup',
      approvalGroups: ['market-regulation'],
      countersign: false,
      ...extra,
    },
  });
  started.push(r.processInstanceKey);
  return r.processInstanceKey;
}

/** Waits until `who` sees the open task at `elementId` of the case in `list`. */
async function waitTask(who: HttpClient, caseNo: string, elementId: string, list = 'groups'): Promise<Task> {
  return eventually(async () => {
    const r = await who.get<TaskList>('/tasks', { list, pageSize: 200 });
    expect(r.status).toBe(200);
    return r.body.items.find((i) => i.caseNo === caseNo && i.elementId === elementId && i.state === 'created');
  }, 10_000, `${elementId} of ${caseNo} in ${list}`);
}

async function getTask(who: HttpClient, key: string): Promise<TaskDetail> {
  const r = await who.get<TaskDetail>(`/tasks/${key}`);
  expect(r.status).toBe(200);
  return r.body;
}

/** A case at 审批: started, pre-reviewed by the clerk. */
async function atApproval(caseNo: string, extra: JSONDoc = {}): Promise<{ pi: string; approval: Task }> {
  const pi = await startCase(caseNo, extra);
  const clerk = await t.as('clerk');
  const pre = await waitTask(clerk, caseNo, 'preReview');
  expect((await clerk.post(`/tasks/${pre.key}/complete`, { preReviewOpinion: '材料齐全，同意受理' })).status).toBe(200);
  const approver = await t.as('approver');
  return { pi, approval: await waitTask(approver, caseNo, 'approval') };
}

// -------------------------------------------------------------------------------- tests

describe('approval: claim, race, complete', () => {
  it('the approver sees 审批 in "my groups" with the legal clock; claims it; another approver gets 409; approve moves the case on to 出件', async () => {
    const caseNo = nextCaseNo();
    await insertCase(caseNo, 'county', { yellowAt: new Date(Date.now() - 3600_000), committedDueAt: new Date(Date.now() + 3 * DAY) });
    const { approval } = await atApproval(caseNo);
    expect((await t.sql`select status from app.cases where case_no = ${caseNo}`)[0]?.['status']).toBe('approving');

    expect(approval.name).toBe('审批');
    expect(approval.assignee).toBeNull();
    expect(approval.clock).toBe('yellow');
    const approver = await t.as('approver');
    const other = await asApprover3();
    // Not a candidate: 卫健/消防 approver can't see it, let alone claim it.
    const outsider = await t.as('approver2');
    expect((await outsider.get<TaskList>('/tasks', { list: 'groups' })).body.items.map((i) => i.key)).not.toContain(approval.key);
    expect((await outsider.post<ErrorBody>(`/tasks/${approval.key}/claim`)).status).toBe(403);

    const detail = await getTask(approver, approval.key);
    expect(detail.case).toMatchObject({ caseNo, status: 'approving' });
    expect(detail.legalClock?.clock).toBe('yellow');
    expect(detail.legalClock?.workingDaysLeft).toBeGreaterThanOrEqual(1);
    expect(detail.variables['approvalGroups']).toEqual(['market-regulation']);

    const claimed = await approver.post<TaskDetail>(`/tasks/${approval.key}/claim`);
    expect(claimed.status).toBe(200);
    expect(claimed.body.assignee).toBe('approver');
    expect((await approver.get<TaskList>('/tasks', { list: 'mine' })).body.items.map((i) => i.key)).toContain(approval.key);
    expect((await approver.get<TaskList>('/tasks', { list: 'unassigned' })).body.items.map((i) => i.key)).not.toContain(approval.key);

    const raced = await other.post<ErrorBody>(`/tasks/${approval.key}/claim`);
    expect(raced.status).toBe(409);
    expect(raced.body.error.message).toContain('approver');
    const stolen = await other.post<ErrorBody>(`/tasks/${approval.key}/complete`, { decision: 'approve', opinion: '同意' });
    expect(stolen.status).toBe(409);

    const done = await approver.post<TaskDetail>(`/tasks/${approval.key}/complete`, { decision: 'approve', opinion: '符合许可条件，准予许可' });
    expect(done.status).toBe(200);
    expect(done.body.state).toBe('completed');
    // The flow moved on: the certificate was issued and the result waits at the unified window.
    const issuer = await t.as('issuer');
    const pickup = await waitTask(issuer, caseNo, 'pickup');
    expect(pickup.name).toBe('统一窗口出件');
    expect((await t.sql`select status, decision from app.cases where case_no = ${caseNo}`)[0]).toEqual({ status: 'issuing', decision: 'approve' });
    const mineDone = await approver.get<TaskList>('/tasks', { list: 'done' });
    expect(mineDone.body.items.find((i) => i.key === approval.key)).toMatchObject({ state: 'completed' });
    const trail = await t.sql`select actor, action from app.audit where subject_type = 'task' and subject_id = ${approval.key} order by id`;
    expect(trail.map((r) => `${String(r['actor'])}:${String(r['action'])}`)).toEqual(['engine:task.created', 'approver:task.claim', 'approver:task.complete']);

    // Picking up completes the flow: nothing required in the form.
    expect((await issuer.post(`/tasks/${pickup.key}/complete`, {})).status).toBe(200);
  });

  it('a supplement without the missing materials is refused with 400 naming body.missingMaterials, and the task stays open', async () => {
    const caseNo = nextCaseNo();
    const { approval } = await atApproval(caseNo);
    const approver = await t.as('approver');
    const r = await approver.post<ErrorBody>(`/tasks/${approval.key}/complete`, { decision: 'supplement', opinion: '缺材料' });
    expect(r.status).toBe(400);
    expect(r.body.error.issues?.map((i) => i.path)).toEqual(['body.missingMaterials']);
    const unknown = await approver.post<ErrorBody>(`/tasks/${approval.key}/complete`, { decision: 'maybe' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.issues?.[0]?.path).toBe('body.decision');
    const still = await getTask(approver, approval.key);
    expect(still.state).toBe('created');
    expect(still.assignee).toBeNull();
  });
});

describe('会签 and 或签 by departments', () => {
  it('countersign by 2 departments: each department finds its task in "my groups"; another department is refused; after one signs, the task shows which department signed, by whom, and which is pending', async () => {
    const caseNo = nextCaseNo();
    await atApprovalStageCountersign(caseNo, ['market-regulation', 'fire-rescue'], 'countersign');
    const a = await t.as('approver'); // 市场监管
    const b = await t.as('approver2'); // 卫健、消防
    const market = await waitTask(a, caseNo, 'countersignTask');
    const fire = await waitTask(b, caseNo, 'countersignTask');
    expect(market.name).toBe('会签');
    expect(market.key).not.toBe(fire.key);
    expect(market.assignee).toBeNull();
    // Each department sees only its own task.
    expect((await a.get<TaskList>('/tasks', { list: 'groups', pageSize: 200 })).body.items.map((i) => i.key)).not.toContain(fire.key);
    const refused = await a.post<ErrorBody>(`/tasks/${fire.key}/claim`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('县消防救援大队');
    expect((await a.post<ErrorBody>(`/tasks/${fire.key}/complete`, { signature: { decision: 'approve' } })).status).toBe(403);

    // The body's signer is ignored: the signature is the department's, signed by the person signed in.
    const signed = await a.post<TaskDetail>(`/tasks/${market.key}/complete`, { signature: { decision: 'approve', opinion: '同意', signer: 'someone-else' } });
    expect(signed.status).toBe(200);
    const view = await getTask(b, fire.key);
    expect(view.countersign?.mode).toBe('countersign');
    expect(view.countersign?.signed).toEqual([
      expect.objectContaining({ department: 'market-regulation', departmentName: '县市场监督管理局', signer: 'approver', signerName: '张审批', decision: 'approve', opinion: '同意' }),
    ]);
    expect(view.countersign?.pending).toEqual([{ department: 'fire-rescue', departmentName: '县消防救援大队', claimedBy: null, claimedByName: null }]);
    const [row] = await t.sql`select outcome from app.tasks where job_key = ${market.key}`;
    expect(row?.['outcome']).toEqual({ signature: { decision: 'approve', opinion: '同意', signer: 'approver', department: 'market-regulation' } });

    expect((await b.post(`/tasks/${fire.key}/complete`, { signature: { decision: 'approve', opinion: '同意' } })).status).toBe(200);
    await waitTask(await t.as('issuer'), caseNo, 'pickup');
  });

  it("或签 (anySign): the first department signing withdraws the other departments' tasks; they leave the inbox as canceled and completing one answers 409", async () => {
    const caseNo = nextCaseNo();
    await atApprovalStageCountersign(caseNo, ['market-regulation', 'fire-rescue', 'housing'], 'anySign');
    const a = await t.as('approver');
    const b = await t.as('approver2');
    const ta = await waitTask(a, caseNo, 'countersignTask');
    const tb = await waitTask(b, caseNo, 'countersignTask');
    expect((await a.post(`/tasks/${ta.key}/claim`)).status).toBe(200);

    expect((await b.post(`/tasks/${tb.key}/complete`, { signature: { decision: 'approve', opinion: '同意' } })).status).toBe(200);
    expect((await a.get<TaskList>('/tasks', { list: 'mine' })).body.items.map((i) => i.key)).not.toContain(ta.key);
    expect((await getTask(a, ta.key)).state).toBe('canceled');
    const late = await a.post<ErrorBody>(`/tasks/${ta.key}/complete`, { signature: { decision: 'reject', opinion: '不同意' } });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toContain('撤回');
    const view = await getTask(b, tb.key);
    expect(view.countersign?.mode).toBe('anySign');
    expect(view.countersign?.signed.map((s) => [s.departmentName, s.signer])).toEqual([['县消防救援大队', 'approver2']]);
    expect(view.countersign?.withdrawn.map((w) => [w.department, w.claimedBy]).sort()).toEqual([['housing', null], ['market-regulation', 'approver']]);
    expect(view.countersign?.pending).toEqual([]);
    await waitTask(await t.as('issuer'), caseNo, 'pickup');
  });
});

/** A case whose approval goes to 会签 / 或签 by the departments `countersigners`. */
async function atApprovalStageCountersign(caseNo: string, countersigners: string[], mode: 'countersign' | 'anySign'): Promise<void> {
  await startCase(caseNo, { countersign: true, countersigners, countersignMode: mode });
  const clerk = await t.as('clerk');
  const pre = await waitTask(clerk, caseNo, 'preReview');
  expect((await clerk.post(`/tasks/${pre.key}/complete`, { preReviewOpinion: '同意' })).status).toBe(200);
}

describe('send back, reassign, urge', () => {
  it('an approver sends 审批 back to 初审 with a reason; the clerk gets 初审 again, showing who sent it back and why; 初审 itself has no earlier step', async () => {
    const caseNo = nextCaseNo();
    await insertCase(caseNo, 'county');
    const { approval } = await atApproval(caseNo);
    const approver = await t.as('approver');
    const back = await approver.post<TaskDetail>(`/tasks/${approval.key}/send-back`, { reason: '营业执照经营范围与申请事项不符，请初审核实' });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ state: 'canceled', cancelReason: 'sent-back' });
    expect((await t.sql`select status from app.cases where case_no = ${caseNo}`)[0]?.['status']).toBe('accepted');

    const clerk = await t.as('clerk');
    const again = await waitTask(clerk, caseNo, 'preReview');
    const view = await getTask(clerk, again.key);
    expect(view.sentBack).toEqual({ from: '审批', by: 'approver', reason: '营业执照经营范围与申请事项不符，请初审核实', at: expect.any(String) });
    const none = await clerk.post<ErrorBody>(`/tasks/${again.key}/send-back`, { reason: '试试' });
    expect(none.status).toBe(409);
    expect(none.body.error.message).toContain('没有可退回的上一环节');
    const noReason = await approver.post<ErrorBody>(`/tasks/${approval.key}/send-back`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.issues?.[0]?.path).toBe('body.reason');

    // The flow really went back: pre-review again leads to a new approval.
    expect((await clerk.post(`/tasks/${again.key}/complete`, { preReviewOpinion: '已核实' })).status).toBe(200);
    const second = await waitTask(approver, caseNo, 'approval');
    expect(second.key).not.toBe(approval.key);
    const [entry] = await t.sql`select actor, reason from app.audit where action = 'task.send-back' and subject_id = ${approval.key}`;
    expect(entry).toEqual({ actor: 'approver', reason: '营业执照经营范围与申请事项不符，请初审核实' });
  });

  it('the holder reassigns to another candidate with a reason; not to someone outside the groups; not by a bystander', async () => {
    const caseNo = nextCaseNo();
    const { approval } = await atApproval(caseNo);
    const approver = await t.as('approver');
    const approver3 = await asApprover3();
    expect((await approver3.post<ErrorBody>(`/tasks/${approval.key}/reassign`, { to: 'approver3', reason: '我来' })).status).toBe(403);
    expect((await approver.post(`/tasks/${approval.key}/claim`)).status).toBe(200);
    const outside = await approver.post<ErrorBody>(`/tasks/${approval.key}/reassign`, { to: 'approver2', reason: '请假' });
    expect(outside.status).toBe(400);
    expect(outside.body.error.issues?.[0]?.path).toBe('body.to');
    const moved = await approver.post<TaskDetail>(`/tasks/${approval.key}/reassign`, { to: 'approver3', reason: '本人外出培训' });
    expect(moved.status).toBe(200);
    expect(moved.body.assignee).toBe('approver3');
    expect((await approver3.get<TaskList>('/tasks', { list: 'mine' })).body.items.map((i) => i.key)).toContain(approval.key);
    expect((await approver.get<TaskList>('/tasks', { list: 'mine' })).body.items.map((i) => i.key)).not.toContain(approval.key);
    const [entry] = await t.sql`select actor, reason, detail from app.audit where action = 'task.reassign' and subject_id = ${approval.key}`;
    expect(entry).toMatchObject({ actor: 'approver', reason: '本人外出培训', detail: { from: 'approver', to: 'approver3' } });
  });

  it('a supervisor urges an open task; the urge shows on the task; others may not urge', async () => {
    const caseNo = nextCaseNo();
    const { approval } = await atApproval(caseNo);
    const supervisor = await t.as('supervisor');
    expect((await supervisor.get<TaskList>('/tasks', { list: 'all', pageSize: 200 })).body.items.map((i) => i.key)).toContain(approval.key);
    const urged = await supervisor.post<TaskDetail>(`/tasks/${approval.key}/urge`, { reason: '企业来电催问，请今日内办理' });
    expect(urged.status).toBe(201);
    const approver = await t.as('approver');
    const view = await getTask(approver, approval.key);
    expect(view.urges).toEqual([{ by: 'supervisor', reason: '企业来电催问，请今日内办理', at: expect.any(String) }]);
    expect((await approver.get<TaskList>('/tasks', { list: 'groups', pageSize: 200 })).body.items.find((i) => i.key === approval.key)?.urgeCount).toBe(1);
    expect((await approver.post(`/tasks/${approval.key}/urge`, { reason: '自己催自己' })).status).toBe(403);
    expect((await approver.get('/tasks', { list: 'all' })).status).toBe(403);
    const [entry] = await t.sql`select actor, reason from app.audit where action = 'task.urge' and subject_id = ${approval.key}`;
    expect(entry).toEqual({ actor: 'supervisor', reason: '企业来电催问，请今日内办理' });
  });
});

describe('who sees what', () => {
  it('town staff see only their own unit\'s cases; county staff see both; filters by business field and sub-item narrow the list', async () => {
    const townCase = nextCaseNo();
    const countyCase = nextCaseNo();
    await insertCase(townCase, 'town-qingshan');
    await insertCase(countyCase, 'county');
    await startCase(townCase);
    await startCase(countyCase);
    const clerk = await t.as('clerk');
    const townClerk = await t.as('town-clerk');
    const townTask = await waitTask(clerk, townCase, 'preReview');
    const countyTask = await waitTask(clerk, countyCase, 'preReview');

    const seen = (await townClerk.get<TaskList>('/tasks', { list: 'groups', pageSize: 200 })).body.items.map((i) => i.caseNo);
    expect(seen).toContain(townCase);
    expect(seen).not.toContain(countyCase);
    expect((await townClerk.get<ErrorBody>(`/tasks/${countyTask.key}`)).status).toBe(403);
    expect((await getTask(townClerk, townTask.key)).case?.caseNo).toBe(townCase);

    const byUnit = await clerk.get<TaskList>('/tasks', { list: 'groups', orgUnit: 'town-qingshan', pageSize: 200 });
    expect(byUnit.body.items.map((i) => i.caseNo)).toContain(townCase);
    expect(byUnit.body.items.map((i) => i.caseNo)).not.toContain(countyCase);

    const byVar = await clerk.get<TaskList>('/tasks', { list: 'groups', [`var.applicant.creditCode`]: `CC-${countyCase}` });
    expect(byVar.body.items.map((i) => i.caseNo)).toEqual([countyCase]);
    expect(byVar.body.total).toBe(1);
    const bySubItem = await clerk.get<TaskList>('/tasks', { list: 'groups', subItemCode: 'nope', pageSize: 200 });
    expect(bySubItem.body.items).toEqual([]);
    const paged = await clerk.get<TaskList>('/tasks', { list: 'groups', pageSize: 1, page: 1 });
    expect(paged.body.items).toHaveLength(1);
    expect(paged.body.total).toBeGreaterThanOrEqual(2);
    const badKey = await clerk.get<ErrorBody>('/tasks', { colour: 'red' });
    expect(badKey.status).toBe(400);
    expect(badKey.body.error.issues?.[0]?.path).toBe('query.colour');
  });

  it('a task whose instance was canceled leaves the inbox: acting on it answers 409 and it shows as canceled', async () => {
    const caseNo = nextCaseNo();
    const pi = await startCase(caseNo);
    const clerk = await t.as('clerk');
    const pre = await waitTask(clerk, caseNo, 'preReview');
    await t.engine.zbc.cancelProcessInstance(pi);
    const claim = await clerk.post<ErrorBody>(`/tasks/${pre.key}/claim`);
    expect(claim.status).toBe(409);
    expect(claim.body.error.message).toContain('撤回');
    expect((await getTask(clerk, pre.key)).state).toBe('canceled');
    expect((await clerk.get<TaskList>('/tasks', { list: 'groups', pageSize: 200 })).body.items.map((i) => i.key)).not.toContain(pre.key);
  });

  it('with nobody looking, the reconciliation sweep finds tasks the engine dropped (instance canceled elsewhere) and takes them out of the lists', async () => {
    const caseNo = nextCaseNo();
    const pi = await startCase(caseNo);
    const clerk = await t.as('clerk');
    const pre = await waitTask(clerk, caseNo, 'preReview');
    await t.engine.zbc.cancelProcessInstance(pi);
    const inbox = taskInboxOf(t.api.api.ctx);
    if (!inbox) throw new Error('the api started without its task inbox');
    // Just checked: the sweep leaves it for later (it asks about tasks unchecked for 10 minutes).
    await inbox.sweep();
    expect((await t.sql`select state from app.tasks where job_key = ${pre.key}`)[0]?.['state']).toBe('created');
    await t.sql`update app.tasks set checked_at = now() - interval '1 hour' where job_key = ${pre.key}`;
    expect(await inbox.sweep()).toBeGreaterThanOrEqual(1);
    expect((await clerk.get<TaskList>('/tasks', { list: 'groups', pageSize: 200 })).body.items.map((i) => i.key)).not.toContain(pre.key);
    const [entry] = await t.sql`select actor, action from app.audit where subject_id = ${pre.key} and action = 'task.withdrawn'`;
    expect(entry).toEqual({ actor: 'engine', action: 'task.withdrawn' });
  });

  it('unclaim puts a group task back in the pool (a 会签 task back to its department); a task the model assigned to one person has no pool to go back to', async () => {
    const caseNo = nextCaseNo();
    const { approval } = await atApproval(caseNo);
    const approver = await t.as('approver');
    const other = await asApprover3();
    expect((await approver.post(`/tasks/${approval.key}/claim`)).status).toBe(200);
    expect((await other.post<ErrorBody>(`/tasks/${approval.key}/unclaim`)).status).toBe(409);
    const back = await approver.post<TaskDetail>(`/tasks/${approval.key}/unclaim`);
    expect(back.status).toBe(200);
    expect(back.body.assignee).toBeNull();
    expect((await other.post(`/tasks/${approval.key}/claim`)).status).toBe(200);

    // A supplement with its materials is accepted and the flow stops the clock to wait for them.
    const supplement = await other.post<TaskDetail>(`/tasks/${approval.key}/complete`, { decision: 'supplement', opinion: '请补充经营场所证明', missingMaterials: ['经营场所证明'] });
    expect(supplement.status).toBe(200);
    expect(supplement.body.opinion).toBe('请补充经营场所证明');
    await t.engine.activated(approval.processInstanceKey, 'awaitApprovalSupplement');

    // 会签 is the department's: a signer who claimed it can hand it back to the department.
    const signCase = nextCaseNo();
    await atApprovalStageCountersign(signCase, ['fire-rescue'], 'countersign');
    const approver2 = await t.as('approver2');
    const sign = await waitTask(approver2, signCase, 'countersignTask');
    expect((await approver2.post(`/tasks/${sign.key}/claim`)).status).toBe(200);
    const handedBack = await approver2.post<TaskDetail>(`/tasks/${sign.key}/unclaim`);
    expect(handedBack.status).toBe(200);
    expect(handedBack.body.assignee).toBeNull();
    expect((await approver2.get<TaskList>('/tasks', { list: 'unassigned', pageSize: 200 })).body.items.map((i) => i.key)).toContain(sign.key);

    // A designer's step may still name one person: nobody else to give it back to.
    await t.engine.deploy('named-person-step', line('named-person-step', userTask('check', { assignee: '=person' })));
    const named = await t.engine.zbc.createProcessInstance({ bpmnProcessId: 'named-person-step', variables: { caseNo: signCase, person: 'approver2' } });
    started.push(named.processInstanceKey);
    const personal = await waitTask(approver2, signCase, 'check');
    expect((await approver2.post(`/tasks/${personal.key}/claim`)).status).toBe(200);
    const refused = await approver2.post<ErrorBody>(`/tasks/${personal.key}/unclaim`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('改派');
  });

  it('every task endpoint is in the OpenAPI document, with who may call it', async () => {
    const doc = await t.anonymous.get<{ paths: Record<string, Record<string, { summary?: string }>> }>('/docs');
    expect(doc.status).toBe(200);
    for (const [path, method] of [['/tasks', 'get'], ['/tasks/{key}', 'get'], ['/tasks/{key}/claim', 'post'], ['/tasks/{key}/unclaim', 'post'], ['/tasks/{key}/complete', 'post'], ['/tasks/{key}/reassign', 'post'], ['/tasks/{key}/send-back', 'post'], ['/tasks/{key}/urge', 'post']] as const) {
      expect(doc.body.paths[`/api${path}`]?.[method]?.summary, `${method} ${path}`).toBeTruthy();
    }
  });
});
