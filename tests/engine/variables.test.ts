// Variables: scopes, propagation, input/output mappings, SetVariables and fetchVariable, as
// docs.camunda.io/docs/components/concepts/variables/ describes them — what a worker author sees
// in job.variables and what a process designer's mappings do.
import { beforeAll, describe, expect, it } from 'vitest';
import { bpmnXml, endEvent, flow, line, serviceTask, startEvent, subProcess } from '../support/bpmn.js';
import { activatableNow, takeJob } from '../support/jobs.js';
import { engineSuite } from '../support/suite.js';
import { eventually } from '../support/wait.js';

const t = engineSuite('variables');
const { deploy, instanceState } = t;

beforeAll(async () => {
  await deploy('vars-root', line('vars-root', serviceTask('inspect', 'vars-inspect'), serviceTask('after', 'vars-root-after')));
  await deploy(
    'vars-input',
    line('vars-input', serviceTask('prepare', 'vars-prepare', { inputs: { label: '=caseNo + "-draft"', x: '=x + 1' } }), serviceTask('next', 'vars-input-next')),
  );
  await deploy(
    'vars-output',
    line(
      'vars-output',
      serviceTask('pay', 'vars-pay', { outputs: { paymentStatus: '=status', 'order.transactionId': '=transactionId' } }),
      serviceTask('confirm', 'vars-output-next'),
    ),
  );
  await deploy(
    'vars-sub',
    bpmnXml('vars-sub', {
      nodes: [
        startEvent('start'),
        subProcess(
          'sub',
          { nodes: [startEvent('subStart'), serviceTask('inner', 'vars-inner'), endEvent('subEnd')], flows: [flow('subStart', 'inner'), flow('inner', 'subEnd')] },
          { inputs: { shadow: '="inner"' } },
        ),
        serviceTask('outside', 'vars-outside'),
        endEvent('end'),
      ],
      flows: [flow('start', 'sub'), flow('sub', 'outside'), flow('outside', 'end')],
    }),
  );
  await deploy(
    'vars-feel',
    line(
      'vars-feel',
      serviceTask('compute', 'vars-feel', {
        inputs: {
          greeting: '="Hello, " + applicant.name + "!"',
          summary: '={id: caseNo, count: count(items), first: items[1]}',
          doubled: '=for i in items return i * 2',
          upper: '=upper case(applicant.name)',
          stamp: '=now()',
        },
        outputs: { result: '={total: sum(items), ok: ok}' },
      }),
      serviceTask('review', 'vars-feel-review'),
    ),
  );
  await deploy('vars-incident', line('vars-incident', serviceTask('guarded', 'vars-guarded', { inputs: { checked: '=assert(x, x != null)' } })));
});

async function rootVariables(processInstanceKey: string): Promise<Record<string, unknown>> {
  const rows = await t.sql<{ name: string; value: unknown }[]>`select name, value from engine.variables where scope_key = ${processInstanceKey}`;
  return Object.fromEntries(rows.map((r) => [r.name, r.value]));
}

async function elementInstanceKey(processInstanceKey: string, elementId: string): Promise<string> {
  return eventually(async () => {
    const rows = await t.sql<{ key: string }[]>`
      select key::text from engine.element_instances where process_instance_key = ${processInstanceKey} and element_id = ${elementId}`;
    return rows[0]?.key;
  }, 5_000, `element instance of '${elementId}'`);
}

// concepts/variables: "Variable scopes" (the root scope is the process instance) and
// "Variable propagation" (job variables go to the nearest scope holding the name, else the root).
describe('root variables and propagation', () => {
  it('gives a job the instance variables, and merges what a job completes with into the root scope', async () => {
    const created = await t.zbc.createProcessInstance({ bpmnProcessId: 'vars-root', variables: { caseNo: 'C-1', applicant: { name: 'Ann' } } });
    const first = await takeJob(t.zbc, 'vars-inspect');
    expect(first.variables).toEqual({ caseNo: 'C-1', applicant: { name: 'Ann' } });
    await t.zbc.completeJob({ jobKey: first.key, variables: { verdict: 'ok', caseNo: 'C-1b' } });

    const second = await takeJob(t.zbc, 'vars-root-after');
    expect(second.variables).toEqual({ caseNo: 'C-1b', applicant: { name: 'Ann' }, verdict: 'ok' });
    expect(await rootVariables(created.processInstanceKey)).toEqual({ caseNo: 'C-1b', applicant: { name: 'Ann' }, verdict: 'ok' });
    await t.zbc.completeJob({ jobKey: second.key, variables: {} });
  });
});

