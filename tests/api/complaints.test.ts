// 办不成事反映 over HTTP: a citizen files on a phone or staff file at the window, the complaint flow
// starts with the contract's variables, the complainant looks it up by number and phone, the
// complaint desk follows it through 分类转办 → 限期办理 → 满意度核查 in the task inbox (the desk picks a
// tier, the department resolves, the desk checks satisfaction; each completion is recorded on the
// complaint), and closure is counted.
// The clock is fixed at Tuesday 2026-12-01 10:00 (China).
import { describe, expect, it } from 'vitest';
import { apiSuite, type ErrorBody } from '../support/api.js';
import { complete, inboxTask, insertCase as insertCaseRow, jobTaker, type InboxTask } from '../support/hall.js';
import { eventually } from '../support/wait.js';

const NOW = new Date('2026-12-01T10:00:00+08:00');
const t = apiSuite('api-complaints', { now: () => NOW });

interface Filed {
  complaintNo: string;
  processInstanceKey: string | null;
  flowError: string | null;
}

interface Complaint {
  complaintNo: string;
  complainant: { name: string; phone: string };
  caseNo: string | null;
  source: string;
  filedBy: string | null;
  state: string;
  overdue: boolean;
  stage: string;
  stageLabel: string;
  responsibleGroups: string[];
  tier: string | null;
  tierLabel: string | null;
  resolveDueAt: string | null;
  resolution: string | null;
  closedAt: string | null;
  reopened: number;
  steps: { step: string; label: string; actor: string | null }[];
}

/** Every complaint this file filed successfully, for the closure figures at the end. */
const filed: string[] = [];

async function file(body: Record<string, unknown>): Promise<Filed> {
  const r = await t.anonymous.post<Filed>('/public/complaints', body);
  expect(r.status).toBe(201);
  filed.push(r.body.complaintNo);
  return r.body;
}

/** A case in app.cases (cases are another part's), for a complaint that names one. */
async function insertCase(caseNo: string): Promise<void> {
  await insertCaseRow(t.sql, { caseNo, applicant: { kind: 'person', name: '钱七', phone: '13700000000' }, status: 'refused' });
}

/** The job of `type` at `elementId` of instance `pi`, as a worker activates it (ow.notify: no workers run here). */
const takeJob = jobTaker(t.engine);

/** `username` completes the task at `elementId` with the form's fields, through the inbox. */
async function completeTask(pi: string, elementId: string, username: string, form: Record<string, unknown>): Promise<InboxTask> {
  const who = await t.as(username);
  return complete(who, await inboxTask(who, pi, elementId), form);
}

async function complaint(no: string): Promise<Complaint> {
  const r = await (await t.as('supervisor')).get<Complaint>(`/complaints/${no}`);
  expect(r.status).toBe(200);
  return r.body;
}

describe('filing a complaint', () => {
  it('a citizen files on a phone: a number, and the complaint flow with the contract\'s start variables', async () => {
    await insertCase('TEST-COMPLAINT-0001');
    const r = await file({ name: '钱七', phone: '13700000000', caseNo: 'TEST-COMPLAINT-0001', description: '材料交了三次还是说不齐，办不成' });
    expect(r.complaintNo).toMatch(/^FY20261201\d{4}$/);
    expect(r.flowError).toBeNull();
    const pi = r.processInstanceKey ?? '';
    expect((await t.engine.instancesOf('complaint')).map((i) => i.key)).toContain(pi);
    await t.engine.activated(pi, 'assign');
    const vars: Record<string, unknown> = {};
    for (const name of ['complaintNo', 'complainant', 'caseNo', 'description']) vars[name] = await t.engine.log.variable(pi, name);
    expect(vars).toEqual({
      complaintNo: r.complaintNo,
      complainant: { kind: 'person', name: '钱七', phone: '13700000000' },
      caseNo: 'TEST-COMPLAINT-0001',
      description: '材料交了三次还是说不齐，办不成',
    });
    const view = await complaint(r.complaintNo);
    expect(view).toMatchObject({ source: 'public', filedBy: null, state: 'open', stage: 'assign', stageLabel: '分类转办', overdue: false });
    expect(view.steps.map((s) => s.step)).toEqual(['filed', 'flowStarted']);
  });

  it('numbers run on per day', async () => {
    const a = await file({ name: '孙八', phone: '0571-87654321', description: '窗口说这件事不归他们管' });
    const b = await file({ name: '孙八', phone: '0571-87654321', description: '换了窗口还是不归他们管' });
    expect(Number(b.complaintNo.slice(-4))).toBe(Number(a.complaintNo.slice(-4)) + 1);
  });

  it('staff at the window file on someone\'s behalf, and it is audited', async () => {
    const r = await (await t.as('clerk')).post<Filed>('/complaints', { name: '周九', phone: '13600000000', description: '老人不会用手机，线上办不了' });
    expect(r.status).toBe(201);
    filed.push(r.body.complaintNo);
    expect(await complaint(r.body.complaintNo)).toMatchObject({ source: 'window', filedBy: 'clerk' });
    const [row] = await t.sql<{ actor: string }[]>`select actor from app.audit where action = 'complaint.file' and subject_id = ${r.body.complaintNo}`;
    expect(row?.actor).toBe('clerk');
  });

  it('bad input names the field and files nothing', async () => {
    const [before] = await t.sql<{ n: number }[]>`select count(*)::int as n from app.complaints`;
    const r = await t.anonymous.post<ErrorBody>('/public/complaints', { name: '', phone: '12345', description: '短' });
    expect(r.status).toBe(400);
    expect(r.body.error.issues?.map((i) => i.path)).toEqual(['body.name', 'body.phone', 'body.description']);
    const unknownCase = await t.anonymous.post<ErrorBody>('/public/complaints', { name: '吴十', phone: '13500000000', caseNo: 'NO-SUCH-CASE', description: '办件编号写错了的反映' });
    expect(unknownCase.status).toBe(400);
    expect(unknownCase.body.error.issues?.[0]?.path).toBe('body.caseNo');
    const [after] = await t.sql<{ n: number }[]>`select count(*)::int as n from app.complaints`;
    expect(after?.n).toBe(before?.n);
  });
});

