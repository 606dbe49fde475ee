// Message correlation, driven through zeebe-node's publishMessage as an integrating system would.
// Expectations from docs.camunda.io "Messages" (components/concepts/messages: subscriptions,
// buffering, cardinality, uniqueness), "Message events" (components/modeler/bpmn/message-events)
// and "Receive tasks" (components/modeler/bpmn/receive-tasks).
import { describe, expect, it } from 'vitest';
import { bpmnXml, endEvent, flow, line, messageBoundary, messageCatch, receiveTask, serviceTask, startEvent } from '../support/bpmn.js';
import { Code, grpcError } from '../support/gateway.js';
import { takeJob, takeJobs } from '../support/jobs.js';
import { elementRecords, type EngineRecord, instanceCompleted } from '../support/records.js';
import { engineSuite } from '../support/suite.js';
import { eventually, quiet } from '../support/wait.js';

const t = engineSuite('messages');
const { deploy, start, activated, reached } = t;

/** start → catch event `wait` (message `name`, key `= orderId`) → service task `after` → end. */
function catchProcess(processId: string, name: string, correlationKey = '= orderId'): string {
  return line(processId, messageCatch('wait', name, correlationKey), serviceTask('after', `${processId}-after`));
}

const correlations = async (pi: string): Promise<EngineRecord[]> =>
  (await t.log.instance(pi)).filter((r) => r.valueType === 'PROCESS_MESSAGE_SUBSCRIPTION' && r.intent === 'CORRELATED');

// docs.camunda.io "Messages" → Message subscriptions: "the message correlation is based on
// subscriptions that contain the message name and the correlation key … The expressions are
// evaluated on activating the message catch event … After a subscription is opened, it is not
// updated (for example, when the referenced process instance variable is changed.)"
describe('intermediate message catch event (docs.camunda.io: Messages, Message events)', () => {
  it('correlates by message name and correlation key, and merges the message variables into the process', async () => {
    await deploy('msg-catch', catchProcess('msg-catch', 'payment-received'));
    const pi = await start('msg-catch', { orderId: 'order-1' });
    const other = await start('msg-catch', { orderId: 'order-2' });
    await activated(pi, 'wait');
    await activated(other, 'wait');

    // Wrong name, right key; right name, wrong key: neither is correlated.
    await t.zbc.publishMessage({ name: 'payment-refused', correlationKey: 'order-1', variables: { paid: 0 } });
    await t.zbc.publishMessage({ name: 'payment-received', correlationKey: 'order-3', variables: { paid: 0 } });
    await quiet();
    expect(await correlations(pi)).toEqual([]);
    expect(await correlations(other)).toEqual([]);

    await t.zbc.publishMessage({ name: 'payment-received', correlationKey: 'order-1', variables: { paid: 120, receipt: { no: 'R-9' } } });
    const job = await takeJob(t.zbc, 'msg-catch-after');
    expect(job.processInstanceKey).toBe(pi);
    expect(job.variables).toMatchObject({ orderId: 'order-1', paid: 120, receipt: { no: 'R-9' } });
    // Merged into the process instance (root scope), not kept on the catch event.
    expect(await t.log.variable(pi, 'paid')).toBe(120);
    expect(await correlations(other)).toEqual([]);

    await t.zbc.completeJob({ jobKey: job.key, variables: {} });
    await t.completed(pi);
  });

  it('keeps the correlation key it evaluated on activation, even when the variable changes later', async () => {
    await deploy('msg-key-fixed', catchProcess('msg-key-fixed', 'key-fixed'));
    const pi = await start('msg-key-fixed', { orderId: 'first' });
    await activated(pi, 'wait');
    await t.zbc.setVariables({ elementInstanceKey: pi, variables: { orderId: 'second' }, local: false });

    await t.zbc.publishMessage({ name: 'key-fixed', correlationKey: 'second' });
    await quiet();
    expect(await correlations(pi)).toEqual([]);

    await t.zbc.publishMessage({ name: 'key-fixed', correlationKey: 'first' });
    const job = await takeJob(t.zbc, 'msg-key-fixed-after');
    expect(job.processInstanceKey).toBe(pi);
  });

  it('accepts a numeric correlation key variable (the number is matched as its string form)', async () => {
    // docs.camunda.io "Messages"/"Message events": the correlation key expression must give a
    // string or a number; a number is converted to a string.
    await deploy('msg-numeric', catchProcess('msg-numeric', 'numeric-key'));
    const pi = await start('msg-numeric', { orderId: 4711 });
    await activated(pi, 'wait');
    await t.zbc.publishMessage({ name: 'numeric-key', correlationKey: '4711', variables: { ok: true } });
    const job = await takeJob(t.zbc, 'msg-numeric-after');
    expect(job.processInstanceKey).toBe(pi);
    expect(job.variables).toMatchObject({ orderId: 4711, ok: true });
  });
});