// concepts/variables: "Input mappings … create a new local variable in the scope where the
// mapping is defined"; local variables are removed when the scope is left.
describe('input mappings', () => {
  it('create local variables the job sees and later elements do not', async () => {
    const created = await t.zbc.createProcessInstance({ bpmnProcessId: 'vars-input', variables: { caseNo: 'C-2', x: 1 } });
    const job = await takeJob(t.zbc, 'vars-prepare');
    expect(job.variables).toEqual({ caseNo: 'C-2', x: 2, label: 'C-2-draft' });
    await t.zbc.completeJob({ jobKey: job.key, variables: {} });

    const next = await takeJob(t.zbc, 'vars-input-next');
    expect(next.variables).toEqual({ caseNo: 'C-2', x: 1 });
    expect(await rootVariables(created.processInstanceKey)).toEqual({ caseNo: 'C-2', x: 1 });
    await t.zbc.completeJob({ jobKey: next.key, variables: {} });
  });

  it('a job completing with a variable an input mapping made local updates that local, not the root', async () => {
    const created = await t.zbc.createProcessInstance({ bpmnProcessId: 'vars-input', variables: { caseNo: 'C-3', x: 1 } });
    const job = await takeJob(t.zbc, 'vars-prepare');
    expect(job.variables['x']).toBe(2);
    // `x` is local to the task (propagation stops at the first scope that has it); `y` is new.
    await t.zbc.completeJob({ jobKey: job.key, variables: { x: 10, y: 'new' } });

    const next = await takeJob(t.zbc, 'vars-input-next');
    expect(next.variables).toEqual({ caseNo: 'C-3', x: 1, y: 'new' });
    expect(await rootVariables(created.processInstanceKey)).toEqual({ caseNo: 'C-3', x: 1, y: 'new' });
    await t.zbc.completeJob({ jobKey: next.key, variables: {} });
  });

  // apis-tools/grpc "ActivateJobs RPC": fetchVariable — "a list of variables to fetch as the job
  // variables; if empty, all visible variables at the time of activation for the scope of the job
  // will be returned".
  it('ActivateJobs with fetchVariable returns only the named variables, from the innermost scope', async () => {
    await t.zbc.createProcessInstance({ bpmnProcessId: 'vars-input', variables: { caseNo: 'C-4', x: 1, bulky: 'x'.repeat(1000) } });
    const job = await takeJob(t.zbc, 'vars-prepare', { fetchVariable: ['x', 'caseNo', 'neverSet'] });
    expect(job.variables).toEqual({ x: 2, caseNo: 'C-4' });
    await t.zbc.completeJob({ jobKey: job.key, variables: {} });
    const next = await takeJob(t.zbc, 'vars-input-next', { fetchVariable: ['caseNo'] });
    expect(next.variables).toEqual({ caseNo: 'C-4' });
    await t.zbc.completeJob({ jobKey: next.key, variables: {} });
  });
});

// concepts/variables: "Output mappings" — with one or more output mappings, the job's variables
// are local to the task and only the mapped targets are merged; a target may be a nested
// property (`order.transactionId` → `order: {"transactionId": …}`).
describe('output mappings', () => {
  it('merge only the mapped targets, creating a nested target as an object', async () => {
    const created = await t.zbc.createProcessInstance({ bpmnProcessId: 'vars-output', variables: { orderNo: 'O-7' } });
    const job = await takeJob(t.zbc, 'vars-pay');
    await t.zbc.completeJob({ jobKey: job.key, variables: { status: 'Ok', transactionId: 't-789', debug: 'not for the process' } });

    const next = await takeJob(t.zbc, 'vars-output-next');
    expect(next.variables).toEqual({ orderNo: 'O-7', paymentStatus: 'Ok', order: { transactionId: 't-789' } });
    expect(await rootVariables(created.processInstanceKey)).toEqual({ orderNo: 'O-7', paymentStatus: 'Ok', order: { transactionId: 't-789' } });
    await t.zbc.completeJob({ jobKey: next.key, variables: {} });
  });
});