describe('the complainant looks it up', () => {
  it('by number and phone; a wrong phone answers like an unknown number', async () => {
    const r = await file({ name: '郑一', phone: '13300000000', description: '营业执照迟迟拿不到' });
    const found = await t.anonymous.get<Record<string, unknown>>('/public/complaints/lookup', { no: r.complaintNo, phone: '13300000000' });
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ complaintNo: r.complaintNo, state: 'open', stageLabel: '分类转办' });
    expect(JSON.stringify(found.body)).not.toContain('郑一');
    const wrongPhone = await t.anonymous.get<ErrorBody>('/public/complaints/lookup', { no: r.complaintNo, phone: '13300000001' });
    const unknown = await t.anonymous.get<ErrorBody>('/public/complaints/lookup', { no: 'FY202612019999', phone: '13300000000' });
    expect(wrongPhone.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(wrongPhone.body.error.message).toBe(unknown.body.error.message);
    const malformed = await t.anonymous.get<ErrorBody>('/public/complaints/lookup', { no: 'abc', phone: '1' });
    expect(malformed.body.error.issues?.[0]?.path).toBe('query.no');
  });
});

describe('following a complaint to closure', () => {
  it('分类转办 with a tier → 限期办理 → unsatisfied → again → satisfied: closed, and the flow completed', async () => {
    const r = await file({ name: '王二', phone: '13200000000', description: '企业开办跑了三个窗口没办成' });
    const pi = r.processInstanceKey ?? '';
    const supervisor = await t.as('supervisor');

    // The 分类转办 form asks for the resolve-by date of the tier the person picked.
    const due = await supervisor.get<{ resolveDueAt: string; label: string }>('/complaints/due-date', { tier: 'within5' });
    expect(due.body).toEqual({ tier: 'within5', label: '5个工作日内', resolveDueAt: '2026-12-08T17:30:00+08:00', estimated: false });
    const instant = await supervisor.get<{ resolveDueAt: string }>('/complaints/due-date', { tier: 'instant' });
    expect(instant.body.resolveDueAt).toBe('2026-12-01T17:30:00+08:00');

    // The desk picks the tier in the inbox; the date is the one the form showed.
    await completeTask(pi, 'assign', 'supervisor', { responsibleGroups: ['market-regulation'], tier: 'within5' });
    const resolve = await inboxTask(await t.as('approver'), pi, 'resolve');
    expect(resolve.dueAt).toBe('2026-12-08T09:30:00.000Z');
    expect(resolve.name).toBe('限期办理');
    expect(await complaint(r.complaintNo)).toMatchObject({ stage: 'resolve', responsibleGroups: ['market-regulation'], tier: 'within5', tierLabel: '5个工作日内', resolveDueAt: '2026-12-08T09:30:00.000Z' });

    await completeTask(pi, 'resolve', 'approver', { resolution: '已协调市场监管局当天办结' });
    // ow.notify feeds back to the complainant (a worker's job; played here).
    const feedback = await takeJob(pi, 'ow.notify', 'feedback');
    expect(feedback.variables['to']).toEqual([{ kind: 'person', name: '王二', phone: '13200000000' }]);
    await t.engine.zbc.completeJob({ jobKey: feedback.key, variables: {} });
    expect(await complaint(r.complaintNo)).toMatchObject({ stage: 'satisfactionCheck', resolution: '已协调市场监管局当天办结' });

    await completeTask(pi, 'satisfactionCheck', 'supervisor', { complainantSatisfied: false });
    expect(await complaint(r.complaintNo)).toMatchObject({ stage: 'assign', state: 'open', reopened: 1 });

    await completeTask(pi, 'assign', 'supervisor', { responsibleGroups: ['market-regulation'], tier: 'instant' });
    expect(await complaint(r.complaintNo)).toMatchObject({ tier: 'instant', resolveDueAt: new Date(instant.body.resolveDueAt).toISOString() });
    await completeTask(pi, 'resolve', 'approver', { resolution: '已上门送达营业执照' });
    await t.engine.zbc.completeJob({ jobKey: (await takeJob(pi, 'ow.notify', 'feedback')).key, variables: {} });
    await completeTask(pi, 'satisfactionCheck', 'supervisor', { complainantSatisfied: true });
    await t.engine.completed(pi);

    const closed = await complaint(r.complaintNo);
    expect(closed).toMatchObject({ state: 'closed', stage: 'closed', stageLabel: '办结备案', reopened: 1, overdue: false });
    expect(closed.steps.map((s) => s.step)).toEqual(['filed', 'flowStarted', 'assigned', 'resolved', 'unsatisfied', 'assigned', 'resolved', 'satisfied']);
    // Each step names who completed its task in the inbox.
    expect(closed.steps.slice(2).map((s) => s.actor)).toEqual(['supervisor', 'approver', 'supervisor', 'supervisor', 'approver', 'supervisor']);
    const lookup = await t.anonymous.get<{ state: string; resolution: string }>('/public/complaints/lookup', { no: r.complaintNo, phone: '13200000000' });
    expect(lookup.body).toMatchObject({ state: 'closed', resolution: '已上门送达营业执照' });
  });

  it('a complaint past its resolve-by date is overdue until closed', async () => {
    const r = await file({ name: '李三', phone: '13100000000', description: '社保转移一直没有结果' });
    const pi = r.processInstanceKey ?? '';
    // The tier and the date are one choice: both at once is refused, naming the field, and the task stays.
    const desk = await t.as('supervisor');
    const assign = await inboxTask(desk, pi, 'assign');
    const both = await desk.post<ErrorBody>(`/tasks/${assign.key}/complete`, { responsibleGroups: ['social-insurance'], tier: 'within5', resolveDueAt: '2026-11-30T17:30:00+08:00' });
    expect(both.status).toBe(400);
    expect(both.body.error.issues?.map((i) => i.path)).toEqual(['body.resolveDueAt']);
    // A date the tiers don't fit is given as it is.
    await completeTask(pi, 'assign', 'supervisor', { responsibleGroups: ['social-insurance'], resolveDueAt: '2026-11-30T17:30:00+08:00' });
    expect(await complaint(r.complaintNo)).toMatchObject({ overdue: true, state: 'open' });
    const supervisor = await t.as('supervisor');
    const overdue = await supervisor.get<{ items: { complaintNo: string }[] }>('/complaints', { state: 'overdue' });
    expect(overdue.body.items.map((c) => c.complaintNo)).toEqual([r.complaintNo]);
  });
});

