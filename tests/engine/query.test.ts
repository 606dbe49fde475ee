// The supervisors' read API (engine/query/) over HTTP, against a real engine driven by zeebe-node:
// what a supervisor sees of stuck, waiting, finished and searched-for cases. Request and response
// shapes follow Camunda 8's REST API v2 (docs.camunda.io … orchestration-cluster-api-rest:
// "Search process instances", "Search element instances", "Search incidents", "Search
// variables", "Search jobs", "Get process instance statistics", "Get process instance sequence
// flows", "Get wait state statistics"): {filter, sort, page: {limit, after, before}} in,
// {items, page: {totalItems, startCursor, endCursor}} out, keys as strings, dates as ISO strings,
// errors as problem details.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ElementInstanceNode, ElementInstanceResult } from '../../engine/query/element-instances.js';
import type { ProblemDetail } from '../../engine/query/errors.js';
import type { RecordResult } from '../../engine/query/history.js';
import type { IncidentResult } from '../../engine/query/incidents.js';
import type { JobResult } from '../../engine/query/jobs.js';
import type { PageInfo } from '../../engine/query/paging.js';
import type { ProcessInstanceResult } from '../../engine/query/process-instances.js';
import { queryRouter } from '../../engine/query/router.js';
import type { ElementStatistics, SequenceFlowResult, WaitStateStatistics } from '../../engine/query/statistics.js';
import type { VariableResult } from '../../engine/query/variables.js';
import { line, serviceTask, timerCatch, userTask } from '../support/bpmn.js';
import { takeJob } from '../support/jobs.js';
import { engineSuite } from '../support/suite.js';
import { eventually } from '../support/wait.js';

const t = engineSuite('query');
const { deploy, start } = t;
/** The query API's own pool. */
let sql: Sql;
let server: Server;
let base: string;

beforeAll(async () => {
  // The query API reads through a pool of its own, as the api process would.
  sql = postgres(t.databaseUrl, { max: 4, onnotice: () => {}, transform: { undefined: null } });
  const app = express();
  app.use(queryRouter(sql));
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  await deploy('q-case', line('q-case', serviceTask('check', 'q-check', { retries: '1' }), userTask('review')));
  await deploy('q-timer', line('q-timer', timerCatch('waitSupplement', { duration: 'PT1H' })));
  await deploy('q-done', line('q-done'));
  await deploy(
    'q-countersign',
    line('q-countersign', userTask('countersign', { multiInstance: { inputCollection: '=approvers', inputElement: 'approver' } })),
  );
});
afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await sql?.end({ timeout: 2 });
});

