// 督办 over HTTP: the stuck-case list and its reasons, tracing a case through the audit and the
// engine's records, and the supervisor's fixes (retry an incident, correct a variable, cancel),
// each requiring a reason and leaving an audit row. Cases are inserted with SQL and their
// instances started through the gateway (opening cases is another part of the api).
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { line, serviceTask, userTask } from '../support/bpmn.js';
import { takeJob } from '../support/jobs.js';
import { eventually, sleep } from '../support/wait.js';
import { apiSuite, type ErrorBody } from '../support/api.js';

let offsetMs = 0;
const t = apiSuite('api-supervision', { now: () => new Date(Date.now() + offsetMs) });

const WORK = 'sv-work';
const WAIT = 'sv-wait';
const SLOW = 'sv-slow';
const workXml = line(WORK, serviceTask('check', 'sv.check'), userTask('review', { candidateGroups: '=["front-desk"]' }))
  .replace('<bpmn:serviceTask id="check"', '<bpmn:serviceTask id="check" name="材料核验"')
  .replace('<bpmn:userTask id="review"', '<bpmn:userTask id="review" name="审批"');
const slowXml = line(SLOW, userTask('inspect', { candidateGroups: '=["front-desk"]' })).replace('<bpmn:userTask id="inspect"', '<bpmn:userTask id="inspect" name="现场核查"');
const waitXml = line(WAIT, userTask('wait', { candidateGroups: '=["front-desk"]' })).replace('<bpmn:userTask id="wait"', '<bpmn:userTask id="wait" name="等待审核"');

interface CaseSpec {
  readonly status?: string;
  readonly warning?: string | null;
  readonly yellowAt?: Date | null;
  readonly committedDueAt?: Date | null;
  readonly orgUnit?: string;
  /** Start an instance of this process for the case. */
  readonly process?: string;
}

let counter = 0;
async function openCase(spec: CaseSpec = {}): Promise<{ caseNo: string; processInstanceKey: string | null }> {
  counter += 1;
  const caseNo = `SV${String(Date.now()).slice(-6)}${String(counter).padStart(3, '0')}`;
  await t.sql`insert into app.cases (case_no, sub_item_code, org_unit, applicant, applicant_kind, applicant_name, phone, status, bpmn_process_id,
      created_by, warning, yellow_at, committed_due_at, public_token)
    values (${caseNo}, '330A0100200001', ${spec.orgUnit ?? 'county'}, ${t.sql.json({ kind: 'person', name: '张三' })}, 'person', '张三', '13800000000',
      ${spec.status ?? 'approving'}, ${spec.process ?? 'commitment-item'}, 'clerk', ${spec.warning ?? null}, ${spec.yellowAt ?? null},
      ${spec.committedDueAt ?? null}, ${randomUUID()})`;
  if (!spec.process) return { caseNo, processInstanceKey: null };
  const started = await t.engine.zbc.createProcessInstance({ bpmnProcessId: spec.process, variables: { caseNo } });
  const key = String(started.processInstanceKey);
  await t.sql`update app.cases set process_instance_key = ${key} where case_no = ${caseNo}`;
  return { caseNo, processInstanceKey: key };
}

interface StuckBody {
  engineAvailable: boolean;
  items: {
    caseNo: string;
    orgUnitName: string;
    reasons: { kind: string; since: string | null; elementId: string | null; elementName: string | null; incidentKey: string | null; explanation: string }[];
    waitingAt: { elementId: string; elementName: string; since: string | null }[];
  }[];
}

async function stuck(query: Record<string, string | number> = {}): Promise<StuckBody> {
  // Signed in afresh each time: a test moves the api's clock past the session's lifetime.
  const login = await t.anonymous.post<{ token: string }>('/auth/login', { username: 'supervisor', password: 'onewindow2026' });
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
  const r = await fetch(`${t.url}/api/supervision/stuck${qs ? `?${qs}` : ''}`, { headers: { authorization: `Bearer ${login.body.token}` } });
  expect(r.status).toBe(200);
  return (await r.json()) as StuckBody;
}
const listed = (body: StuckBody, caseNo: string): StuckBody['items'][number] | undefined => body.items.find((i) => i.caseNo === caseNo);

async function auditOf(caseNo: string): Promise<{ actor: string; action: string; reason: string | null; detail: Record<string, unknown> }[]> {
  return t.sql`select actor, action, reason, detail from app.audit where subject_type = 'case' and subject_id = ${caseNo} order by id`;
}

beforeAll(async () => {
  await t.engine.deploy(WORK, workXml);
  await t.engine.deploy(WAIT, waitXml);
  await t.engine.deploy(SLOW, slowXml);
});

