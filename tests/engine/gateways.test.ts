// Gateways and embedded subprocesses, driven through zeebe-node as a worker and a process designer
// would. Expectations from docs.camunda.io: "Exclusive gateway"
// (components/modeler/bpmn/exclusive-gateways), "Parallel gateway"
// (components/modeler/bpmn/parallel-gateways), "Embedded subprocess"
// (components/modeler/bpmn/embedded-subprocesses) and "FEEL" (components/modeler/feel).
import { describe, expect, it } from 'vitest';
import {
  bpmnXml,
  endEvent,
  exclusiveGateway,
  flow,
  line,
  parallelGateway,
  serviceTask,
  startEvent,
  subProcess,
} from '../support/bpmn.js';
import { takeJob } from '../support/jobs.js';
import { elementIds, elementRecords, type EngineRecord, instanceCompleted } from '../support/records.js';
import { engineSuite } from '../support/suite.js';
import { eventually, quiet } from '../support/wait.js';

const t = engineSuite('gateways');
const { deploy, start, completed } = t;

/** Waits until one of `elements` was activated in the instance; returns the instance's records. */
async function whenActivated(pi: string, elements: readonly string[]): Promise<EngineRecord[]> {
  return eventually(
    async () => {
      const records = await t.log.instance(pi);
      return elementIds(records, 'ELEMENT_ACTIVATED').some((id) => elements.includes(id)) ? records : undefined;
    },
    5_000,
    `one of ${elements.join(', ')} to be activated in instance ${pi}`,
  );
}

/** Which of `elements` were activated in the instance (in order). */
const taken = (records: readonly EngineRecord[], elements: readonly string[]): string[] =>
  elementIds(records, 'ELEMENT_ACTIVATED').filter((id) => elements.includes(id));