// docs.camunda.io "Receive tasks": "Receive tasks … reference a message … When the receive task
// is entered, a corresponding message subscription is created. The process instance stops at
// this point and waits until the message is correlated."
describe('receive task (docs.camunda.io: Receive tasks, Messages)', () => {
  it('waits for its message like a catch event and passes its variables on', async () => {
    await deploy('msg-receive', line('msg-receive', receiveTask('receive', 'documents-arrived', '= caseNo'), serviceTask('after', 'msg-receive-after')));
    const pi = await start('msg-receive', { caseNo: 'C-7' });
    await activated(pi, 'receive');
    await t.zbc.publishMessage({ name: 'documents-arrived', correlationKey: 'C-8', variables: { pages: 1 } });
    await quiet();
    expect(await correlations(pi)).toEqual([]);

    await t.zbc.publishMessage({ name: 'documents-arrived', correlationKey: 'C-7', variables: { pages: 3 } });
    const job = await takeJob(t.zbc, 'msg-receive-after');
    expect(job.processInstanceKey).toBe(pi);
    expect(job.variables).toMatchObject({ caseNo: 'C-7', pages: 3 });
    const records = await t.log.instance(pi);
    expect(elementRecords(records, 'receive', 'ELEMENT_COMPLETED')[0]?.value['bpmnElementType']).toBe('RECEIVE_TASK');
  });
});

// docs.camunda.io "Messages" → Message buffering: "A message has a time-to-live (TTL) which
// specifies for how long it's buffered … When a subscription is opened, it polls the buffer for
// a proper message … The buffering of a message is disabled when its TTL is set to zero. If no
// proper subscription is open, the message is discarded."
describe('message buffering (docs.camunda.io: Messages)', () => {
  it('a message published before the subscription opens, with a TTL, is correlated when the instance arrives', async () => {
    await deploy('msg-buffered', catchProcess('msg-buffered', 'early-bird'));
    await t.zbc.publishMessage({ name: 'early-bird', correlationKey: 'b-1', timeToLive: 10_000, variables: { early: true } });
    const pi = await start('msg-buffered', { orderId: 'b-1' });
    const job = await takeJob(t.zbc, 'msg-buffered-after');
    expect(job.processInstanceKey).toBe(pi);
    expect(job.variables).toMatchObject({ early: true });
  });

  it('with TTL 0 a message is not buffered: an instance arriving later keeps waiting', async () => {
    await deploy('msg-ttl-zero', catchProcess('msg-ttl-zero', 'no-buffer'));
    await t.zbc.publishMessage({ name: 'no-buffer', correlationKey: 'z-1', timeToLive: 0, variables: { lost: true } });
    const pi = await start('msg-ttl-zero', { orderId: 'z-1' });
    await activated(pi, 'wait');
    await quiet();
    expect(await correlations(pi)).toEqual([]);
    expect(elementRecords(await t.log.instance(pi), 'after', 'ELEMENT_ACTIVATED')).toEqual([]);

    // It is really waiting for that key: the next message gets through.
    await t.zbc.publishMessage({ name: 'no-buffer', correlationKey: 'z-1', variables: { second: true } });
    const job = await takeJob(t.zbc, 'msg-ttl-zero-after');
    expect(job.processInstanceKey).toBe(pi);
    expect(job.variables).toMatchObject({ second: true });
    expect(job.variables).not.toHaveProperty('lost');
  });

  it('a buffered message expires after its TTL; a subscription opened afterwards does not get it', async () => {
    await deploy('msg-expiry', catchProcess('msg-expiry', 'short-lived'));
    const published = await t.zbc.publishMessage({ name: 'short-lived', correlationKey: 'e-1', timeToLive: 500, variables: { stale: true } });
    const messageKey = String(published.key);
    const expired = await eventually(async () => (await t.log.find({ valueType: 'MESSAGE', intent: 'EXPIRED', key: messageKey }))[0], 5_000, 'the message to expire');
    const [publishedRecord] = await t.log.find({ valueType: 'MESSAGE', intent: 'PUBLISHED', key: messageKey });
    expect(publishedRecord).toBeDefined();
    // Not discarded before its time-to-live was over.
    expect(expired.timestamp - (publishedRecord?.timestamp ?? 0)).toBeGreaterThanOrEqual(500);

    const pi = await start('msg-expiry', { orderId: 'e-1' });
    await activated(pi, 'wait');
    await quiet();
    expect(await correlations(pi)).toEqual([]);
  });
});