describe('stuck cases', () => {
  it('a case whose job failed with no retries left is listed as an incident, where it waits; retry with a reason resolves it and it leaves the list', async () => {
    const { caseNo, processInstanceKey } = await openCase({ process: WORK });
    const job = await takeJob(t.engine.zbc, 'sv.check');
    await t.engine.zbc.failJob({ jobKey: job.key, retries: 0, errorMessage: '材料库连接超时', retryBackOff: 0 });
    const incident = await t.engine.activeIncident(processInstanceKey ?? '');

    const before = await stuck();
    expect(before.engineAvailable).toBe(true);
    const row = listed(before, caseNo);
    expect(row?.orgUnitName).toBe('县政务服务中心');
    expect(row?.reasons).toEqual([
      expect.objectContaining({ kind: 'incident', elementId: 'check', elementName: '材料核验', incidentKey: incident.key }),
    ]);
    expect(row?.reasons[0]?.explanation).toContain('材料库连接超时');
    expect(row?.waitingAt).toEqual([expect.objectContaining({ elementId: 'check', elementName: '材料核验' })]);

    const supervisor = await t.as('supervisor');
    const noReason = await supervisor.post<ErrorBody>(`/supervision/incidents/${incident.key}/retry`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.issues?.map((i) => i.path)).toEqual(['body.reason']);

    const retried = await supervisor.post<{ jobKey: string; caseNo: string }>(`/supervision/incidents/${incident.key}/retry`, { reason: '材料库已恢复，重新核验' });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ jobKey: job.key, caseNo });
    // The job is back for a worker, and once done the case moves on.
    const again = await takeJob(t.engine.zbc, 'sv.check');
    expect(again.processInstanceKey).toBe(processInstanceKey);
    await t.engine.zbc.completeJob({ jobKey: again.key, variables: {} });
    await t.engine.activated(processInstanceKey ?? '', 'review');

    expect(listed(await stuck(), caseNo)).toBeUndefined();
    expect(await auditOf(caseNo)).toEqual([
      expect.objectContaining({ actor: 'supervisor', action: 'supervision.incident.retry', reason: '材料库已恢复，重新核验', detail: expect.objectContaining({ incidentKey: incident.key, jobKey: job.key }) }),
    ]);

    const twice = await supervisor.post<ErrorBody>(`/supervision/incidents/${incident.key}/retry`, { reason: '再试一次' });
    expect(twice.status).toBe(409);
  });

  it('a red overdue case is listed with its due date; yellow below red; a suspended or concluded case is not', async () => {
    const now = Date.now();
    const red = await openCase({ warning: 'red', committedDueAt: new Date(now - 86_400_000), yellowAt: new Date(now - 3 * 86_400_000) });
    const redByDate = await openCase({ committedDueAt: new Date(now - 60_000) });
    const yellow = await openCase({ yellowAt: new Date(now - 60_000), committedDueAt: new Date(now + 2 * 86_400_000) });
    const suspended = await openCase({ status: 'suspended', warning: 'red', committedDueAt: new Date(now - 86_400_000) });
    const concluded = await openCase({ status: 'concluded', committedDueAt: new Date(now - 86_400_000) });
    const fine = await openCase({ yellowAt: new Date(now + 86_400_000), committedDueAt: new Date(now + 3 * 86_400_000) });

    const body = await stuck();
    expect(listed(body, red.caseNo)?.reasons).toEqual([expect.objectContaining({ kind: 'overdue-red', since: new Date(now - 86_400_000).toISOString() })]);
    expect(listed(body, redByDate.caseNo)?.reasons.map((r) => r.kind)).toEqual(['overdue-red']);
    expect(listed(body, yellow.caseNo)?.reasons.map((r) => r.kind)).toEqual(['overdue-yellow']);
    for (const c of [suspended, concluded, fine]) expect(listed(body, c.caseNo)).toBeUndefined();
    // Red before yellow in the list.
    const order = body.items.map((i) => i.caseNo);
    expect(order.indexOf(red.caseNo)).toBeLessThan(order.indexOf(yellow.caseNo));
  });

  it('a case the engine has written nothing for in N working hours is listed as no progress', async () => {
    const { caseNo, processInstanceKey } = await openCase({ process: WAIT });
    await t.engine.activated(processInstanceKey ?? '', 'wait');
    expect(listed(await stuck({ noProgressHours: 1 }), caseNo)).toBeUndefined();
    offsetMs = 14 * 86_400_000; // two weeks on: at least a few working days, whatever the holidays
    try {
      const row = listed(await stuck({ noProgressHours: 1 }), caseNo);
      const reason = row?.reasons.find((r) => r.kind === 'no-progress');
      expect(reason?.explanation).toMatch(/个工作小时没有任何进展/);
      expect(Date.parse(reason?.since ?? '')).toBeLessThanOrEqual(Date.now());
      expect(row?.waitingAt.map((w) => w.elementName)).toEqual(['等待审核']);
    } finally {
      offsetMs = 0;
    }
  });

  it('a case waiting at a step much longer than the others waiting there is listed as slow', async () => {
    const first = await openCase({ process: SLOW });
    await t.engine.activated(first.processInstanceKey ?? '', 'inspect');
    await sleep(1_500);
    const others = [];
    for (let i = 0; i < 5; i++) others.push(await openCase({ process: SLOW }));
    for (const o of others) await t.engine.activated(o.processInstanceKey ?? '', 'inspect');
    const body = await stuck();
    const slow = listed(body, first.caseNo)?.reasons.find((r) => r.kind === 'slow-step');
    expect(slow).toMatchObject({ elementId: 'inspect', elementName: '现场核查' });
    expect(slow?.explanation).toContain('90% 分位');
    for (const o of others) expect(listed(body, o.caseNo)).toBeUndefined();
  });

  it('only supervisors see the list', async () => {
    const clerk = await t.as('clerk');
    expect((await clerk.get('/supervision/stuck')).status).toBe(403);
    expect((await t.anonymous.get('/supervision/stuck')).status).toBe(401);
  });
});

