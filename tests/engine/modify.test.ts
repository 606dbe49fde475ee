// ModifyProcessInstance: a supervisor repairs a running instance by moving tokens, starting
// elements inside subprocesses and setting variables, through zeebe-node's modifyProcessInstance.
// References: docs.camunda.io/docs/8.3/components/concepts/process-instance-modification/
// ("Process instance modification") and docs.camunda.io/docs/8.3/apis-tools/grpc/
// ("ModifyProcessInstance RPC": NOT_FOUND for an unknown or finished instance, INVALID_ARGUMENT for
// invalid activate / variable / terminate instructions).
import { beforeAll, describe, expect, it } from 'vitest';
import type { JSONDoc } from 'zeebe-node';
import {
  bpmnXml,
  endEvent,
  flow,
  line,
  parallelGateway,
  serviceTask,
  startEvent,
  subProcess,
  timerBoundary,
  type Graph,
} from '../support/bpmn.js';
import { Code, grpcError, UNKNOWN_KEY } from '../support/gateway.js';
import { activatableNow, takeJob } from '../support/jobs.js';
import { elementRecords, type EngineRecord } from '../support/records.js';
import { engineSuite } from '../support/suite.js';

const t = engineSuite('modify');
const { deploy, start, instanceState } = t;

/** start → nodes… → end, where a subprocess's own graph is a straight line too. */
function straight(id: string, ...nodes: Graph['nodes'][number][]): Graph {
  const all = [startEvent(`${id}-start`), ...nodes, endEvent(`${id}-end`)];
  return { nodes: all, flows: all.slice(1).map((n, i) => flow(all[i]?.id ?? '', n.id)) };
}

beforeAll(async () => {
  await deploy('mod-move', line('mod-move', serviceTask('a', 'mod-move-a'), serviceTask('b', 'mod-move-b'), serviceTask('c', 'mod-move-c')));
  await deploy('mod-invalid', line('mod-invalid', serviceTask('a', 'mod-invalid-a'), serviceTask('b', 'mod-invalid-b')));
  await deploy('mod-last', line('mod-last', serviceTask('only', 'mod-last-only')));
  // before → sub(inner1 → inner2) → end; the subprocess has an input mapping.
  await deploy(
    'mod-nested',
    line(
      'mod-nested',
      serviceTask('before', 'mod-nested-before'),
      subProcess('sub', straight('sub', serviceTask('inner1', 'mod-nested-inner1'), serviceTask('inner2', 'mod-nested-inner2')), {
        inputs: { fromInput: '="mapped"' },
      }),
    ),
  );
  // sub(work → extra) → end: a second instance of `sub` is made by modification.
  await deploy('mod-twice', line('mod-twice', subProcess('sub', straight('sub', serviceTask('work', 'mod-twice-work'), serviceTask('extra', 'mod-twice-extra')))));
  // fork → sub(inner) and other → join → end
  await deploy(
    'mod-branch',
    bpmnXml('mod-branch', {
      nodes: [
        startEvent('start'),
        parallelGateway('fork'),
        subProcess('sub', straight('sub', serviceTask('inner', 'mod-branch-inner'))),
        serviceTask('other', 'mod-branch-other'),
        parallelGateway('join'),
        endEvent('end'),
      ],
      flows: [flow('start', 'fork'), flow('fork', 'sub'), flow('fork', 'other'), flow('sub', 'join'), flow('other', 'join'), flow('join', 'end')],
    }),
  );
  // task with a timer boundary event (never due during the test)
  await deploy(
    'mod-limits',
    bpmnXml('mod-limits', {
      nodes: [startEvent('start'), serviceTask('task', 'mod-limits-task'), timerBoundary('late', 'task', { duration: 'PT1H' }), endEvent('end'), endEvent('late-end')],
      flows: [flow('start', 'task'), flow('task', 'end'), flow('late', 'late-end')],
    }),
  );
});

/** ELEMENT_ACTIVATED records of `elementId` in one instance (their keys are the element instance keys). */
async function activations(processInstanceKey: string, elementId: string): Promise<EngineRecord[]> {
  return elementRecords(await t.log.instance(processInstanceKey), elementId, 'ELEMENT_ACTIVATED');
}

async function elementInstanceKey(processInstanceKey: string, elementId: string): Promise<string> {
  const [first] = await activations(processInstanceKey, elementId);
  if (!first) throw new Error(`'${elementId}' was never activated in ${processInstanceKey}`);
  return first.key;
}

