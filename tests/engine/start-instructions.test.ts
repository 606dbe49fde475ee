// CreateProcessInstance with start instructions: an instance created "before" chosen elements
// instead of at the none start event (zeebe-node 8.3.2's createProcessInstance sends them).
// References: docs.camunda.io/docs/8.3/components/concepts/process-instance-creation/
// ("Create and start at a user-defined element": input mappings of the element are applied;
// several instructions start several elements, the same element more than once if named twice;
// supported by both CreateProcessInstance commands; same limitations as process instance
// modification) and docs.camunda.io/docs/8.3/apis-tools/grpc/ ("CreateProcessInstance RPC").
import { beforeAll, describe, expect, it } from 'vitest';
import type { JSONDoc } from 'zeebe-node';
import { endEvent, flow, line, serviceTask, startEvent, subProcess } from '../support/bpmn.js';
import { Code, grpcError } from '../support/gateway.js';
import { activatableNow, takeJob, takeJobs } from '../support/jobs.js';
import { elementRecords } from '../support/records.js';
import { engineSuite } from '../support/suite.js';

const t = engineSuite('start-instructions');
const { deploy, instanceState } = t;

beforeAll(async () => {
  for (const id of ['si-line', 'si-two', 'si-same', 'si-result', 'si-bad']) {
    await deploy(
      id,
      line(id, serviceTask('first', `${id}-first`), serviceTask('second', `${id}-second`, { inputs: { fromInput: '="mapped"' } }), serviceTask('third', `${id}-third`)),
    );
  }
  // intake → review(check → approve) → end
  const review = [startEvent('review-start'), serviceTask('check', 'si-nested-check'), serviceTask('approve', 'si-nested-approve'), endEvent('review-end')];
  await deploy(
    'si-nested',
    line(
      'si-nested',
      serviceTask('intake', 'si-nested-intake'),
      subProcess('review', { nodes: review, flows: review.slice(1).map((n, i) => flow(review[i]?.id ?? '', n.id)) }),
    ),
  );
});

function createAt(processId: string, elementIds: string[], variables: JSONDoc = {}) {
  return t.zbc.createProcessInstance({ bpmnProcessId: processId, variables, startInstructions: elementIds.map((elementId) => ({ elementId })) });
}

async function instanceCount(processId: string): Promise<number> {
  const rows = await t.sql<{ n: string }[]>`select count(*)::text as n from engine.process_instances where bpmn_process_id = ${processId}`;
  return Number(rows[0]?.n ?? 0);
}

