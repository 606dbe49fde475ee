// Waiting instances folded into their compact form (engine/state/folding.ts) must be invisible to
// everyone outside the engine: a worker, a message, a timer, a cancel or a modification reaches a
// folded instance exactly as it reaches one that never folded, and the record log says the same.
// The engine folds instances untouched for ~5 s on its own; these tests fold at once.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  bpmnXml,
  endEvent,
  flow,
  line,
  messageCatch,
  parallelGateway,
  serviceTask,
  startEvent,
  subProcess,
  timerBoundary,
} from '../support/bpmn.js';
import { Code, grpcError } from '../support/gateway.js';
import { takeJob } from '../support/jobs.js';
import type { EngineRecord } from '../support/records.js';
import { engineSuite } from '../support/suite.js';
import { eventually } from '../support/wait.js';

const t = engineSuite('folding');

/** Folds every instance that waits, however recently it was touched; returns how many are folded. */
function foldAll(): number {
  const rt = t.engine.runtime;
  // Two passes: a sweep the engine's own timer began may have its cursor half-way.
  for (let i = 0; i < 2; i++) rt.foldIdle({ idleSweeps: 0, budgetMs: 60_000 });
  return rt.state.foldedCount;
}

/** The instance's records as a reader compares two runs: no keys, positions or times. */
const shape = (records: readonly EngineRecord[]): string[] =>
  records.map((r) =>
    r.valueType === 'PROCESS_INSTANCE' ? `${String(r.value['bpmnElementType'])}:${String(r.value['elementId'])}:${r.intent}` : `${r.valueType}:${r.intent}`,
  );

// start → fork → (task a | sub-process with local variable → task b) → join → task c → end
const forkXml = bpmnXml('fold-fork', {
  nodes: [
    startEvent('start'),
    parallelGateway('fork'),
    serviceTask('a', 'fold-a'),
    subProcess(
      'sub',
      { nodes: [startEvent('sub-start'), serviceTask('b', 'fold-b'), endEvent('sub-end')], flows: [flow('sub-start', 'b'), flow('b', 'sub-end')] },
      { inputs: { clerk: '="窗口 " + string(window)' } },
    ),
    parallelGateway('join'),
    serviceTask('c', 'fold-c'),
    endEvent('end'),
  ],
  flows: [flow('start', 'fork'), flow('fork', 'a'), flow('fork', 'sub'), flow('a', 'join'), flow('sub', 'join'), flow('join', 'c'), flow('c', 'end')],
});

beforeAll(async () => {
  await t.deploy('fold-fork', forkXml);
  await t.deploy(
    'fold-timer',
    bpmnXml('fold-timer', {
      nodes: [startEvent('start'), serviceTask('slow', 'fold-slow'), timerBoundary('late', 'slow', { duration: 'PT1S' }), endEvent('done'), endEvent('too-late')],
      flows: [flow('start', 'slow'), flow('slow', 'done'), flow('late', 'too-late')],
    }),
  );
  await t.deploy('fold-message', line('fold-message', messageCatch('wait', 'fold-docs', '=caseId')));
  await t.deploy('fold-cancel', line('fold-cancel', serviceTask('work', 'fold-cancel-work')));
});

/** Runs one fork instance to its end; `fold` folds everything at each wait. */
async function runFork(caseId: string, fold: boolean): Promise<{ records: EngineRecord[]; bVariables: Record<string, unknown>; cVariables: Record<string, unknown> }> {
  const pi = await t.start('fold-fork', { caseId, window: 3, applicant: { name: '张三', items: ['营业执照'] } });
  const a = await takeJob(t.zbc, 'fold-a', { fetchVariable: [] });
  if (fold) expect(foldAll()).toBeGreaterThanOrEqual(1);
  await t.complete(a, { checked: true });
  // The token from a now waits at the join (the scope's joins) while b is still open.
  await t.reached(pi, 'a', 'ELEMENT_COMPLETED');
  if (fold) expect(foldAll()).toBeGreaterThanOrEqual(1);
  const b = await takeJob(t.zbc, 'fold-b');
  expect(b.processInstanceKey).toBe(pi);
  if (fold) expect(foldAll()).toBeGreaterThanOrEqual(1);
  await t.complete(b, { reviewed: '通过' });
  const c = await takeJob(t.zbc, 'fold-c');
  if (fold) expect(foldAll()).toBeGreaterThanOrEqual(1);
  await t.complete(c);
  const records = await t.completed(pi);
  return { records, bVariables: b.variables, cVariables: c.variables };
}