const activate = (elementId: string, opts: { ancestor?: string; variables?: { scopeId: string; variables: JSONDoc }[] } = {}) => ({
  elementId,
  ancestorElementInstanceKey: opts.ancestor ?? '-1',
  variableInstructions: opts.variables ?? [],
});

describe('moving a token (process-instance-modification, intro and "Execute the modification instructions")', () => {
  it('terminates the waiting task and activates a later one; the instance then runs on normally', async () => {
    const pi = await start('mod-move', { caseNo: 'M-1' });
    const a = await takeJob(t.zbc, 'mod-move-a');

    await t.zbc.modifyProcessInstance({
      processInstanceKey: pi,
      activateInstructions: [activate('c')],
      terminateInstructions: [{ elementInstanceKey: a.elementInstanceKey }],
    });

    // The worker that still holds the job of `a` is told it is gone.
    const late = await grpcError(t.zbc.completeJob({ jobKey: a.key, variables: {} }));
    expect(late.code).toBe(Code.NOT_FOUND);
    expect(elementRecords(await t.log.instance(pi), 'a', 'ELEMENT_TERMINATED')).toHaveLength(1);

    const c = await takeJob(t.zbc, 'mod-move-c');
    expect(c.processInstanceKey).toBe(pi);
    expect(c.variables).toMatchObject({ caseNo: 'M-1' });
    expect(await activatableNow(t.zbc, 'mod-move-b')).toEqual([]);
    await t.zbc.completeJob({ jobKey: c.key, variables: {} });
    expect(await instanceState(pi)).toBe('COMPLETED');
    expect(await activations(pi, 'b')).toEqual([]);
  });

  it('writes a PROCESS_INSTANCE_MODIFICATION MODIFIED record with the instructions', async () => {
    const pi = await start('mod-move');
    const aKey = await elementInstanceKey(pi, 'a');
    await t.zbc.modifyProcessInstance({
      processInstanceKey: pi,
      activateInstructions: [activate('b')],
      terminateInstructions: [{ elementInstanceKey: aKey }],
    });
    const modified = await t.log.find({ processInstanceKey: pi, valueType: 'PROCESS_INSTANCE_MODIFICATION', intent: 'MODIFIED' });
    expect(modified).toHaveLength(1);
    const value = modified[0]?.value ?? {};
    expect(String(value['processInstanceKey'])).toBe(pi);
    expect((value['activateInstructions'] as { elementId: string }[]).map((x) => x.elementId)).toEqual(['b']);
    expect((value['terminateInstructions'] as { elementInstanceKey: unknown }[]).map((x) => String(x.elementInstanceKey))).toEqual([aKey]);
    await t.zbc.cancelProcessInstance(pi);
  });
});

