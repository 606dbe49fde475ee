// 督办's reading endpoints for the web pages: the case diagram (the deployed BPMN of the
// instance's version, per-element counts, flows taken), the dashboard overview, and the stuck
// list's filters (reason, sub-item, process variable). A real case is opened by the clerk and
// its first job fails with no retries left, which raises an incident.
import { beforeAll, describe, expect, it } from 'vitest';
import { apiSuite, type ErrorBody } from '../support/api.js';
import { openCaseWithIncident } from '../support/hall.js';

const t = apiSuite('api-supervision-views');
const FOOD = '330A0100200001'; // 食品经营许可（新办）: commitment-item, county hall

let caseNo = '';
let processInstanceKey = '';

beforeAll(async () => {
  ({ caseNo, processInstanceKey } = await openCaseWithIncident(t));
});

interface Diagram {
  processInstanceKey: string;
  bpmnProcessId: string;
  version: number;
  xml: string;
  elements: { elementId: string; active: number; incidents: number; completed: number }[];
  sequenceFlows: { sequenceFlowId: string; count: number }[];
}

describe('case diagram', () => {
  it('gives the BPMN of the version the case runs, the incident on 身份核验, the start completed and the flow taken to it', async () => {
    const supervisor = await t.as('supervisor');
    const r = await supervisor.get<{ engineAvailable: boolean; diagrams: Diagram[] }>(`/supervision/cases/${caseNo}/diagram`);
    expect(r.status).toBe(200);
    expect(r.body.engineAvailable).toBe(true);
    const [root] = r.body.diagrams;
    expect(root).toMatchObject({ processInstanceKey, bpmnProcessId: 'commitment-item' });
    expect(root?.xml).toContain('id="identityCheck"');
    expect(root?.xml).toContain('BPMNShape');
    const identity = root?.elements.find((e) => e.elementId === 'identityCheck');
    expect(identity).toMatchObject({ incidents: 1, active: 0, completed: 0 });
    expect(root?.elements.some((e) => e.completed === 1 && root.xml.includes(`<bpmn:startEvent id="${e.elementId}"`))).toBe(true);
    // The flow into 身份核验 is one of those taken.
    const into = root?.sequenceFlows.map((f) => f.sequenceFlowId) ?? [];
    expect(into.length).toBeGreaterThan(0);
    expect(into.some((id) => new RegExp(`<bpmn:sequenceFlow id="${id}"[^>]*targetRef="identityCheck"`).test(root?.xml ?? ''))).toBe(true);
  });

  it('is for supervisors only, and names an unknown case', async () => {
    expect((await (await t.as('clerk')).get(`/supervision/cases/${caseNo}/diagram`)).status).toBe(403);
    const missing = await (await t.as('supervisor')).get<ErrorBody>('/supervision/cases/NO-SUCH/diagram');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain('NO-SUCH');
  });
});

describe('stuck list filters', () => {
  const listed = async (query: Record<string, string>): Promise<string[]> => {
    const r = await (await t.as('supervisor')).get<{ items: { caseNo: string }[] }>('/supervision/stuck', query);
    expect(r.status).toBe(200);
    return r.body.items.map((i) => i.caseNo);
  };

  it('by reason, sub-item and a process variable value', async () => {
    expect(await listed({ reason: 'incident' })).toContain(caseNo);
    expect(await listed({ reason: 'overdue-red' })).not.toContain(caseNo);
    expect(await listed({ subItemCode: FOOD })).toContain(caseNo);
    expect(await listed({ subItemCode: '330C0800100001' })).not.toContain(caseNo);
    expect(await listed({ varName: 'caseNo', varValue: caseNo })).toEqual([caseNo]);
    expect(await listed({ varName: 'subItemCode', varValue: FOOD, reason: 'incident' })).toContain(caseNo);
    expect(await listed({ varName: 'caseNo', varValue: 'C000000000000' })).toEqual([]);
  });

  it('refuses half a variable filter and an unknown reason, naming the parameter', async () => {
    const supervisor = await t.as('supervisor');
    const half = await supervisor.get<ErrorBody>('/supervision/stuck', { varName: 'caseNo' });
    expect(half.status).toBe(400);
    expect(half.body.error.issues?.map((i) => i.path)).toEqual(['query.varValue']);
    const reason = await supervisor.get<ErrorBody>('/supervision/stuck', { reason: 'lazy' });
    expect(reason.status).toBe(400);
    expect(reason.body.error.issues?.map((i) => i.path)).toEqual(['query.reason']);
  });
});

describe('overview', () => {
  it('counts open cases by status and unit, the incident case, and where instances wait', async () => {
    const r = await (await t.as('supervisor')).get<{
      openCases: number;
      byStatus: { status: string; label: string; count: number }[];
      byUnit: { orgUnit: string; name: string; open: number; byStatus: Record<string, number> }[];
      overdue: { yellow: number; red: number };
      incidentCases: number;
      waitStates: { processDefinitionId: string; elementId: string; elementName: string; waitingCount: number; incidentCount: number; oldestMs: number }[];
    }>('/supervision/overview');
    expect(r.status).toBe(200);
    const [open] = await t.sql<{ n: number }[]>`select count(*)::int as n from app.cases where status not in ('refused','concluded','withdrawn','canceled')`;
    expect(r.body.openCases).toBe(open?.n);
    const [row] = await t.sql<{ status: string }[]>`select status from app.cases where case_no = ${caseNo}`;
    expect(r.body.byStatus.find((s) => s.status === row?.status)?.count).toBeGreaterThanOrEqual(1);
    expect(r.body.byUnit.find((u) => u.orgUnit === 'county')).toMatchObject({ name: '县政务服务中心' });
    expect(r.body.incidentCases).toBe(1);
    expect(r.body.overdue).toEqual({ yellow: 0, red: 0 });
    const wait = r.body.waitStates.find((w) => w.processDefinitionId === 'commitment-item' && w.elementId === 'identityCheck');
    expect(wait).toMatchObject({ elementName: '身份核验', waitingCount: 1, incidentCount: 1 });
    expect(wait?.oldestMs).toBeGreaterThanOrEqual(0);
  });

  it('for one unit leaves out the engine-wide wait states and says so', async () => {
    const r = await (await t.as('supervisor')).get<{ byUnit: { orgUnit: string }[]; waitStates: unknown[]; note: string | null }>('/supervision/overview', { orgUnit: 'town-qingshan' });
    expect(r.status).toBe(200);
    expect(r.body.byUnit.every((u) => u.orgUnit === 'town-qingshan')).toBe(true);
    expect(r.body.waitStates).toEqual([]);
    expect(r.body.note).toContain('环节停留');
  });
});