describe('a folded instance runs on as if it never folded', () => {
  it('walks a fork with a join token, a sub-process scope and its local variable the same way', async () => {
    const plain = await runFork('C-1', false);
    const folded = await runFork('C-2', true);
    expect(shape(folded.records)).toEqual(shape(plain.records));
    // The job inside the sub-process sees the root variables and the sub-process's own one.
    expect(folded.bVariables).toEqual({ caseId: 'C-2', window: 3, applicant: { name: '张三', items: ['营业执照'] }, clerk: '窗口 3', checked: true });
    expect(plain.bVariables).toEqual({ ...folded.bVariables, caseId: 'C-1' });
    // The local variable stayed local: c (after the sub-process) sees only the root scope.
    expect(folded.cVariables).toEqual({ caseId: 'C-2', window: 3, applicant: { name: '张三', items: ['营业执照'] }, checked: true, reviewed: '通过' });
  });

  it('fires a timer boundary on a folded instance', async () => {
    const pi = await t.start('fold-timer', { caseId: 'T-1' });
    await t.activated(pi, 'slow');
    expect(foldAll()).toBeGreaterThanOrEqual(1);
    const records = await t.completed(pi);
    expect(shape(records)).toContain('END_EVENT:too-late:ELEMENT_COMPLETED');
    expect(shape(records)).toContain('JOB:CANCELED');
  });

  it('correlates a message to a folded instance', async () => {
    const pi = await t.start('fold-message', { caseId: 'M-1' });
    await t.activated(pi, 'wait');
    expect(foldAll()).toBeGreaterThanOrEqual(1);
    await t.zbc.publishMessage({ name: 'fold-docs', correlationKey: 'M-1', variables: { docs: '齐全' }, timeToLive: 0 });
    await t.completed(pi);
    expect(await t.log.variable(pi, 'docs')).toBe('齐全');
  });

  it('cancels a folded instance and refuses to delete its definition while it runs', async () => {
    const pi = await t.start('fold-cancel', { caseId: 'X-1' });
    const job = await takeJob(t.zbc, 'fold-cancel-work');
    expect(foldAll()).toBeGreaterThanOrEqual(1);
    const [definition] = await t.sql<{ key: string }[]>`select key::text as key from engine.process_definitions where bpmn_process_id = 'fold-cancel'`;
    const refused = await grpcError(t.raw.call('DeleteResource', { resourceKey: definition?.key }));
    expect(refused.code).toBe(Code.FAILED_PRECONDITION);
    expect(refused.details).toContain('1 running instances');

    await t.zbc.cancelProcessInstance(pi);
    await eventually(async () => expect(await t.instanceState(pi)).toBe('TERMINATED'));
    const records = shape(await t.log.instance(pi));
    expect(records.slice(-5)).toEqual([
      'PROCESS:fold-cancel:ELEMENT_TERMINATING',
      'SERVICE_TASK:work:ELEMENT_TERMINATING',
      'JOB:CANCELED',
      'SERVICE_TASK:work:ELEMENT_TERMINATED',
      'PROCESS:fold-cancel:ELEMENT_TERMINATED',
    ]);
    // The worker that held its job finds it gone.
    const late = await grpcError(t.zbc.completeJob({ jobKey: job.key, variables: {} }));
    expect(late.code).toBe(Code.NOT_FOUND);
  });

  it('modifies a folded instance: terminates the waiting task and activates another', async () => {
    const pi = await t.start('fold-fork', { caseId: 'Y-1', window: 1 });
    const a = await takeJob(t.zbc, 'fold-a', { fetchVariable: [] });
    const [aInstance] = await t.sql<{ key: string }[]>`select key::text as key from engine.element_instances where process_instance_key = ${pi} and element_id = 'a'`;
    expect(aInstance?.key).toBe(a.elementInstanceKey);
    expect(foldAll()).toBeGreaterThanOrEqual(1);
    await t.zbc.modifyProcessInstance({
      processInstanceKey: pi,
      terminateInstructions: [{ elementInstanceKey: a.elementInstanceKey }],
      activateInstructions: [{ elementId: 'c', ancestorElementInstanceKey: '-1', variableInstructions: [] }],
    });
    const c = await takeJob(t.zbc, 'fold-c');
    expect(c.processInstanceKey).toBe(pi);
    const shaped = shape(await t.log.instance(pi));
    expect(shaped).toContain('SERVICE_TASK:a:ELEMENT_TERMINATED');
    expect(shaped).toContain('SERVICE_TASK:c:ELEMENT_ACTIVATED');
    await t.zbc.cancelProcessInstance(pi);
  });
});