describe('activating a nested element (process-instance-modification, "Activate a nested element", "Set variables")', () => {
  it('creates the subprocess instance around the element, with global and subprocess-local variables', async () => {
    const pi = await start('mod-nested');
    const before = await elementInstanceKey(pi, 'before');

    await t.zbc.modifyProcessInstance({
      processInstanceKey: pi,
      activateInstructions: [
        activate('inner2', {
          variables: [
            { scopeId: '', variables: { approved: true } },
            { scopeId: 'sub', variables: { reviewer: 'kim' } },
          ],
        }),
      ],
      terminateInstructions: [{ elementInstanceKey: before }],
    });

    const subs = await activations(pi, 'sub');
    expect(subs).toHaveLength(1);
    const subKey = subs[0]?.key ?? '';
    const [inner2] = await activations(pi, 'inner2');
    expect(String(inner2?.value['flowScopeKey'])).toBe(subKey);

    // scopeId '' → a variable of the root scope; scopeId 'sub' → local to the subprocess instance.
    expect(await t.log.variable(pi, 'approved')).toBe(true);
    expect(await t.log.variable(subKey, 'reviewer')).toBe('kim');
    expect(await t.log.variable(pi, 'reviewer')).toBeUndefined();

    const job = await takeJob(t.zbc, 'mod-nested-inner2');
    expect(job.variables).toMatchObject({ approved: true, reviewer: 'kim' });
    expect(await activatableNow(t.zbc, 'mod-nested-inner1')).toEqual([]);
    expect(await activatableNow(t.zbc, 'mod-nested-before')).toEqual([]);

    await t.zbc.completeJob({ jobKey: job.key, variables: {} });
    // inner2 was the subprocess's only token: the subprocess completes, then the instance.
    expect(await instanceState(pi)).toBe('COMPLETED');
    expect(elementRecords(await t.log.instance(pi), 'sub', 'ELEMENT_COMPLETED')).toHaveLength(1);
  });

  it("creates the subprocess without entering its start event and without its input mappings", async () => {
    // "In contrast to a regular activation of the subprocess, the process instance doesn't activate
    // the start event of the subprocess or apply any input variable mappings."
    const pi = await start('mod-nested');
    await t.zbc.modifyProcessInstance({ processInstanceKey: pi, activateInstructions: [activate('inner2')] });
    const subKey = await elementInstanceKey(pi, 'sub');
    expect(await activations(pi, 'sub-start')).toEqual([]);
    expect(await t.log.variable(subKey, 'fromInput')).toBeUndefined();
    await t.zbc.cancelProcessInstance(pi);
  });

  it('activates in the subprocess instance named by ancestorElementInstanceKey, and rejects the ambiguity without it', async () => {
    const pi = await start('mod-twice');
    await takeJob(t.zbc, 'mod-twice-work');
    // Activating the subprocess itself makes a second instance of it (which runs from its start event).
    await t.zbc.modifyProcessInstance({ processInstanceKey: pi, activateInstructions: [activate('sub')] });
    await takeJob(t.zbc, 'mod-twice-work');
    const subs = await activations(pi, 'sub');
    expect(subs).toHaveLength(2);
    const second = subs[1]?.key ?? '';

    // Two active instances of the flow scope: the engine can't choose, and says which scope.
    const ambiguous = await grpcError(t.zbc.modifyProcessInstance({ processInstanceKey: pi, activateInstructions: [activate('extra')] }));
    expect(ambiguous.code).toBe(Code.INVALID_ARGUMENT);
    expect(ambiguous.details).toContain("'sub'");
    expect(await activations(pi, 'extra')).toEqual([]);

    await t.zbc.modifyProcessInstance({ processInstanceKey: pi, activateInstructions: [activate('extra', { ancestor: second })] });
    const extras = await activations(pi, 'extra');
    expect(extras).toHaveLength(1);
    expect(String(extras[0]?.value['flowScopeKey'])).toBe(second);
    const job = await takeJob(t.zbc, 'mod-twice-extra');
    expect(job.processInstanceKey).toBe(pi);
    await t.zbc.cancelProcessInstance(pi);
  });
});

describe('terminating element instances (process-instance-modification, "Terminate an element instance")', () => {
  it('terminates the process instance when its last active element instance is terminated', async () => {
    const pi = await start('mod-last');
    const job = await takeJob(t.zbc, 'mod-last-only');
    await t.zbc.modifyProcessInstance({ processInstanceKey: pi, terminateInstructions: [{ elementInstanceKey: job.elementInstanceKey }] });
    expect(await instanceState(pi)).toBe('TERMINATED');
    const records = await t.log.instance(pi);
    expect(elementRecords(records, 'only', 'ELEMENT_TERMINATED')).toHaveLength(1);
    expect(elementRecords(records, 'mod-last', 'ELEMENT_TERMINATED')).toHaveLength(1);
    expect(elementRecords(records, 'mod-last', 'ELEMENT_COMPLETED')).toEqual([]);
    expect((await grpcError(t.zbc.completeJob({ jobKey: job.key, variables: {} }))).code).toBe(Code.NOT_FOUND);
  });

  it('terminates a subprocess left without active instances, while the rest of the instance goes on', async () => {
    const pi = await start('mod-branch');
    const inner = await takeJob(t.zbc, 'mod-branch-inner');
    await t.zbc.modifyProcessInstance({ processInstanceKey: pi, terminateInstructions: [{ elementInstanceKey: inner.elementInstanceKey }] });
    const records = await t.log.instance(pi);
    expect(elementRecords(records, 'inner', 'ELEMENT_TERMINATED')).toHaveLength(1);
    expect(elementRecords(records, 'sub', 'ELEMENT_TERMINATED')).toHaveLength(1);
    expect(await instanceState(pi)).toBe('ACTIVE');
    const other = await takeJob(t.zbc, 'mod-branch-other');
    expect(other.processInstanceKey).toBe(pi);
    await t.zbc.cancelProcessInstance(pi);
  });
});