interface Reply<T> {
  readonly status: number;
  readonly contentType: string;
  readonly body: T;
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Reply<T>> {
  const res = await fetch(`${base}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const parsed: unknown = await res.json();
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: parsed as T };
}

interface Page<T> {
  readonly items: T[];
  readonly page: PageInfo;
}

/** A search that must succeed. */
async function search<T>(resource: string, body: unknown): Promise<Page<T>> {
  const r = await call<Page<T>>('POST', `/v2/${resource}/search`, body);
  if (r.status !== 200) throw new Error(`POST /v2/${resource}/search answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

async function get<T>(path: string): Promise<T> {
  const r = await call<T>('GET', path);
  if (r.status !== 200) throw new Error(`GET ${path} answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

const keysOf = (p: Page<ProcessInstanceResult>): string[] => p.items.map((i) => i.processInstanceKey);

describe('a case stuck on an incident', () => {
  let key: string;
  let jobKey: string;

  beforeAll(async () => {
    key = await start('q-case', { applicantName: '王五', caseNo: 'WX-INC-1' });
    const job = await takeJob(t.zbc, 'q-check');
    jobKey = job.key;
    // docs.camunda.io concepts/incidents: a job failed with no retries left raises JOB_NO_RETRIES.
    await t.zbc.failJob({ jobKey: job.key, retries: 0, errorMessage: '工商系统接口超时', retryBackOff: 0 });
  });

  it('is found among active instances with an incident', async () => {
    const found = await search<ProcessInstanceResult>('process-instances', { filter: { state: 'ACTIVE', hasIncident: true } });
    expect(keysOf(found)).toContain(key);
    const item = found.items.find((i) => i.processInstanceKey === key);
    expect(item).toMatchObject({
      processDefinitionId: 'q-case',
      processDefinitionVersion: 1,
      state: 'ACTIVE',
      hasIncident: true,
      endDate: null,
      tenantId: '<default>',
    });
    expect(item?.startDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    // …and by the incident's error message (Operate's "error message" filter).
    const byMessage = await search<ProcessInstanceResult>('process-instances', { filter: { errorMessage: { $like: '*接口超时*' } } });
    expect(keysOf(byMessage)).toEqual([key]);
    const healthy = await search<ProcessInstanceResult>('process-instances', { filter: { processDefinitionId: 'q-case', hasIncident: false } });
    expect(keysOf(healthy)).not.toContain(key);
  });

  it("shows the incident's error type and message", async () => {
    const incidents = await search<IncidentResult>('incidents', { filter: { processInstanceKey: key } });
    expect(incidents.items).toHaveLength(1);
    expect(incidents.items[0]).toMatchObject({
      errorType: 'JOB_NO_RETRIES',
      errorMessage: '工商系统接口超时',
      elementId: 'check',
      state: 'ACTIVE',
      jobKey,
      processInstanceKey: key,
      processDefinitionId: 'q-case',
    });
    const byType = await search<IncidentResult>('incidents', { filter: { errorType: { $in: ['JOB_NO_RETRIES'] }, state: 'ACTIVE' } });
    expect(byType.items.map((i) => i.processInstanceKey)).toContain(key);
  });

  it('paints the incident on its element: per-element counts, taken flows, the element instance', async () => {
    const stats = await get<{ items: ElementStatistics[] }>(`/v2/process-instances/${key}/statistics/element-instances`);
    expect(stats.items).toEqual([
      { elementId: 'check', active: 0, canceled: 0, incidents: 1, completed: 0 },
      { elementId: 'start', active: 0, canceled: 0, incidents: 0, completed: 1 },
    ]);
    const flows = await get<{ items: SequenceFlowResult[] }>(`/v2/process-instances/${key}/sequence-flows`);
    expect(flows.items.map((f) => f.elementId)).toEqual(['start-to-check']);
    expect(flows.items[0]).toMatchObject({ processInstanceKey: key, processDefinitionId: 'q-case', count: 1 });

    const incident = (await search<IncidentResult>('incidents', { filter: { processInstanceKey: key } })).items[0];
    const elements = await search<ElementInstanceResult>('element-instances', { filter: { processInstanceKey: key, elementId: 'check' } });
    expect(elements.items).toHaveLength(1);
    expect(elements.items[0]).toMatchObject({ type: 'SERVICE_TASK', state: 'ACTIVE', hasIncident: true, incidentKey: incident?.incidentKey, endDate: null });
  });

  it('shows the failed job with no retries left', async () => {
    const jobs = await search<JobResult>('jobs', { filter: { processInstanceKey: key } });
    expect(jobs.items).toHaveLength(1);
    expect(jobs.items[0]).toMatchObject({
      jobKey,
      type: 'q-check',
      state: 'FAILED',
      retries: 0,
      hasFailedWithRetriesLeft: false,
      errorMessage: '工商系统接口超时',
      elementId: 'check',
      kind: 'BPMN_ELEMENT',
    });
    const byRetries = await search<JobResult>('jobs', { filter: { type: 'q-check', retries: { $lte: 0 } } });
    expect(byRetries.items.map((j) => j.jobKey)).toContain(jobKey);
    const withRetries = await search<JobResult>('jobs', { filter: { type: 'q-check', retries: { $gte: 1 } } });
    expect(withRetries.items.map((j) => j.jobKey)).not.toContain(jobKey);
  });

  it('counts it in the wait-state statistics as a job held by an incident', async () => {
    const stats = await get<{ items: WaitStateStatistics[] }>('/v2/statistics/wait-states?processDefinitionId=q-case');
    const check = stats.items.find((s) => s.elementId === 'check');
    expect(check).toMatchObject({ processDefinitionId: 'q-case', elementType: 'SERVICE_TASK', waitStateType: 'JOB', incidentCount: 1 });
    const onlyIncidents = await get<{ items: WaitStateStatistics[] }>('/v2/statistics/wait-states?hasIncident=true');
    expect(onlyIncidents.items.every((s) => s.incidentCount > 0)).toBe(true);
  });
});

describe('a case waiting on a timer', () => {
  it('appears in the wait-state statistics with its count and age', async () => {
    const key = await start('q-timer', { caseNo: 'WX-TIMER-1' });
    await new Promise((r) => setTimeout(r, 300));
    const before = Date.now();
    const stats = await get<{ asOf: string; items: WaitStateStatistics[] }>('/v2/statistics/wait-states?processDefinitionId=q-timer');
    expect(stats.items).toHaveLength(1);
    const s = stats.items[0];
    expect(s).toMatchObject({
      processDefinitionId: 'q-timer',
      processDefinitionVersions: [1],
      elementId: 'waitSupplement',
      elementType: 'INTERMEDIATE_CATCH_EVENT',
      waitStateType: 'TIMER',
      waitingCount: 1,
      incidentCount: 0,
      oldestProcessInstanceKey: key,
    });
    expect(s?.waitDuration.oldestMs).toBeGreaterThanOrEqual(250);
    expect(s?.waitDuration.oldestMs).toBeLessThan(60_000);
    expect(s?.waitDuration.p50Ms).toBe(s?.waitDuration.oldestMs);
    expect(Date.parse(s?.oldestStartDate ?? '')).toBeLessThanOrEqual(before - 250);

    // Camunda 8.10's per-instance form.
    const mine = await get<{ items: { elementId: string; waitingCount: number }[] }>(`/v2/process-instances/${key}/statistics/wait-states`);
    expect(mine.items).toEqual([{ elementId: 'waitSupplement', waitingCount: 1 }]);

    // Filters on what is waited for.
    const timers = await get<{ items: WaitStateStatistics[] }>('/v2/statistics/wait-states?waitStateType=TIMER');
    expect(timers.items.map((i) => i.elementId)).toEqual(['waitSupplement']);
    const young = await get<{ items: WaitStateStatistics[] }>('/v2/statistics/wait-states?processDefinitionId=q-timer&minWaitMs=3600000');
    expect(young.items).toEqual([]);
  });
});

describe('completed and canceled versus active instances', () => {
  let done: string;
  let canceled: string;
  let active: string;

  beforeAll(async () => {
    done = await start('q-done', { caseNo: 'WX-DONE-1' });
    canceled = await start('q-timer', { caseNo: 'WX-CANCEL-1' });
    await t.zbc.cancelProcessInstance(canceled);
    active = await start('q-timer', { caseNo: 'WX-ACTIVE-1' });
  });

  it('tells them apart by state, with end dates on the finished ones', async () => {
    const completed = await search<ProcessInstanceResult>('process-instances', { filter: { state: 'COMPLETED', processDefinitionId: 'q-done' } });
    expect(keysOf(completed)).toContain(done);
    const item = completed.items.find((i) => i.processInstanceKey === done);
    expect(item?.endDate).not.toBeNull();
    expect(Date.parse(item?.endDate ?? '')).toBeGreaterThanOrEqual(Date.parse(item?.startDate ?? ''));

    const terminated = await search<ProcessInstanceResult>('process-instances', { filter: { state: 'TERMINATED' } });
    expect(keysOf(terminated)).toEqual([canceled]);

    const running = await search<ProcessInstanceResult>('process-instances', { filter: { state: 'ACTIVE', processDefinitionId: 'q-timer' } });
    expect(keysOf(running)).toContain(active);
    expect(keysOf(running)).not.toContain(canceled);

    const finished = await search<ProcessInstanceResult>('process-instances', { filter: { state: { $in: ['COMPLETED', 'TERMINATED'] }, endDate: { $exists: true } } });
    expect(keysOf(finished)).toEqual(expect.arrayContaining([done, canceled]));
    expect(keysOf(finished)).not.toContain(active);

    const one = await get<ProcessInstanceResult>(`/v2/process-instances/${canceled}`);
    expect(one).toMatchObject({ processInstanceKey: canceled, state: 'TERMINATED', processDefinitionId: 'q-timer', hasIncident: false });
  });

  it('rebuilds the element-instance tree of a finished instance from its records', async () => {
    const tree = await get<ElementInstanceNode>(`/v2/process-instances/${done}/element-instances/tree`);
    expect(tree).toMatchObject({ elementInstanceKey: done, type: 'PROCESS', state: 'COMPLETED', elementInstanceScopeKey: null });
    expect(tree.children.map((c) => [c.elementId, c.type, c.state])).toEqual([
      ['start', 'START_EVENT', 'COMPLETED'],
      ['end', 'END_EVENT', 'COMPLETED'],
    ]);
    const canceledTree = await get<ElementInstanceNode>(`/v2/process-instances/${canceled}/element-instances/tree`);
    expect(canceledTree.state).toBe('TERMINATED');
    expect(canceledTree.children.find((c) => c.elementId === 'waitSupplement')?.state).toBe('TERMINATED');
    const stats = await get<{ items: ElementStatistics[] }>(`/v2/process-instances/${canceled}/statistics/element-instances`);
    expect(stats.items.find((s) => s.elementId === 'waitSupplement')).toMatchObject({ active: 0, canceled: 1 });
  });

  it('reads the history (records in order) page by page', async () => {
    const all = await get<Page<RecordResult>>(`/v2/process-instances/${done}/history?limit=1000`);
    expect(all.items.length).toBeGreaterThan(5);
    const positions = all.items.map((r) => BigInt(r.position));
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const lifecycle = all.items.filter((r) => r.valueType === 'PROCESS_INSTANCE' && r.key === done).map((r) => r.intent);
    expect(lifecycle[0]).toBe('ELEMENT_ACTIVATING');
    expect(lifecycle[lifecycle.length - 1]).toBe('ELEMENT_COMPLETED');
    expect(all.items.some((r) => r.valueType === 'VARIABLE' && r.intent === 'CREATED')).toBe(true);

    const paged: RecordResult[] = [];
    let after: string | null = null;
    for (let i = 0; i < 100; i++) {
      const page: Page<RecordResult> = await get<Page<RecordResult>>(`/v2/process-instances/${done}/history?limit=3${after ? `&after=${after}` : ''}`);
      paged.push(...page.items);
      if (page.items.length < 3) break;
      after = page.page.endCursor;
    }
    expect(paged.map((r) => r.position)).toEqual(all.items.map((r) => r.position));

    const onlyElements = await get<Page<RecordResult>>(`/v2/process-instances/${done}/history?valueType=PROCESS_INSTANCE&intent=ELEMENT_COMPLETED`);
    expect(onlyElements.items.map((r) => (r.value as { elementId?: string }).elementId)).toEqual(['start', 'end', 'q-done']);
  });
});

describe('variable filters (equals, contains, exists; several at once)', () => {
  const cases: Record<string, string> = {};

  beforeAll(async () => {
    cases['zhang'] = await start('q-done', { batch: 'vars', applicantName: '张三丰', town: '城关镇', amount: 10, tags: ['urgent'] });
    cases['li'] = await start('q-done', { batch: 'vars', applicantName: '李四', town: '城关镇', amount: 20 });
    cases['zhangwei'] = await start('q-done', { batch: 'vars', applicantName: '张伟', town: '东门镇', amount: 10 });
    cases['noTown'] = await start('q-done', { batch: 'vars', applicantName: '赵六' });
  });

  const find = async (variables: unknown[]): Promise<string[]> => {
    const r = await search<ProcessInstanceResult>('process-instances', { filter: { variables: [{ name: 'batch', value: '"vars"' }, ...variables] } });
    return keysOf(r).sort();
  };
  const keys = (...names: string[]): string[] => names.map((n) => cases[n] ?? '').sort();

  it('equals: a serialized JSON value, as in Camunda', async () => {
    expect(await find([{ name: 'applicantName', value: '"李四"' }])).toEqual(keys('li'));
    expect(await find([{ name: 'applicantName', value: { $eq: '"李四"' } }])).toEqual(keys('li'));
    expect(await find([{ name: 'amount', value: '10' }])).toEqual(keys('zhang', 'zhangwei'));
    expect(await find([{ name: 'tags', value: '["urgent"]' }])).toEqual(keys('zhang'));
    // Text that is not JSON is taken as a string.
    expect(await find([{ name: 'applicantName', value: '李四' }])).toEqual(keys('li'));
    expect(await find([{ name: 'applicantName', value: { $in: ['"李四"', '"赵六"'] } }])).toEqual(keys('li', 'noTown'));
    expect(await find([{ name: 'applicantName', value: { $neq: '"李四"' } }])).toEqual(keys('zhang', 'zhangwei', 'noTown'));
  });

  it('contains ($like with * wildcards)', async () => {
    expect(await find([{ name: 'applicantName', value: { $like: '*张*' } }])).toEqual(keys('zhang', 'zhangwei'));
    expect(await find([{ name: 'applicantName', value: { $like: '*三丰*' } }])).toEqual(keys('zhang'));
    expect(await find([{ name: 'applicantName', value: { $like: '"张?"' } }])).toEqual(keys('zhangwei'));
  });

  it('exists and does not exist', async () => {
    expect(await find([{ name: 'town', value: { $exists: true } }])).toEqual(keys('zhang', 'li', 'zhangwei'));
    expect(await find([{ name: 'town' }])).toEqual(keys('zhang', 'li', 'zhangwei'));
    expect(await find([{ name: 'town', value: { $exists: false } }])).toEqual(keys('noTown'));
  });

  it('several at once (AND)', async () => {
    expect(await find([{ name: 'town', value: '"城关镇"' }, { name: 'applicantName', value: { $like: '*张*' } }])).toEqual(keys('zhang'));
    expect(await find([{ name: 'town', value: '"城关镇"' }, { name: 'amount', value: '20' }])).toEqual(keys('li'));
    expect(await find([{ name: 'town', value: '"东门镇"' }, { name: 'amount', value: '20' }])).toEqual([]);
    // $or: either group matches.
    const either = await search<ProcessInstanceResult>('process-instances', {
      filter: {
        variables: [{ name: 'batch', value: '"vars"' }],
        $or: [{ variables: [{ name: 'town', value: '"东门镇"' }] }, { variables: [{ name: 'amount', value: '20' }] }],
      },
    });
    expect(keysOf(either).sort()).toEqual(keys('li', 'zhangwei'));
  });

  it("lists an instance's variables with their scope, serialized", async () => {
    const vars = await search<VariableResult>('variables', { filter: { processInstanceKey: cases['zhang'] }, sort: [{ field: 'name' }] });
    expect(vars.items.map((v) => [v.name, v.value])).toEqual([
      ['amount', '10'],
      ['applicantName', '"张三丰"'],
      ['batch', '"vars"'],
      ['tags', '["urgent"]'],
      ['town', '"城关镇"'],
    ]);
    expect(vars.items.every((v) => v.scopeKey === cases['zhang'] && v.isTruncated === false)).toBe(true);
    expect(vars.items.every((v) => v.variableKey !== null && /^\d+$/.test(v.variableKey))).toBe(true);
    const byValue = await search<VariableResult>('variables', { filter: { name: 'applicantName', value: { $like: '*张*' } } });
    expect(byValue.items.map((v) => v.processInstanceKey).sort()).toEqual(keys('zhang', 'zhangwei'));
  });
});

describe('paging with cursors', () => {
  const made: string[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 7; i++) made.push(await start('q-done', { batch: 'paging', n: i }));
  });
  const filter = { variables: [{ name: 'batch', value: '"paging"' }] };

  it('walks forward with after and back with before, with the total on every page', async () => {
    const pages: Page<ProcessInstanceResult>[] = [];
    let after: string | null = null;
    do {
      const p: Page<ProcessInstanceResult> = await search<ProcessInstanceResult>('process-instances', {
        filter,
        sort: [{ field: 'processInstanceKey', order: 'ASC' }],
        page: { limit: 3, ...(after ? { after } : {}) },
      });
      pages.push(p);
      after = p.items.length === 3 ? p.page.endCursor : null;
    } while (after);
    expect(pages.map((p) => p.items.length)).toEqual([3, 3, 1, 0].slice(0, pages.length));
    expect(pages.flatMap(keysOf)).toEqual(made);
    expect(pages.every((p) => p.page.totalItems === 7 && p.page.hasMoreTotalItems === false)).toBe(true);

    const third = pages[2];
    const back = await search<ProcessInstanceResult>('process-instances', {
      filter,
      sort: [{ field: 'processInstanceKey', order: 'ASC' }],
      page: { limit: 3, before: third?.page.startCursor },
    });
    expect(keysOf(back)).toEqual(made.slice(3, 6));
  });

  it('pages newest first by start date, and by offset', async () => {
    const first = await search<ProcessInstanceResult>('process-instances', { filter, sort: [{ field: 'startDate', order: 'DESC' }], page: { limit: 4 } });
    const second = await search<ProcessInstanceResult>('process-instances', {
      filter,
      sort: [{ field: 'startDate', order: 'DESC' }],
      page: { limit: 4, after: first.page.endCursor },
    });
    expect([...keysOf(first), ...keysOf(second)]).toEqual([...made].reverse());
    const offset = await search<ProcessInstanceResult>('process-instances', { filter, sort: [{ field: 'processInstanceKey' }], page: { from: 5, limit: 10 } });
    expect(keysOf(offset)).toEqual(made.slice(5));
  });

  it('refuses a cursor made for another sort', async () => {
    const first = await search<ProcessInstanceResult>('process-instances', { filter, page: { limit: 2 } });
    const r = await call<ProblemDetail>('POST', '/v2/process-instances/search', {
      filter,
      sort: [{ field: 'startDate', order: 'DESC' }],
      page: { limit: 2, after: first.page.endCursor },
    });
    expect(r.status).toBe(400);
    expect(r.body.detail).toMatch(/^page\.after: /);
  });
});

describe('multi-instance (countersign) in the tree', () => {
  it('shows the MULTI_INSTANCE_BODY with one inner instance per approver', async () => {
    const key = await start('q-countersign', { approvers: ['科长', '局长'] });
    const tree = await eventually(async () => {
      const t1 = await get<ElementInstanceNode>(`/v2/process-instances/${key}/element-instances/tree`);
      const body = t1.children.find((c) => c.type === 'MULTI_INSTANCE_BODY');
      return body && body.children.length === 2 ? t1 : undefined;
    }, 5_000, 'the multi-instance body and its two inner instances');
    const body = tree.children.find((c) => c.type === 'MULTI_INSTANCE_BODY');
    expect(body).toMatchObject({ elementId: 'countersign', state: 'ACTIVE' });
    expect(body?.children.map((c) => [c.elementId, c.type, c.state])).toEqual([
      ['countersign', 'USER_TASK', 'ACTIVE'],
      ['countersign', 'USER_TASK', 'ACTIVE'],
    ]);
    // Counts leave the body out: it shares the activity's id, the inner instances are counted.
    const stats = await get<{ items: ElementStatistics[] }>(`/v2/process-instances/${key}/statistics/element-instances`);
    expect(stats.items.find((s) => s.elementId === 'countersign')).toMatchObject({ active: 2 });
    // Each approver's local variable in its own scope.
    const local = await search<VariableResult>('variables', { filter: { processInstanceKey: key, name: 'approver' } });
    expect(local.items.map((v) => v.value).sort()).toEqual(['"局长"', '"科长"']);
    expect(new Set(local.items.map((v) => v.scopeKey))).toEqual(new Set(body?.children.map((c) => c.elementInstanceKey)));
    // Live element instances across all instances: state ACTIVE needs no process instance key.
    const waiting = await search<ElementInstanceResult>('element-instances', { filter: { state: 'ACTIVE', type: 'USER_TASK', processDefinitionId: 'q-countersign' } });
    expect(waiting.items.map((e) => e.processInstanceKey)).toEqual([key, key]);
  });
});

describe('bad requests answer 400 naming the field', () => {
  const bad = async (resource: string, body: unknown): Promise<ProblemDetail> => {
    const r = await call<ProblemDetail>('POST', `/v2/${resource}/search`, body);
    expect(r.status).toBe(400);
    expect(r.contentType).toContain('application/problem+json');
    expect(r.body).toMatchObject({ type: 'about:blank', title: 'INVALID_ARGUMENT', status: 400, instance: `/v2/${resource}/search` });
    return r.body;
  };

  it('a missing variable name', async () => {
    expect((await bad('process-instances', { filter: { variables: [{ value: '"x"' }] } })).detail).toBe('filter.variables[0].name: Required');
  });

  it('an unknown field, an unknown state, a malformed key or date, an unknown sort field, a bad page', async () => {
    expect((await bad('process-instances', { filter: { procesDefinitionId: 'q-case' } })).detail).toBe('filter.procesDefinitionId: Unknown field');
    expect((await bad('process-instances', { filter: { state: 'RUNNING' } })).detail).toMatch(/^filter\.state: Expected one of ACTIVE, COMPLETED, TERMINATED/);
    expect((await bad('process-instances', { filter: { state: { $in: ['ACTIVE', 'DONE'] } } })).detail).toMatch(/^filter\.state\.\$in\[1\]: /);
    expect((await bad('incidents', { filter: { processInstanceKey: 'abc' } })).detail).toMatch(/^filter\.processInstanceKey: Expected a key/);
    expect((await bad('process-instances', { filter: { startDate: { $gte: 'yesterday' } } })).detail).toMatch(/^filter\.startDate\.\$gte: /);
    expect((await bad('jobs', { sort: [{ field: 'color' }] })).detail).toMatch(/^sort\[0\]\.field: /);
    expect((await bad('variables', { page: { limit: 0 } })).detail).toMatch(/^page\.limit: /);
    expect((await bad('process-instances', { page: { after: 'not-a-cursor' } })).detail).toMatch(/^page\.after: /);
    expect((await bad('jobs', { filter: { retries: 'three' } })).detail).toMatch(/^filter\.retries: Expected an integer/);
  });

  it('an element-instance search that would need every record log', async () => {
    expect((await bad('element-instances', { filter: { elementId: 'check' } })).detail).toMatch(/^filter\.processInstanceKey: Required/);
  });

  it('a body that is not JSON, a key that is not a key, a query parameter out of range', async () => {
    const notJson = await call<ProblemDetail>('POST', '/v2/incidents/search', '{"filter": ');
    expect(notJson.status).toBe(400);
    expect(notJson.body.title).toBe('INVALID_ARGUMENT');
    const badKey = await call<ProblemDetail>('GET', '/v2/process-instances/12ab');
    expect(badKey.status).toBe(400);
    expect(badKey.body.detail).toMatch(/^key: /);
    const badLimit = await call<ProblemDetail>('GET', '/v2/process-instances/2251799813685249/history?limit=0');
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.detail).toMatch(/^limit: /);
    const badWait = await call<ProblemDetail>('GET', '/v2/statistics/wait-states?waitStateType=SLEEPING');
    expect(badWait.status).toBe(400);
    expect(badWait.body.detail).toMatch(/^waitStateType\[0\]: /);
  });

  it('an unknown instance is 404', async () => {
    const r = await call<ProblemDetail>('GET', '/v2/process-instances/2251799999999999');
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ title: 'NOT_FOUND', status: 404 });
    expect(r.body.detail).toContain('2251799999999999');
    expect((await call<ProblemDetail>('GET', '/v2/process-instances/2251799999999999/history')).status).toBe(404);
    expect((await call<ProblemDetail>('GET', '/v2/process-instances/2251799999999999/element-instances/tree')).status).toBe(404);
  });
});

describe('plans', () => {
  it('runs searches as unnamed statements, so that every run is planned with its own values', async () => {
    const one = postgres(t.databaseUrl, { max: 1, onnotice: () => {} });
    try {
      const app = express();
      app.use(queryRouter(one));
      const s = await new Promise<Server>((resolve) => {
        const x = app.listen(0, '127.0.0.1', () => resolve(x));
      });
      try {
        const url = `http://127.0.0.1:${(s.address() as AddressInfo).port}/v2/process-instances/search`;
        for (let i = 0; i < 7; i++) {
          const body = JSON.stringify({ filter: { variables: [{ name: 'applicantName', value: { $like: '*张*' } }] } });
          const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
          expect(res.status).toBe(200);
        }
      } finally {
        await new Promise<void>((resolve) => s.close(() => resolve()));
      }
      const prepared = await one.unsafe('select statement from pg_prepared_statements');
      expect(prepared.map((r) => String(r['statement'])).filter((q) => q.includes('engine.process_instances'))).toEqual([]);
    } finally {
      await one.end({ timeout: 2 });
    }
  });
});
