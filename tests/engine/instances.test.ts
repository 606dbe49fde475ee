// Starting and stopping process instances: CreateProcessInstance(WithResult) and
// CancelProcessInstance, as an application or a supervisor calls them through zeebe-node.
import { beforeAll, describe, expect, it } from 'vitest';
import type { JSONDoc } from 'zeebe-node';
import { line, serviceTask } from '../support/bpmn.js';
import { Code, FIRST_KEY, grpcError } from '../support/gateway.js';
import { activatableNow, activateJobs, takeJob } from '../support/jobs.js';
import { engineSuite } from '../support/suite.js';

const t = engineSuite('instances');
const { instanceState } = t;

/** Process definition keys of `orders` versions 1 and 2. */
let ordersV1 = '';
let ordersV2 = '';

beforeAll(async () => {
  ordersV1 = await t.deploy('orders', line('orders', serviceTask('pack', 'orders-pack')));
  ordersV2 = await t.deploy('orders', line('orders', serviceTask('pack', 'orders-pack'), serviceTask('ship', 'orders-ship')));
});

// docs.camunda.io/docs/apis-tools/grpc/ ("CreateProcessInstance RPC": by processDefinitionKey, or
// by bpmnProcessId and version, where -1 / unset is the latest) and
// docs.camunda.io/docs/components/concepts/process-instance-creation/.
describe('CreateProcessInstance', () => {
  it('starts the latest version by bpmnProcessId', async () => {
    const created = await t.zbc.createProcessInstance({ bpmnProcessId: 'orders', variables: { orderNo: 'O-1' } });
    expect(created).toMatchObject({ bpmnProcessId: 'orders', version: 2, processDefinitionKey: ordersV2 });
    expect(BigInt(created.processInstanceKey)).toBeGreaterThanOrEqual(FIRST_KEY);
    expect(await instanceState(created.processInstanceKey)).toBe('ACTIVE');
    await t.zbc.cancelProcessInstance(created.processInstanceKey);
  });

  it('starts an explicit older version, which then runs that version', async () => {
    const created = await t.zbc.createProcessInstance({ bpmnProcessId: 'orders', version: 1, variables: { orderNo: 'O-2' } });
    expect(created).toMatchObject({ bpmnProcessId: 'orders', version: 1, processDefinitionKey: ordersV1 });
    const job = await takeJob(t.zbc, 'orders-pack');
    expect(job.processInstanceKey).toBe(created.processInstanceKey);
    expect(job.processDefinitionVersion).toBe(1);
    expect(job.variables).toEqual({ orderNo: 'O-2' });
    await t.zbc.completeJob({ jobKey: job.key, variables: {} });
    // Version 1 has no shipping step: completing packing completes the instance.
    expect(await instanceState(created.processInstanceKey)).toBe('COMPLETED');
  });

  it('starts by processDefinitionKey', async () => {
    // zeebe-node 8.3.2's createProcessInstance has no processDefinitionKey; other clients do.
    const created = await t.raw.call('CreateProcessInstance', { processDefinitionKey: ordersV1, variables: '{"orderNo":"O-3"}' });
    expect(created).toMatchObject({ bpmnProcessId: 'orders', version: 1, processDefinitionKey: ordersV1 });
    const key = String(created['processInstanceKey']);
    expect(BigInt(key)).toBeGreaterThanOrEqual(FIRST_KEY);
    expect(await instanceState(key)).toBe('ACTIVE');
    await t.zbc.cancelProcessInstance(key);
  });

  it('answers NOT_FOUND for an unknown bpmnProcessId, naming it', async () => {
    const failure = await grpcError(t.zbc.createProcessInstance({ bpmnProcessId: 'no-such-process', variables: {} }));
    expect(failure.code).toBe(Code.NOT_FOUND);
    expect(failure.details).toContain('no-such-process');
  });

  it('answers NOT_FOUND for a version that was never deployed, naming it', async () => {
    const failure = await grpcError(t.zbc.createProcessInstance({ bpmnProcessId: 'orders', version: 7, variables: {} }));
    expect(failure.code).toBe(Code.NOT_FOUND);
    expect(failure.details).toContain('orders');
    expect(failure.details).toContain('7');
  });

  it('answers NOT_FOUND for an unknown processDefinitionKey, naming it', async () => {
    const unknown = (BigInt(ordersV2) + 100_000n).toString();
    const failure = await grpcError(t.raw.call('CreateProcessInstance', { processDefinitionKey: unknown, variables: '{}' }));
    expect(failure.code).toBe(Code.NOT_FOUND);
    expect(failure.details).toContain(unknown);
  });

  // docs.camunda.io/docs/apis-tools/grpc/ ("variables … must be a JSON object … [{ "a": 1, "b": 2 }]
  // would not be a valid argument"; INVALID_ARGUMENT).
  it('answers INVALID_ARGUMENT when the variables are a JSON array, and starts nothing', async () => {
    const before = await t.sql<{ n: string }[]>`select count(*)::text as n from engine.process_instances`;
    // zeebe-node sends JSON.stringify(variables) as is, so an array reaches the gateway as '[…]'.
    const viaClient = await grpcError(t.zbc.createProcessInstance({ bpmnProcessId: 'orders', variables: [{ a: 1 }, { b: 2 }] as unknown as JSONDoc }));
    expect(viaClient.code).toBe(Code.INVALID_ARGUMENT);
    expect(viaClient.details).toContain('variables');
    const viaRaw = await grpcError(t.raw.call('CreateProcessInstance', { bpmnProcessId: 'orders', version: -1, variables: '[1,2]' }));
    expect(viaRaw.code).toBe(Code.INVALID_ARGUMENT);
    const after = await t.sql<{ n: string }[]>`select count(*)::text as n from engine.process_instances`;
    expect(after[0]?.n).toBe(before[0]?.n);
  });
});