// docs.camunda.io "Messages" → Message uniqueness: "A message is rejected and not correlated if a
// message with the same name, the same correlation key, and the same id is already buffered.
// After the message is discarded from the buffer, a message with the same name, correlation key,
// and id can be published again." (Rejection → gRPC ALREADY_EXISTS, code 6.)
describe('message uniqueness (docs.camunda.io: Messages)', () => {
  it('rejects the same name + key + messageId while the first is buffered, and accepts it after it expired', async () => {
    const message = { name: 'once-only', correlationKey: 'u-1', messageId: 'tracking-1', timeToLive: 800 };
    const first = await t.zbc.publishMessage(message);

    const duplicate = await grpcError(t.zbc.publishMessage(message));
    expect(duplicate.code).toBe(Code.ALREADY_EXISTS);
    expect(duplicate.details).toContain('tracking-1');

    // The id is unique per name and correlation key only.
    await t.zbc.publishMessage({ ...message, correlationKey: 'u-2' });
    await t.zbc.publishMessage({ ...message, name: 'once-only-other' });

    await eventually(async () => (await t.log.find({ valueType: 'MESSAGE', intent: 'EXPIRED', key: String(first.key) }))[0], 5_000, 'the first message to expire');
    const again = await t.zbc.publishMessage(message);
    expect(String(again.key)).not.toBe(String(first.key));
  });
});

// docs.camunda.io "Messages" → Message cardinality: "A message is correlated only once to a
// process (based on the BPMN process id), across all versions of this process. If multiple
// subscriptions for the same process are opened (by multiple process instances or within one
// instance), the message is correlated only to one of the subscriptions. When subscriptions are
// opened for different processes, the message is correlated to all the subscriptions."
describe('message cardinality (docs.camunda.io: Messages)', () => {
  it('correlates a message to only one of two waiting instances of the same process', async () => {
    await deploy('msg-once', catchProcess('msg-once', 'once-per-process'));
    const a = await start('msg-once', { orderId: 'same' });
    const b = await start('msg-once', { orderId: 'same' });
    await activated(a, 'wait');
    await activated(b, 'wait');

    await t.zbc.publishMessage({ name: 'once-per-process', correlationKey: 'same', variables: { n: 1 } });
    const firstJob = await takeJob(t.zbc, 'msg-once-after');
    await quiet();
    const afterFirst = [...(await correlations(a)), ...(await correlations(b))];
    expect(afterFirst).toHaveLength(1);
    expect([a, b]).toContain(firstJob.processInstanceKey);

    await t.zbc.publishMessage({ name: 'once-per-process', correlationKey: 'same', variables: { n: 2 } });
    const secondJob = await takeJob(t.zbc, 'msg-once-after');
    expect(secondJob.processInstanceKey).not.toBe(firstJob.processInstanceKey);
    expect(secondJob.variables).toMatchObject({ n: 2 });
  });

  it('correlates one message to waiting instances of two different processes', async () => {
    await deploy('msg-proc-a', catchProcess('msg-proc-a', 'broadcast-ish'));
    await deploy('msg-proc-b', catchProcess('msg-proc-b', 'broadcast-ish'));
    const a = await start('msg-proc-a', { orderId: 'shared' });
    const b = await start('msg-proc-b', { orderId: 'shared' });
    await activated(a, 'wait');
    await activated(b, 'wait');
    await t.zbc.publishMessage({ name: 'broadcast-ish', correlationKey: 'shared', variables: { note: 'both' } });
    const [jobA, jobB] = await Promise.all([takeJob(t.zbc, 'msg-proc-a-after'), takeJob(t.zbc, 'msg-proc-b-after')]);
    expect(jobA.processInstanceKey).toBe(a);
    expect(jobB.processInstanceKey).toBe(b);
    expect(jobA.variables).toMatchObject({ note: 'both' });
    expect(jobB.variables).toMatchObject({ note: 'both' });
  });

  it('a buffered message already correlated to a process is not correlated to it again, but still is to another process', async () => {
    await deploy('msg-buf-once', catchProcess('msg-buf-once', 'buffered-once'));
    await deploy('msg-buf-other', catchProcess('msg-buf-other', 'buffered-once'));
    const first = await start('msg-buf-once', { orderId: 'k' });
    await activated(first, 'wait');
    await t.zbc.publishMessage({ name: 'buffered-once', correlationKey: 'k', timeToLive: 10_000, variables: { m: 1 } });
    const job = await takeJob(t.zbc, 'msg-buf-once-after');
    expect(job.processInstanceKey).toBe(first);

    // Still buffered: a later instance of the *same* process does not get it…
    const second = await start('msg-buf-once', { orderId: 'k' });
    await activated(second, 'wait');
    // …while an instance of another process does.
    const third = await start('msg-buf-other', { orderId: 'k' });
    const otherJob = await takeJob(t.zbc, 'msg-buf-other-after');
    expect(otherJob.processInstanceKey).toBe(third);
    expect(otherJob.variables).toMatchObject({ m: 1 });
    await quiet();
    expect(await correlations(second)).toEqual([]);
  });
});