// docs.camunda.io "Exclusive gateway": "the conditionExpression is evaluated. The process instance
// takes the first sequence flow where the condition is fulfilled. If no condition is fulfilled, it
// takes the default flow of the gateway. If the gateway has no default flow, an incident is created."
describe('exclusive gateway (docs.camunda.io: Exclusive gateway)', () => {
  const branches = ['big', 'medium', 'small'] as const;

  /** gw: first flow `firstCondition` → first task, second flow `secondCondition` → second task, default → small. */
  function amountProcess(processId: string, first: 'big' | 'medium', second: 'big' | 'medium'): string {
    const conditions = { big: '= amount > 1000', medium: '= amount > 100' };
    return bpmnXml(processId, {
      nodes: [
        startEvent('start'),
        exclusiveGateway('gw', { default: 'to-small' }),
        serviceTask('big', `${processId}-big`),
        serviceTask('medium', `${processId}-medium`),
        serviceTask('small', `${processId}-small`),
        endEvent('end-big'),
        endEvent('end-medium'),
        endEvent('end-small'),
      ],
      flows: [
        flow('start', 'gw'),
        flow('gw', first, { id: `to-${first}`, condition: conditions[first] }),
        flow('gw', second, { id: `to-${second}`, condition: conditions[second] }),
        flow('gw', 'small', { id: 'to-small' }),
        flow('big', 'end-big'),
        flow('medium', 'end-medium'),
        flow('small', 'end-small'),
      ],
    });
  }

  it('takes the first flow (in XML order) whose condition is true, so the order of the flows matters', async () => {
    // docs.camunda.io "Exclusive gateway": takes the *first* sequence flow whose condition is fulfilled.
    await deploy('xor-big-first', amountProcess('xor-big-first', 'big', 'medium'));
    await deploy('xor-medium-first', amountProcess('xor-medium-first', 'medium', 'big'));

    // 5000 fulfils both conditions: the flow listed first wins.
    const a = await start('xor-big-first', { amount: 5000 });
    const b = await start('xor-medium-first', { amount: 5000 });
    expect(taken(await whenActivated(a, branches), branches)).toEqual(['big']);
    expect(taken(await whenActivated(b, branches), branches)).toEqual(['medium']);

    // Only the medium condition holds: the same in both orders.
    const c = await start('xor-big-first', { amount: 500 });
    expect(taken(await whenActivated(c, branches), branches)).toEqual(['medium']);

    // The worker of the chosen branch gets the job, with the instance's variables.
    const job = await takeJob(t.zbc, 'xor-big-first-big');
    expect(job.processInstanceKey).toBe(a);
    expect(job.variables).toMatchObject({ amount: 5000 });
    await t.zbc.completeJob({ jobKey: job.key, variables: {} });
    await completed(a);
  });

  it('takes the default flow when no condition is true', async () => {
    await deploy('xor-default', amountProcess('xor-default', 'big', 'medium'));
    const pi = await start('xor-default', { amount: 50 });
    const records = await whenActivated(pi, branches);
    expect(taken(records, branches)).toEqual(['small']);
    expect(elementRecords(records, 'to-small', 'SEQUENCE_FLOW_TAKEN')).toHaveLength(1);
    expect(elementRecords(records, 'to-big', 'SEQUENCE_FLOW_TAKEN')).toHaveLength(0);
    expect(elementRecords(records, 'to-medium', 'SEQUENCE_FLOW_TAKEN')).toHaveLength(0);
  });

  it('raises an incident when no condition is true and there is no default flow', async () => {
    // docs.camunda.io "Exclusive gateway": "If the gateway has no default flow, an incident is created."
    const xml = bpmnXml('xor-no-default', {
      nodes: [startEvent('start'), exclusiveGateway('gw'), serviceTask('yes', 'xor-no-default-yes'), endEvent('end')],
      flows: [flow('start', 'gw'), flow('gw', 'yes', { condition: '= amount > 1000' }), flow('yes', 'end')],
    });
    await deploy('xor-no-default', xml);
    const pi = await start('xor-no-default', { amount: 1 });
    const incident = await eventually(async () => (await t.log.find({ processInstanceKey: pi, valueType: 'INCIDENT', intent: 'CREATED' }))[0], 5_000, 'an incident');
    expect(incident.value).toMatchObject({ errorType: 'CONDITION_ERROR', elementId: 'gw' });
    expect(taken(await t.log.instance(pi), ['yes'])).toEqual([]);
  });

  it('evaluates FEEL conditions: string comparison', async () => {
    // docs.camunda.io "Exclusive gateway" conditions, e.g. `= order.customer = "Paul"`.
    const xml = bpmnXml('xor-strings', {
      nodes: [
        startEvent('start'),
        exclusiveGateway('gw', { default: 'to-other' }),
        serviceTask('approved', 'xor-strings-approved'),
        serviceTask('rejected', 'xor-strings-rejected'),
        serviceTask('other', 'xor-strings-other'),
        endEvent('end1'),
        endEvent('end2'),
        endEvent('end3'),
      ],
      flows: [
        flow('start', 'gw'),
        flow('gw', 'approved', { condition: '= decision.status = "approved"' }),
        flow('gw', 'rejected', { condition: '= decision.status = "rejected"' }),
        flow('gw', 'other', { id: 'to-other' }),
        flow('approved', 'end1'),
        flow('rejected', 'end2'),
        flow('other', 'end3'),
      ],
    });
    await deploy('xor-strings', xml);
    const names = ['approved', 'rejected', 'other'];
    const approved = await start('xor-strings', { decision: { status: 'approved' } });
    const rejected = await start('xor-strings', { decision: { status: 'rejected' } });
    const differentCase = await start('xor-strings', { decision: { status: 'Approved' } });
    expect(taken(await whenActivated(approved, names), names)).toEqual(['approved']);
    expect(taken(await whenActivated(rejected, names), names)).toEqual(['rejected']);
    expect(taken(await whenActivated(differentCase, names), names)).toEqual(['other']);
  });

  it('evaluates FEEL conditions null-friendly: is defined(x) and x = null with x missing', async () => {
    // docs.camunda.io FEEL built-in "is defined()", and Zeebe 8.3+ null-friendly evaluation: a
    // missing variable is null (not a failure), so `note = null` is true when `note` is missing.
    const xml = bpmnXml('xor-defined', {
      nodes: [
        startEvent('start'),
        exclusiveGateway('gw', { default: 'to-neither' }),
        serviceTask('has-note', 'xor-defined-has-note'),
        serviceTask('no-note', 'xor-defined-no-note'),
        serviceTask('neither', 'xor-defined-neither'),
        endEvent('end1'),
        endEvent('end2'),
        endEvent('end3'),
      ],
      flows: [
        flow('start', 'gw'),
        flow('gw', 'has-note', { condition: '= is defined(note)' }),
        flow('gw', 'no-note', { condition: '= note = null' }),
        flow('gw', 'neither', { id: 'to-neither' }),
        flow('has-note', 'end1'),
        flow('no-note', 'end2'),
        flow('neither', 'end3'),
      ],
    });
    await deploy('xor-defined', xml);
    const names = ['has-note', 'no-note', 'neither'];
    const withNote = await start('xor-defined', { note: 'urgent' });
    const withoutNote = await start('xor-defined', { other: 1 });
    expect(taken(await whenActivated(withNote, names), names)).toEqual(['has-note']);
    const records = await whenActivated(withoutNote, names);
    expect(taken(records, names)).toEqual(['no-note']);
    expect(records.filter((r) => r.valueType === 'INCIDENT')).toEqual([]);
  });

  it('used to merge two concurrent paths, it passes each arriving token on (no synchronisation)', async () => {
    // docs.camunda.io "Exclusive gateway": "A joining gateway has a pass-through semantic and
    // doesn't merge the incoming concurrent flows like a parallel gateway."
    const xml = bpmnXml('xor-merge', {
      nodes: [
        startEvent('start'),
        parallelGateway('fork'),
        serviceTask('a', 'xor-merge-a'),
        serviceTask('b', 'xor-merge-b'),
        exclusiveGateway('merge'),
        serviceTask('after', 'xor-merge-after'),
        endEvent('end'),
      ],
      flows: [flow('start', 'fork'), flow('fork', 'a'), flow('fork', 'b'), flow('a', 'merge'), flow('b', 'merge'), flow('merge', 'after'), flow('after', 'end')],
    });
    await deploy('xor-merge', xml);
    const pi = await start('xor-merge');
    const a = await takeJob(t.zbc, 'xor-merge-a');
    const b = await takeJob(t.zbc, 'xor-merge-b');

    await t.zbc.completeJob({ jobKey: a.key, variables: {} });
    const first = await takeJob(t.zbc, 'xor-merge-after');
    expect(first.processInstanceKey).toBe(pi);
    let records = await t.log.instance(pi);
    expect(elementRecords(records, 'merge', 'ELEMENT_ACTIVATED')).toHaveLength(1);
    expect(instanceCompleted(records)).toBe(false);

    await t.zbc.completeJob({ jobKey: b.key, variables: {} });
    const second = await takeJob(t.zbc, 'xor-merge-after');
    expect(second.key).not.toBe(first.key);
    records = await t.log.instance(pi);
    expect(elementRecords(records, 'merge', 'ELEMENT_ACTIVATED')).toHaveLength(2);
    expect(elementRecords(records, 'after', 'ELEMENT_ACTIVATED')).toHaveLength(2);

    await t.zbc.completeJob({ jobKey: first.key, variables: {} });
    await quiet();
    expect(instanceCompleted(await t.log.instance(pi))).toBe(false);
    await t.zbc.completeJob({ jobKey: second.key, variables: {} });
    await completed(pi);
  });

  it('loops back until a retry counter says stop: three runs, then exits', async () => {
    // A loop modelled with exclusive gateways (docs.camunda.io "Exclusive gateway": a merging
    // gateway passes tokens through; the deciding one takes `= attempts < 3` or the default flow).
    const xml = bpmnXml('xor-loop', {
      nodes: [
        startEvent('start'),
        exclusiveGateway('again'),
        serviceTask('try', 'xor-loop-try'),
        exclusiveGateway('check', { default: 'give-up' }),
        endEvent('end'),
      ],
      flows: [
        flow('start', 'again'),
        flow('again', 'try'),
        flow('try', 'check'),
        flow('check', 'again', { id: 'retry', condition: '= attempts < 3' }),
        flow('check', 'end', { id: 'give-up' }),
      ],
    });
    await deploy('xor-loop', xml);
    const seen: number[] = [];
    const worker = t.zbc.createWorker({
      taskType: 'xor-loop-try',
      loglevel: 'NONE',
      taskHandler: (job) => {
        const attempts = Number(job.variables['attempts'] ?? 0) + 1;
        seen.push(attempts);
        return job.complete({ attempts });
      },
    });
    try {
      const result = await t.zbc.createProcessInstanceWithResult({ bpmnProcessId: 'xor-loop', variables: { attempts: 0 }, requestTimeout: 15_000 });
      expect(result.variables).toMatchObject({ attempts: 3 });
      expect(seen).toEqual([1, 2, 3]);
      const records = await t.log.instance(result.processInstanceKey);
      expect(elementRecords(records, 'try', 'ELEMENT_ACTIVATED')).toHaveLength(3);
      expect(elementRecords(records, 'retry', 'SEQUENCE_FLOW_TAKEN')).toHaveLength(2);
      expect(elementRecords(records, 'give-up', 'SEQUENCE_FLOW_TAKEN')).toHaveLength(1);
    } finally {
      await worker.close();
    }
  });
});