describe('start instructions (process-instance-creation, "Create and start at a user-defined element")', () => {
  it('starts before a later task: the start event and earlier tasks never run, the element\'s input mappings do', async () => {
    const created = await createAt('si-line', ['second'], { caseNo: 'SI-1' });
    expect(created).toMatchObject({ bpmnProcessId: 'si-line', version: 1 });
    const pi = created.processInstanceKey;

    const second = await takeJob(t.zbc, 'si-line-second');
    expect(second.processInstanceKey).toBe(pi);
    expect(second.variables).toMatchObject({ caseNo: 'SI-1', fromInput: 'mapped' });
    expect(await activatableNow(t.zbc, 'si-line-first')).toEqual([]);

    await t.zbc.completeJob({ jobKey: second.key, variables: {} });
    const third = await takeJob(t.zbc, 'si-line-third');
    await t.zbc.completeJob({ jobKey: third.key, variables: {} });
    expect(await instanceState(pi)).toBe('COMPLETED');

    const records = await t.log.instance(pi);
    expect(elementRecords(records, 'start', 'ELEMENT_ACTIVATED')).toEqual([]);
    expect(elementRecords(records, 'first', 'ELEMENT_ACTIVATED')).toEqual([]);
    const creation = await t.log.find({ processInstanceKey: pi, valueType: 'PROCESS_INSTANCE_CREATION', intent: 'CREATED' });
    expect(creation[0]?.value['startInstructions']).toEqual([{ elementId: 'second' }]);
  });

  it('starts inside an embedded subprocess: the subprocess instance is created around the element', async () => {
    const { processInstanceKey: pi } = await createAt('si-nested', ['approve']);
    const approve = await takeJob(t.zbc, 'si-nested-approve');
    expect(approve.processInstanceKey).toBe(pi);

    const records = await t.log.instance(pi);
    const review = elementRecords(records, 'review', 'ELEMENT_ACTIVATED');
    expect(review).toHaveLength(1);
    expect(String(review[0]?.value['flowScopeKey'])).toBe(pi);
    expect(String(elementRecords(records, 'approve', 'ELEMENT_ACTIVATED')[0]?.value['flowScopeKey'])).toBe(review[0]?.key);
    expect(elementRecords(records, 'review-start', 'ELEMENT_ACTIVATED')).toEqual([]);
    expect(await activatableNow(t.zbc, 'si-nested-intake')).toEqual([]);
    expect(await activatableNow(t.zbc, 'si-nested-check')).toEqual([]);

    await t.zbc.completeJob({ jobKey: approve.key, variables: {} });
    expect(await instanceState(pi)).toBe('COMPLETED');
    expect(elementRecords(await t.log.instance(pi), 'review', 'ELEMENT_COMPLETED')).toHaveLength(1);
  });

  it('starts two tokens for two instructions; the instance completes when both are done', async () => {
    const { processInstanceKey: pi } = await createAt('si-two', ['first', 'third']);
    const [first] = await takeJobs(t.zbc, 'si-two-first', 1);
    const [third] = await takeJobs(t.zbc, 'si-two-third', 1);
    expect(first?.processInstanceKey).toBe(pi);
    expect(third?.processInstanceKey).toBe(pi);

    await t.zbc.completeJob({ jobKey: third?.key ?? '', variables: {} });
    // One token reached the end event; the other is still at `first`.
    expect(await instanceState(pi)).toBe('ACTIVE');
    await t.zbc.completeJob({ jobKey: first?.key ?? '', variables: {} });
    await t.zbc.completeJob({ jobKey: (await takeJob(t.zbc, 'si-two-second')).key, variables: {} });
    await t.zbc.completeJob({ jobKey: (await takeJob(t.zbc, 'si-two-third')).key, variables: {} });
    expect(await instanceState(pi)).toBe('COMPLETED');
  });

  it('activates the same element twice when two instructions name it', async () => {
    // "You can activate the same element multiple times inside the created process instance by
    // referring to the same element id in more than one instruction."
    const { processInstanceKey: pi } = await createAt('si-same', ['third', 'third']);
    const jobs = await takeJobs(t.zbc, 'si-same-third', 2, { waitMs: 2_000 });
    expect(jobs.map((j) => j.processInstanceKey)).toEqual([pi, pi]);
    expect(new Set(jobs.map((j) => j.elementInstanceKey)).size).toBe(2);
    for (const j of jobs) await t.zbc.completeJob({ jobKey: j.key, variables: {} });
    expect(await instanceState(pi)).toBe('COMPLETED');
  });

  it('works with CreateProcessInstanceWithResult too', async () => {
    // zeebe-node 8.3.2's createProcessInstanceWithResult drops startInstructions; other clients send them.
    const result = t.raw.call('CreateProcessInstanceWithResult', {
      request: { bpmnProcessId: 'si-result', version: -1, variables: '{"caseNo":"SI-5"}', startInstructions: [{ elementId: 'third' }] },
      requestTimeout: '10000',
      fetchVariables: [],
    });
    const third = await takeJob(t.zbc, 'si-result-third');
    await t.zbc.completeJob({ jobKey: third.key, variables: { done: true } });
    const answer = await result;
    expect(String(answer['processInstanceKey'])).toBe(third.processInstanceKey);
    expect(JSON.parse(String(answer['variables']))).toEqual({ caseNo: 'SI-5', done: true });
    expect(await activatableNow(t.zbc, 'si-result-first')).toEqual([]);
  });

  it('rejects an unknown element with INVALID_ARGUMENT naming it, and creates no instance', async () => {
    const before = await instanceCount('si-bad');
    const unknown = await grpcError(createAt('si-bad', ['no-such-element']));
    expect(unknown.code).toBe(Code.INVALID_ARGUMENT);
    expect(unknown.details).toContain('no-such-element');

    // One bad instruction among good ones rejects the whole command.
    const mixed = await grpcError(createAt('si-bad', ['second', 'missing-task']));
    expect(mixed.code).toBe(Code.INVALID_ARGUMENT);
    expect(mixed.details).toContain('missing-task');

    expect(await instanceCount('si-bad')).toBe(before);
    expect(await activatableNow(t.zbc, 'si-bad-second')).toEqual([]);
    expect(await t.log.find({ valueType: 'PROCESS_INSTANCE_CREATION', intent: 'CREATED' }).then((rs) => rs.filter((r) => r.value['bpmnProcessId'] === 'si-bad'))).toEqual([]);
  });
});