// docs.camunda.io "Message events" → Message boundary events: "An activity can have one or more
// message boundary events … an interrupting boundary event terminates the activity when the
// message is correlated; a non-interrupting one keeps the activity active and starts a parallel
// path." And "Job workers": a job of a terminated task is canceled; completing it is NOT_FOUND.
describe('message boundary events (docs.camunda.io: Message events)', () => {
  /** task `work` with a message boundary `on-msg` → task `handle` → end; `work` → end. */
  function boundaryProcess(processId: string, message: string, interrupting: boolean): string {
    return bpmnXml(processId, {
      nodes: [
        startEvent('start'),
        serviceTask('work', `${processId}-work`),
        messageBoundary('on-msg', 'work', message, '= orderId', { interrupting }),
        serviceTask('handle', `${processId}-handle`),
        endEvent('end'),
        endEvent('end-handled'),
      ],
      flows: [flow('start', 'work'), flow('work', 'end'), flow('on-msg', 'handle'), flow('handle', 'end-handled')],
    });
  }

  it('interrupting: the task is terminated, its job canceled, and the boundary path runs with the message variables', async () => {
    await deploy('msg-interrupt', boundaryProcess('msg-interrupt', 'order-canceled', true));
    const pi = await start('msg-interrupt', { orderId: 'i-1' });
    const work = await takeJob(t.zbc, 'msg-interrupt-work');

    await t.zbc.publishMessage({ name: 'order-canceled', correlationKey: 'i-1', variables: { reason: 'customer' } });
    const handle = await takeJob(t.zbc, 'msg-interrupt-handle');
    expect(handle.processInstanceKey).toBe(pi);
    expect(handle.variables).toMatchObject({ orderId: 'i-1', reason: 'customer' });

    const records = await t.log.instance(pi);
    expect(elementRecords(records, 'work', 'ELEMENT_TERMINATED')).toHaveLength(1);
    expect(records.some((r) => r.valueType === 'JOB' && r.intent === 'CANCELED' && r.key === work.key)).toBe(true);

    // The worker that still holds the job learns it is gone.
    const late = await grpcError(t.zbc.completeJob({ jobKey: work.key, variables: {} }));
    expect(late.code).toBe(Code.NOT_FOUND);

    await t.zbc.completeJob({ jobKey: handle.key, variables: {} });
    const done = await eventually(async () => {
      const r = await t.log.instance(pi);
      return instanceCompleted(r) ? r : undefined;
    }, 5_000, 'instance to complete');
    expect(elementRecords(done, 'end', 'ELEMENT_ACTIVATED')).toEqual([]);
  });

  it('non-interrupting: the task keeps its job, the boundary path runs in parallel, and can fire twice', async () => {
    await deploy('msg-non-interrupt', boundaryProcess('msg-non-interrupt', 'reminder', false));
    const pi = await start('msg-non-interrupt', { orderId: 'n-1' });
    const work = await takeJob(t.zbc, 'msg-non-interrupt-work');

    await t.zbc.publishMessage({ name: 'reminder', correlationKey: 'n-1', variables: { nth: 1 } });
    await t.zbc.publishMessage({ name: 'reminder', correlationKey: 'n-1', variables: { nth: 2 } });
    const handles = await takeJobs(t.zbc, 'msg-non-interrupt-handle', 2);
    expect(handles.map((h) => h.processInstanceKey)).toEqual([pi, pi]);

    let records = await t.log.instance(pi);
    expect(elementRecords(records, 'on-msg', 'ELEMENT_ACTIVATED')).toHaveLength(2);
    expect(elementRecords(records, 'work', 'ELEMENT_TERMINATED')).toEqual([]);
    expect(records.some((r) => r.valueType === 'JOB' && r.intent === 'CANCELED')).toBe(false);

    // The task is still there to be completed by its worker.
    await t.zbc.completeJob({ jobKey: work.key, variables: { worked: true } });
    await reached(pi, 'work', 'ELEMENT_COMPLETED');
    await quiet();
    expect(instanceCompleted(await t.log.instance(pi))).toBe(false); // the boundary paths are still running
    for (const h of handles) await t.zbc.completeJob({ jobKey: h.key, variables: {} });
    records = await eventually(async () => {
      const r = await t.log.instance(pi);
      return instanceCompleted(r) ? r : undefined;
    }, 5_000, 'instance to complete');
    expect(elementRecords(records, 'end-handled', 'ELEMENT_COMPLETED')).toHaveLength(2);
  });
});