describe('the complaint desk', () => {
  it('only the complaint window and supervisors read complaints', async () => {
    const approver = await t.as('approver');
    expect((await approver.get('/complaints')).status).toBe(403);
    expect((await approver.get('/complaints/closure')).status).toBe(403);
    expect((await t.anonymous.get('/complaints')).status).toBe(401);
    expect((await (await t.as('supervisor')).get('/complaints/FY202612019999')).status).toBe(404);
  });

  it('closure is tracked: filed, closed, open, overdue, and the closure rate', async () => {
    const supervisor = await t.as('supervisor');
    const closure = await supervisor.get<Record<string, unknown>>('/complaints/closure', { from: '2026-12-01', to: '2026-12-01' });
    expect(closure.status).toBe(200);
    const n = filed.length;
    expect(closure.body).toEqual({ from: '2026-12-01', to: '2026-12-01', filed: n, closed: 1, open: n - 1, overdue: 1, closureRate: Number((1 / n).toFixed(4)) });
    const open = await supervisor.get<{ total: number }>('/complaints', { state: 'open' });
    const closed = await supervisor.get<{ total: number; items: { complaintNo: string }[] }>('/complaints', { state: 'closed' });
    expect(open.body.total).toBe(n - 1);
    expect(closed.body.total).toBe(1);
    const earlier = await supervisor.get<{ filed: number; closureRate: number | null }>('/complaints/closure', { to: '2026-11-30' });
    expect(earlier.body).toMatchObject({ filed: 0, closureRate: null });
  });
});

describe('flooding', () => {
  it('one address files at most 10 complaints an hour; staff at the window are not limited', async () => {
    let status = 201;
    let last: { status: number; body: ErrorBody; headers: Headers } | undefined;
    for (let i = 0; i < 12 && status === 201; i++) {
      last = await t.anonymous.post<ErrorBody>('/public/complaints', { name: '脚本', phone: '13000000000', description: `第 ${String(i)} 次自动提交的反映` });
      status = last.status;
    }
    expect(status).toBe(429);
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(last?.body.error.message).toContain('到窗口当面提交');
    const [row] = await t.sql<{ n: number }[]>`select count(*)::int as n from app.complaints where source_ip is not null`;
    expect(row?.n).toBe(10);
    expect((await (await t.as('clerk')).post('/complaints', { name: '当面', phone: '13000000001', description: '窗口代为登记的反映' })).status).toBe(201);
  });
});