// docs.camunda.io "Parallel gateway": "A parallel gateway (AND-gateway) allows you to split the
// flow into concurrent paths … When a parallel gateway with multiple outgoing sequence flows is
// entered, all flows are taken … a parallel gateway with multiple incoming sequence flows … waits
// until a token has arrived on each incoming sequence flow … Then it continues."
describe('parallel gateway (docs.camunda.io: Parallel gateway)', () => {
  it('a fork takes every outgoing flow: each branch gets its job', async () => {
    const xml = bpmnXml('and-fork', {
      nodes: [
        startEvent('start'),
        parallelGateway('fork'),
        serviceTask('a', 'and-fork-a'),
        serviceTask('b', 'and-fork-b'),
        serviceTask('c', 'and-fork-c'),
        endEvent('end-a'),
        endEvent('end-b'),
        endEvent('end-c'),
      ],
      flows: [flow('start', 'fork'), flow('fork', 'a'), flow('fork', 'b'), flow('fork', 'c'), flow('a', 'end-a'), flow('b', 'end-b'), flow('c', 'end-c')],
    });
    await deploy('and-fork', xml);
    const pi = await start('and-fork', { caseNo: 'P-1' });
    const jobs = await Promise.all(['a', 'b', 'c'].map((x) => takeJob(t.zbc, `and-fork-${x}`)));
    for (const job of jobs) {
      expect(job.processInstanceKey).toBe(pi);
      expect(job.variables).toMatchObject({ caseNo: 'P-1' });
    }
    expect(jobs.map((j) => j.elementId).sort()).toEqual(['a', 'b', 'c']);
    for (const job of jobs) await t.zbc.completeJob({ jobKey: job.key, variables: {} });
    await completed(pi);
  });

  it('a join waits for every incoming branch, then continues once', async () => {
    const xml = bpmnXml('and-join', {
      nodes: [
        startEvent('start'),
        parallelGateway('fork'),
        serviceTask('a', 'and-join-a'),
        serviceTask('b', 'and-join-b'),
        parallelGateway('join'),
        serviceTask('after', 'and-join-after'),
        endEvent('end'),
      ],
      flows: [flow('start', 'fork'), flow('fork', 'a'), flow('fork', 'b'), flow('a', 'join'), flow('b', 'join'), flow('join', 'after'), flow('after', 'end')],
    });
    await deploy('and-join', xml);
    const pi = await start('and-join');
    const a = await takeJob(t.zbc, 'and-join-a');
    const b = await takeJob(t.zbc, 'and-join-b');

    await t.zbc.completeJob({ jobKey: a.key, variables: { fromA: 1 } });
    await quiet();
    let records = await t.log.instance(pi);
    expect(elementRecords(records, 'a', 'ELEMENT_COMPLETED')).toHaveLength(1);
    expect(elementRecords(records, 'join', 'ELEMENT_ACTIVATED')).toHaveLength(0);
    expect(elementRecords(records, 'after', 'ELEMENT_ACTIVATED')).toHaveLength(0);

    await t.zbc.completeJob({ jobKey: b.key, variables: { fromB: 2 } });
    const after = await takeJob(t.zbc, 'and-join-after');
    expect(after.processInstanceKey).toBe(pi);
    expect(after.variables).toMatchObject({ fromA: 1, fromB: 2 });
    records = await t.log.instance(pi);
    expect(elementRecords(records, 'join', 'ELEMENT_ACTIVATED')).toHaveLength(1);
    expect(elementRecords(records, 'after', 'ELEMENT_ACTIVATED')).toHaveLength(1);

    await t.zbc.completeJob({ jobKey: after.key, variables: {} });
    records = await completed(pi);
    expect(elementRecords(records, 'after', 'ELEMENT_ACTIVATED')).toHaveLength(1);
  });

  it('an instance with two end events completes only when both branches are done', async () => {
    // docs.camunda.io "Parallel gateway"/"None events": a process instance completes when all of
    // its paths have ended (implicit end, no join needed).
    const xml = bpmnXml('and-two-ends', {
      nodes: [
        startEvent('start'),
        parallelGateway('fork'),
        serviceTask('a', 'and-two-ends-a'),
        serviceTask('b', 'and-two-ends-b'),
        endEvent('end-a'),
        endEvent('end-b'),
      ],
      flows: [flow('start', 'fork'), flow('fork', 'a'), flow('fork', 'b'), flow('a', 'end-a'), flow('b', 'end-b')],
    });
    await deploy('and-two-ends', xml);
    const pi = await start('and-two-ends');
    const [a, b] = await Promise.all([takeJob(t.zbc, 'and-two-ends-a'), takeJob(t.zbc, 'and-two-ends-b')]);

    await t.zbc.completeJob({ jobKey: a.key, variables: {} });
    await t.reached(pi, 'end-a', 'ELEMENT_COMPLETED');
    await quiet();
    expect(instanceCompleted(await t.log.instance(pi))).toBe(false);

    await t.zbc.completeJob({ jobKey: b.key, variables: {} });
    const records = await completed(pi);
    expect(elementRecords(records, 'end-b', 'ELEMENT_COMPLETED')).toHaveLength(1);
  });
});