// docs.camunda.io/docs/components/concepts/process-instance-creation/ ("Create and await
// results": the response carries the instance's variables, or only fetchVariables; when the
// request times out the client gets a timeout but the process instance keeps running) and
// docs.camunda.io/docs/apis-tools/grpc/ ("CreateProcessInstanceWithResult RPC").
describe('CreateProcessInstanceWithResult', () => {
  beforeAll(async () => {
    await t.zbc.deployResource({ name: 'quote.bpmn', process: Buffer.from(line('quote', serviceTask('price', 'quote-price'))) });
  });

  it('answers when the instance completes, with only the fetchVariables', async () => {
    const result = t.zbc.createProcessInstanceWithResult({
      bpmnProcessId: 'quote',
      variables: { customer: 'c-1', items: 3 },
      fetchVariables: ['price', 'customer'],
      requestTimeout: 10_000,
    });
    const job = await takeJob(t.zbc, 'quote-price');
    await t.zbc.completeJob({ jobKey: job.key, variables: { price: 42, internalNote: 'discounted' } });
    const done = await result;
    expect(done.bpmnProcessId).toBe('quote');
    expect(done.processInstanceKey).toBe(job.processInstanceKey);
    expect(done.variables).toEqual({ price: 42, customer: 'c-1' });
  });

  it('answers with all root variables when no fetchVariables are given', async () => {
    const result = t.zbc.createProcessInstanceWithResult({ bpmnProcessId: 'quote', variables: { customer: 'c-2' }, requestTimeout: 10_000 });
    const job = await takeJob(t.zbc, 'quote-price');
    await t.zbc.completeJob({ jobKey: job.key, variables: { price: 7 } });
    expect((await result).variables).toEqual({ customer: 'c-2', price: 7 });
  });

  it('answers DEADLINE_EXCEEDED after requestTimeout, and the instance keeps running to completion', async () => {
    const started = Date.now();
    const failure = await grpcError(t.zbc.createProcessInstanceWithResult({ bpmnProcessId: 'quote', variables: { customer: 'c-3' }, requestTimeout: 400 }));
    const waited = Date.now() - started;
    expect(failure.code).toBe(Code.DEADLINE_EXCEEDED);
    expect(waited).toBeGreaterThanOrEqual(350);
    expect(waited).toBeLessThan(5_000);

    const job = await takeJob(t.zbc, 'quote-price');
    expect(job.variables).toEqual({ customer: 'c-3' });
    expect(await instanceState(job.processInstanceKey)).toBe('ACTIVE');
    await t.zbc.completeJob({ jobKey: job.key, variables: { price: 1 } });
    expect(await instanceState(job.processInstanceKey)).toBe('COMPLETED');
  });
});