describe('rejected modifications (gRPC "ModifyProcessInstance RPC" errors; "apply all or nothing")', () => {
  it('rejects unknown element ids and element instance keys with INVALID_ARGUMENT naming them, and changes nothing', async () => {
    const pi = await start('mod-invalid');
    const aKey = await elementInstanceKey(pi, 'a');

    const failure = await grpcError(
      t.zbc.modifyProcessInstance({
        processInstanceKey: pi,
        activateInstructions: [activate('b'), activate('no-such-element')],
        terminateInstructions: [{ elementInstanceKey: aKey }, { elementInstanceKey: UNKNOWN_KEY }],
      }),
    );
    expect(failure.code).toBe(Code.INVALID_ARGUMENT);
    expect(failure.details).toContain('no-such-element');
    expect(failure.details).toContain(UNKNOWN_KEY);

    // Nothing was applied: `a` still waits with its job activatable, `b` was not activated.
    expect(elementRecords(await t.log.instance(pi), 'a', 'ELEMENT_TERMINATED')).toEqual([]);
    expect(await activations(pi, 'b')).toEqual([]);
    expect(await t.log.find({ processInstanceKey: pi, valueType: 'PROCESS_INSTANCE_MODIFICATION', intent: 'MODIFIED' })).toEqual([]);
    const a = await takeJob(t.zbc, 'mod-invalid-a');
    expect(a.processInstanceKey).toBe(pi);
    await t.zbc.completeJob({ jobKey: a.key, variables: {} });

    // `a` has completed: terminating its (no longer active) instance is rejected too.
    const finished = await grpcError(t.zbc.modifyProcessInstance({ processInstanceKey: pi, terminateInstructions: [{ elementInstanceKey: aKey }] }));
    expect(finished.code).toBe(Code.INVALID_ARGUMENT);
    expect(finished.details).toContain(aKey);
    const b = await takeJob(t.zbc, 'mod-invalid-b');
    expect(b.processInstanceKey).toBe(pi);
    await t.zbc.cancelProcessInstance(pi);
  });

  it('rejects a variable instruction whose scope is not a flow scope of the element', async () => {
    const pi = await start('mod-invalid');
    const failure = await grpcError(
      t.zbc.modifyProcessInstance({
        processInstanceKey: pi,
        activateInstructions: [activate('b', { variables: [{ scopeId: 'no-such-scope', variables: { x: 1 } }] })],
      }),
    );
    expect(failure.code).toBe(Code.INVALID_ARGUMENT);
    expect(failure.details).toContain('no-such-scope');
    expect(await activations(pi, 'b')).toEqual([]);
    await t.zbc.cancelProcessInstance(pi);
  });

  it('answers NOT_FOUND for an unknown process instance and for one that has completed', async () => {
    const unknown = await grpcError(t.zbc.modifyProcessInstance({ processInstanceKey: UNKNOWN_KEY, activateInstructions: [activate('a')] }));
    expect(unknown.code).toBe(Code.NOT_FOUND);
    expect(unknown.details).toContain(UNKNOWN_KEY);

    const pi = await start('mod-last');
    const job = await takeJob(t.zbc, 'mod-last-only');
    await t.zbc.completeJob({ jobKey: job.key, variables: {} });
    expect(await instanceState(pi)).toBe('COMPLETED');
    const done = await grpcError(t.zbc.modifyProcessInstance({ processInstanceKey: pi, activateInstructions: [activate('only')] }));
    expect(done.code).toBe(Code.NOT_FOUND);
    expect(done.details).toContain(pi);
  });

  it('rejects activating a start event or a boundary event (process-instance-modification, "Limitations")', async () => {
    const pi = await start('mod-limits');
    const answers: Record<string, { code: number; named: boolean } | 'accepted'> = {};
    for (const elementId of ['start', 'late']) {
      try {
        await t.zbc.modifyProcessInstance({ processInstanceKey: pi, activateInstructions: [activate(elementId)] });
        answers[elementId] = 'accepted';
      } catch (error) {
        const { code, details } = await grpcError(Promise.reject(error));
        answers[elementId] = { code, named: details.includes(`'${elementId}'`) };
      }
    }
    expect(answers).toEqual({ start: { code: Code.INVALID_ARGUMENT, named: true }, late: { code: Code.INVALID_ARGUMENT, named: true } });
    const records = await t.log.instance(pi);
    expect(elementRecords(records, 'start', 'ELEMENT_ACTIVATED')).toHaveLength(1);
    expect(elementRecords(records, 'late', 'ELEMENT_ACTIVATED')).toEqual([]);
    expect(elementRecords(records, 'task', 'ELEMENT_ACTIVATED')).toHaveLength(1);
    await t.zbc.cancelProcessInstance(pi);
  });
});