// docs.camunda.io "Embedded subprocess": "An embedded subprocess … must have exactly one none
// start event … When the subprocess is activated, its start event is activated. The subprocess
// is completed when all its contained paths are completed (end events)."
describe('embedded subprocess (docs.camunda.io: Embedded subprocess)', () => {
  it('runs its own start → task → end inside its scope, then the outer flow continues', async () => {
    const inner = {
      nodes: [startEvent('sub-start'), serviceTask('inner', 'sub-inner'), endEvent('sub-end')],
      flows: [flow('sub-start', 'inner'), flow('inner', 'sub-end')],
    };
    await deploy('embedded', line('embedded', subProcess('sub', inner), serviceTask('after', 'sub-after')));
    const pi = await start('embedded', { caseNo: 'S-1' });

    const innerJob = await takeJob(t.zbc, 'sub-inner');
    expect(innerJob.processInstanceKey).toBe(pi);
    expect(innerJob.elementId).toBe('inner');
    expect(innerJob.variables).toMatchObject({ caseNo: 'S-1' });

    let records = await t.log.instance(pi);
    const sub = elementRecords(records, 'sub', 'ELEMENT_ACTIVATED')[0];
    expect(sub?.value['bpmnElementType']).toBe('SUB_PROCESS');
    // The inner start event and task live in the subprocess's scope.
    expect(String(elementRecords(records, 'sub-start', 'ELEMENT_ACTIVATED')[0]?.value['flowScopeKey'])).toBe(sub?.key);
    expect(String(elementRecords(records, 'inner', 'ELEMENT_ACTIVATED')[0]?.value['flowScopeKey'])).toBe(sub?.key);
    expect(elementRecords(records, 'after', 'ELEMENT_ACTIVATED')).toHaveLength(0);

    await t.zbc.completeJob({ jobKey: innerJob.key, variables: { checked: true } });
    const afterJob = await takeJob(t.zbc, 'sub-after');
    expect(afterJob.variables).toMatchObject({ caseNo: 'S-1', checked: true });
    records = await t.log.instance(pi);
    const order = elementIds(records, 'ELEMENT_COMPLETED');
    expect(order.indexOf('sub-end')).toBeLessThan(order.indexOf('sub'));
    expect(elementIds(records, 'ELEMENT_ACTIVATED').indexOf('after')).toBeGreaterThan(elementIds(records, 'ELEMENT_ACTIVATED').indexOf('sub-end'));

    await t.zbc.completeJob({ jobKey: afterJob.key, variables: {} });
    await completed(pi);
  });
});