// docs.camunda.io/docs/apis-tools/grpc/ ("CancelProcessInstance RPC": NOT_FOUND when no process
// instance exists with the given key) and docs.camunda.io/docs/components/concepts/job-workers/
// (a job of a canceled instance is canceled; it can no longer be activated or completed).
describe('CancelProcessInstance', () => {
  beforeAll(async () => {
    await t.zbc.deployResource({ name: 'permit-cancel.bpmn', process: Buffer.from(line('permit-cancel', serviceTask('review', 'cancel-review'))) });
  });

  it('terminates the instance; its job can no longer be activated, and a second cancel is NOT_FOUND', async () => {
    const created = await t.zbc.createProcessInstance({ bpmnProcessId: 'permit-cancel', variables: {} });
    await t.zbc.cancelProcessInstance(created.processInstanceKey);
    expect(await instanceState(created.processInstanceKey)).toBe('TERMINATED');

    const { jobs } = await activateJobs(t.zbc, { type: 'cancel-review', requestTimeout: 300 });
    expect(jobs).toEqual([]);

    const again = await grpcError(t.zbc.cancelProcessInstance(created.processInstanceKey));
    expect(again.code).toBe(Code.NOT_FOUND);
    expect(again.details).toContain(created.processInstanceKey);
  });

  it('cancels a job a worker already holds: completing it afterwards is NOT_FOUND', async () => {
    const created = await t.zbc.createProcessInstance({ bpmnProcessId: 'permit-cancel', variables: {} });
    const job = await takeJob(t.zbc, 'cancel-review');
    expect(job.processInstanceKey).toBe(created.processInstanceKey);
    await t.zbc.cancelProcessInstance(created.processInstanceKey);
    const late = await grpcError(t.zbc.completeJob({ jobKey: job.key, variables: {} }));
    expect(late.code).toBe(Code.NOT_FOUND);
    expect(await instanceState(created.processInstanceKey)).toBe('TERMINATED');
  });

  it('answers NOT_FOUND for a key that never was an instance', async () => {
    const unknown = (FIRST_KEY + 987_654_321n).toString();
    const failure = await grpcError(t.zbc.cancelProcessInstance(unknown));
    expect(failure.code).toBe(Code.NOT_FOUND);
    expect(failure.details).toContain(unknown);
  });
});

// docs.camunda.io/docs/components/concepts/processes/ ("Process versioning": "running process
// instances are not affected … they continue with the version they were started with").
describe('versions of running instances', () => {
  it('keeps a running instance on its version after a new version is deployed', async () => {
    await t.zbc.deployResource({ name: 'renewal.bpmn', process: Buffer.from(line('renewal', serviceTask('check', 'renewal-check'))) });
    const created = await t.zbc.createProcessInstance({ bpmnProcessId: 'renewal', variables: {} });
    expect(created.version).toBe(1);

    // Version 2 adds an approval step after the check.
    await t.zbc.deployResource({
      name: 'renewal.bpmn',
      process: Buffer.from(line('renewal', serviceTask('check', 'renewal-check'), serviceTask('approve', 'renewal-approve'))),
    });

    const job = await takeJob(t.zbc, 'renewal-check');
    expect(job.processInstanceKey).toBe(created.processInstanceKey);
    expect(job.processDefinitionVersion).toBe(1);
    await t.zbc.completeJob({ jobKey: job.key, variables: {} });
    expect(await instanceState(created.processInstanceKey)).toBe('COMPLETED');
    expect(await activatableNow(t.zbc, 'renewal-approve')).toEqual([]);

    // A new instance runs version 2 and does reach the approval.
    const next = await t.zbc.createProcessInstance({ bpmnProcessId: 'renewal', variables: {} });
    expect(next.version).toBe(2);
    await t.zbc.completeJob({ jobKey: (await takeJob(t.zbc, 'renewal-check')).key, variables: {} });
    const approval = await takeJob(t.zbc, 'renewal-approve');
    expect(approval.processInstanceKey).toBe(next.processInstanceKey);
    expect(approval.processDefinitionVersion).toBe(2);
  });
});