// concepts/variables: "Variable scopes" (an inner variable covers an outer one of the same name),
// "Local variables"; apis-tools/grpc "SetVariables RPC" (local=true: "the variables will be merged
// strictly into the local scope"; local=false: propagated like a job completion).
describe('subprocess scopes and SetVariables', () => {
  it('an input-mapped variable in a subprocess shadows the root one inside, and only inside', async () => {
    await t.zbc.createProcessInstance({ bpmnProcessId: 'vars-sub', variables: { shadow: 'outer', caseNo: 'C-5' } });
    const inner = await takeJob(t.zbc, 'vars-inner');
    expect(inner.variables).toEqual({ shadow: 'inner', caseNo: 'C-5' });
    await t.zbc.completeJob({ jobKey: inner.key, variables: {} });
    const outside = await takeJob(t.zbc, 'vars-outside');
    expect(outside.variables).toEqual({ shadow: 'outer', caseNo: 'C-5' });
    await t.zbc.completeJob({ jobKey: outside.key, variables: {} });
  });

  it('SetVariables local=true writes the subprocess scope only; the variables go when it ends', async () => {
    const created = await t.zbc.createProcessInstance({ bpmnProcessId: 'vars-sub', variables: { shadow: 'outer' } });
    const sub = await elementInstanceKey(created.processInstanceKey, 'sub');
    await t.zbc.setVariables({ elementInstanceKey: sub, variables: { subOnly: 1 }, local: true });

    const inner = await takeJob(t.zbc, 'vars-inner');
    expect(inner.variables).toEqual({ shadow: 'inner', subOnly: 1 });
    expect(await rootVariables(created.processInstanceKey)).toEqual({ shadow: 'outer' });
    await t.zbc.completeJob({ jobKey: inner.key, variables: {} });

    const outside = await takeJob(t.zbc, 'vars-outside');
    expect(outside.variables).toEqual({ shadow: 'outer' });
    const leftovers = await t.sql`select name from engine.variables where scope_key = ${sub}`;
    expect(leftovers).toHaveLength(0);
    await t.zbc.completeJob({ jobKey: outside.key, variables: {} });
  });

  it('SetVariables local=false updates the nearest scope that has the name, else creates it in the root', async () => {
    const created = await t.zbc.createProcessInstance({ bpmnProcessId: 'vars-sub', variables: { shadow: 'outer' } });
    const sub = await elementInstanceKey(created.processInstanceKey, 'sub');
    await t.zbc.setVariables({ elementInstanceKey: sub, variables: { shadow: 'changed inside', everywhere: 2 }, local: false });

    const inner = await takeJob(t.zbc, 'vars-inner');
    expect(inner.variables).toEqual({ shadow: 'changed inside', everywhere: 2 });
    expect(await rootVariables(created.processInstanceKey)).toEqual({ shadow: 'outer', everywhere: 2 });
    await t.zbc.completeJob({ jobKey: inner.key, variables: {} });

    const outside = await takeJob(t.zbc, 'vars-outside');
    expect(outside.variables).toEqual({ shadow: 'outer', everywhere: 2 });
    await t.zbc.completeJob({ jobKey: outside.key, variables: {} });
  });

  it('SetVariables on the process instance key sets root variables a later job sees', async () => {
    const created = await t.zbc.createProcessInstance({ bpmnProcessId: 'vars-sub', variables: { shadow: 'outer' } });
    await t.zbc.setVariables({ elementInstanceKey: created.processInstanceKey, variables: { decidedBy: 'clerk-7' }, local: false });
    const inner = await takeJob(t.zbc, 'vars-inner');
    expect(inner.variables).toEqual({ shadow: 'inner', decidedBy: 'clerk-7' });
    await t.zbc.completeJob({ jobKey: inner.key, variables: {} });
    await t.zbc.completeJob({ jobKey: (await takeJob(t.zbc, 'vars-outside')).key, variables: {} });
  });
});