describe('fixing a case', () => {
  it('cancel needs a reason, cancels the instance, marks the case canceled and audits who and why; a second cancel says the case is already final', async () => {
    const { caseNo, processInstanceKey } = await openCase({ process: WAIT });
    await t.engine.activated(processInstanceKey ?? '', 'wait');
    const supervisor = await t.as('supervisor');

    const noReason = await supervisor.post<ErrorBody>(`/supervision/cases/${caseNo}/cancel`, { reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.issues?.[0]?.path).toBe('body.reason');
    expect((await (await t.as('clerk')).post(`/supervision/cases/${caseNo}/cancel`, { reason: '申请人撤回' })).status).toBe(403);

    const canceled = await supervisor.post<{ status: string; processInstance: string }>(`/supervision/cases/${caseNo}/cancel`, { reason: '申请人书面申请撤回' });
    expect(canceled.status).toBe(200);
    expect(canceled.body).toEqual({ caseNo, status: 'canceled', statusLabel: '已撤销', processInstance: 'canceled' });
    const [row] = await t.sql<{ status: string }[]>`select status from app.cases where case_no = ${caseNo}`;
    expect(row?.status).toBe('canceled');
    await eventually(async () => ((await t.engine.instanceState(processInstanceKey ?? '')) === 'TERMINATED' ? true : undefined), 5_000, 'the instance to be canceled');
    expect(await auditOf(caseNo)).toEqual([
      expect.objectContaining({ actor: 'supervisor', action: 'supervision.case.cancel', reason: '申请人书面申请撤回', detail: expect.objectContaining({ previousStatus: 'approving' }) }),
    ]);

    const again = await supervisor.post<ErrorBody>(`/supervision/cases/${caseNo}/cancel`, { reason: '再撤销一次' });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('已撤销');
    expect((await supervisor.post<ErrorBody>('/supervision/cases/NO-SUCH-CASE/cancel', { reason: '测试' })).status).toBe(404);
  });

  it('a variable is set on the process instance with the old value and the reason audited; the correlation key is protected', async () => {
    const { caseNo, processInstanceKey } = await openCase({ process: WAIT });
    await t.engine.activated(processInstanceKey ?? '', 'wait');
    const supervisor = await t.as('supervisor');
    const protectedKey = await supervisor.post<ErrorBody>(`/supervision/cases/${caseNo}/variables`, { name: 'caseNo', value: 'X', reason: '改号' });
    expect(protectedKey.status).toBe(400);
    expect(protectedKey.body.error.issues?.[0]?.path).toBe('body.name');
    const badName = await supervisor.post<ErrorBody>(`/supervision/cases/${caseNo}/variables`, { name: '1bad', value: 1, reason: '测试' });
    expect(badName.body.error.issues?.map((i) => i.path)).toEqual(['body.name']);

    const set = await supervisor.post<{ previousValue: string | null }>(`/supervision/cases/${caseNo}/variables`, { name: 'approvalGroups', value: ['health'], reason: '审批部门选错，改为卫健' });
    expect(set.status).toBe(200);
    expect(set.body.previousValue).toBeNull();
    await eventually(async () => {
      const [v] = await t.sql<{ value: unknown }[]>`select value from engine.variables where process_instance_key = ${processInstanceKey}::bigint and name = 'approvalGroups'`;
      return v ? v.value : undefined;
    }, 5_000, 'the variable to be written');
    const second = await supervisor.post<{ previousValue: string | null }>(`/supervision/cases/${caseNo}/variables`, { name: 'approvalGroups', value: ['fire-rescue'], reason: '会同消防' });
    expect(second.body.previousValue).toBe('["health"]');
    expect((await auditOf(caseNo)).map((a) => [a.action, a.reason, a.detail['value']])).toEqual([
      ['supervision.variable.set', '审批部门选错，改为卫健', ['health']],
      ['supervision.variable.set', '会同消防', ['fire-rescue']],
    ]);
  });
});

describe('tracing a case', () => {
  it('merges the business audit and the engine records of its instance in time order, with the tree, variables and incidents', async () => {
    counter += 1;
    const { caseNo, processInstanceKey } = await openCase({ process: WORK });
    // What the clerk did before the flow started (another part writes this row when it opens a case).
    await t.sql`insert into app.audit (at, actor, action, subject_type, subject_id, reason, detail)
      values (now() - interval '1 second', 'clerk', 'case.open', 'case', ${caseNo}, null, '{}')`;
    const job = await takeJob(t.engine.zbc, 'sv.check');
    await t.engine.zbc.failJob({ jobKey: job.key, retries: 0, errorMessage: '核验服务不可用', retryBackOff: 0 });
    const incident = await t.engine.activeIncident(processInstanceKey ?? '');
    const supervisor = await t.as('supervisor');
    await sleep(5);
    expect((await supervisor.post(`/supervision/incidents/${incident.key}/retry`, { reason: '服务已恢复' })).status).toBe(200);
    const again = await takeJob(t.engine.zbc, 'sv.check');
    await t.engine.zbc.completeJob({ jobKey: again.key, variables: { checked: true } });
    await t.engine.activated(processInstanceKey ?? '', 'review');

    type Entry = { source: 'audit' | 'engine'; at: string; action?: string; valueType?: string; intent?: string; elementId?: string | null; elementName?: string | null };
    const r = await supervisor.get<{
      case: { caseNo: string; statusLabel: string };
      engineAvailable: boolean;
      timeline: Entry[];
      trees: { elementId: string; type: string; children: { elementId: string; state: string }[] }[];
      variables: { name: string; value: string }[];
      incidents: { incidentKey: string; state: string }[];
    }>(`/supervision/cases/${caseNo}/trace`);
    expect(r.status).toBe(200);
    expect(r.body.case).toMatchObject({ caseNo, statusLabel: '审批中' });
    const tl = r.body.timeline;
    const times = tl.map((e) => e.at);
    expect(times).toEqual([...times].sort());
    const index = (p: (e: Entry) => boolean): number => tl.findIndex(p);
    const opened = index((e) => e.action === 'case.open');
    const started = index((e) => e.source === 'engine' && e.valueType === 'PROCESS_INSTANCE' && e.intent === 'ELEMENT_ACTIVATED' && e.elementId === WORK);
    const raised = index((e) => e.valueType === 'INCIDENT' && e.intent === 'CREATED');
    const retried = index((e) => e.action === 'supervision.incident.retry');
    const resolved = index((e) => e.valueType === 'INCIDENT' && e.intent === 'RESOLVED');
    const reviewing = index((e) => e.valueType === 'PROCESS_INSTANCE' && e.intent === 'ELEMENT_ACTIVATED' && e.elementId === 'review');
    expect(opened).toBe(0);
    expect([opened, started, raised, retried, reviewing].every((i) => i >= 0)).toBe(true);
    expect(started).toBeGreaterThan(opened);
    expect(raised).toBeGreaterThan(started);
    expect(retried).toBeGreaterThan(raised);
    expect(reviewing).toBeGreaterThan(retried);
    expect(resolved).toBeGreaterThan(raised);
    expect(tl[reviewing]?.elementName).toBe('审批');

    expect(r.body.trees[0]).toMatchObject({ elementId: WORK, type: 'PROCESS' });
    expect(r.body.trees[0]?.children.map((c) => [c.elementId, c.state])).toEqual(expect.arrayContaining([['check', 'COMPLETED'], ['review', 'ACTIVE']]));
    expect(r.body.variables).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'caseNo', value: JSON.stringify(caseNo) }), expect.objectContaining({ name: 'checked', value: 'true' })]));
    expect(r.body.incidents).toEqual([expect.objectContaining({ incidentKey: incident.key, state: 'RESOLVED' })]);
  });

  it('an unknown case is a 404', async () => {
    const r = await (await t.as('supervisor')).get<ErrorBody>('/supervision/cases/NOPE/trace');
    expect(r.status).toBe(404);
    expect(r.body.error.message).toContain('NOPE');
  });
});