// concepts/expressions (FEEL: string concatenation, contexts, lists, `for`, built-in functions
// such as `upper case`, `count`, `sum` and `now()`), used in io mappings.
describe('FEEL expressions in mappings', () => {
  it('evaluates strings, contexts, lists, functions and now() in inputs and outputs', async () => {
    const created = await t.zbc.createProcessInstance({ bpmnProcessId: 'vars-feel', variables: { caseNo: 'C-9', applicant: { name: 'Ann' }, items: [3, 4, 5] } });
    const job = await takeJob(t.zbc, 'vars-feel');
    expect(job.variables).toMatchObject({
      greeting: 'Hello, Ann!',
      summary: { id: 'C-9', count: 3, first: 3 },
      doubled: [6, 8, 10],
      upper: 'ANN',
    });
    const stamp = job.variables['stamp'];
    expect(typeof stamp).toBe('string');
    expect(String(stamp)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    expect(Math.abs(Date.parse(String(stamp).replace(/\[.*\]$/, '')) - Date.now())).toBeLessThan(60_000);
    await t.zbc.completeJob({ jobKey: job.key, variables: { ok: true } });

    const review = await takeJob(t.zbc, 'vars-feel-review');
    expect(review.variables).toEqual({ caseNo: 'C-9', applicant: { name: 'Ann' }, items: [3, 4, 5], result: { total: 12, ok: true } });
    expect(await rootVariables(created.processInstanceKey)).not.toHaveProperty('ok');
    await t.zbc.completeJob({ jobKey: review.key, variables: {} });
  });
});

// concepts/incidents ("an incident is created when … an input or output mapping can't be
// applied": IO_MAPPING_ERROR; "fix the data with SetVariables, then resolve the incident") and
// components/modeler/feel/builtin-functions/feel-built-in-functions-miscellaneous ("assert()").
describe('a mapping that fails', () => {
  it('raises an IO_MAPPING_ERROR incident that SetVariables plus ResolveIncident fixes', async () => {
    const created = await t.zbc.createProcessInstance({ bpmnProcessId: 'vars-incident', variables: {} });
    const pi = created.processInstanceKey;

    const incident = await eventually(async () => {
      const rows = await t.sql<{ key: string; error_type: string; error_message: string; state: string; element_id: string }[]>`
        select key::text, error_type, error_message, state, element_id from engine.incidents where process_instance_key = ${pi}`;
      return rows[0];
    }, 5_000, 'the incident row');
    expect(incident).toMatchObject({ error_type: 'IO_MAPPING_ERROR', state: 'ACTIVE', element_id: 'guarded' });
    expect(incident.error_message).not.toBe('');
    const createdRecords = await t.sql<{ value: Record<string, unknown> }[]>`
      select value from engine.records where process_instance_key = ${pi} and value_type = 'INCIDENT' and intent = 'CREATED'`;
    expect(createdRecords.map((r) => r.value['errorType'])).toEqual(['IO_MAPPING_ERROR']);
    // The task never activated, so there is no job to work on.
    expect(await activatableNow(t.zbc, 'vars-guarded')).toEqual([]);

    await t.zbc.setVariables({ elementInstanceKey: pi, variables: { x: 5 }, local: false });
    await t.zbc.resolveIncident({ incidentKey: incident.key });

    const job = await takeJob(t.zbc, 'vars-guarded');
    expect(job.processInstanceKey).toBe(pi);
    expect(job.variables).toEqual({ x: 5, checked: 5 });
    const after = await t.sql<{ state: string }[]>`select state from engine.incidents where key = ${incident.key}`;
    expect(after[0]?.state).toBe('RESOLVED');
    const resolved = await t.sql`select 1 from engine.records where key = ${incident.key} and value_type = 'INCIDENT' and intent = 'RESOLVED'`;
    expect(resolved).toHaveLength(1);

    await t.zbc.completeJob({ jobKey: job.key, variables: {} });
    expect(await instanceState(pi)).toBe('COMPLETED');
  });
});
