// Message correlation, driven through zeebe-node's publishMessage as an integrating system would.
// Expectations from docs.camunda.io "Messages" (components/concepts/messages: subscriptions,
// buffering, cardinality, uniqueness), "Message events" (components/modeler/bpmn/message-events)
// and "Receive tasks" (components/modeler/bpmn/receive-tasks).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JSONDoc, ZBClient } from 'zeebe-node';
import { bpmnXml, endEvent, flow, line, messageBoundary, messageCatch, receiveTask, serviceTask, startEvent } from '../support/bpmn.js';
import { eventually, startTestEngine, type TestEngine } from '../support/engine.js';
import { elementRecords, grpcFailure, instanceCompleted, quiet, RecordLog, takeJob, takeJobs, type EngineRecord } from '../support/observe.js';

let t: TestEngine;
let zbc: ZBClient;
let log: RecordLog;

beforeAll(async () => {
  t = await startTestEngine('messages');
  zbc = t.client();
  log = new RecordLog(t.databaseUrl);
});
afterAll(async () => {
  await log?.close();
  await t?.stop();
});

async function deploy(processId: string, xml: string): Promise<void> {
  const r = await zbc.deployResource({ name: `${processId}.bpmn`, process: Buffer.from(xml) });
  expect(r.deployments[0]?.process.bpmnProcessId).toBe(processId);
}

async function start(processId: string, variables: JSONDoc = {}): Promise<string> {
  return (await zbc.createProcessInstance({ bpmnProcessId: processId, variables })).processInstanceKey;
}

/** start → catch event `wait` (message `name`, key `= orderId`) → service task `after` → end. */
function catchProcess(processId: string, name: string, correlationKey = '= orderId'): string {
  return line(processId, messageCatch('wait', name, correlationKey), serviceTask('after', `${processId}-after`));
}

const correlations = async (pi: string): Promise<EngineRecord[]> =>
  (await log.instance(pi)).filter((r) => r.valueType === 'PROCESS_MESSAGE_SUBSCRIPTION' && r.intent === 'CORRELATED');

/** Waits until the instance's message subscription is open (its catch element is ACTIVATED). */
async function waiting(pi: string, elementId = 'wait'): Promise<void> {
  await eventually(async () => (elementRecords(await log.instance(pi), elementId, 'ELEMENT_ACTIVATED').length > 0 ? true : undefined), 5_000, `${elementId} to wait`);
}

async function completedElement(pi: string, elementId: string): Promise<EngineRecord[]> {
  return eventually(async () => {
    const records = await log.instance(pi);
    return elementRecords(records, elementId, 'ELEMENT_COMPLETED').length > 0 ? records : undefined;
  }, 5_000, `${elementId} to complete in ${pi}`);
}

// docs.camunda.io "Messages" → Message subscriptions: "the message correlation is based on
// subscriptions that contain the message name and the correlation key … The expressions are
// evaluated on activating the message catch event … After a subscription is opened, it is not
// updated (for example, when the referenced process instance variable is changed.)"
describe('intermediate message catch event (docs.camunda.io: Messages, Message events)', () => {
  it('correlates by message name and correlation key, and merges the message variables into the process', async () => {
    await deploy('msg-catch', catchProcess('msg-catch', 'payment-received'));
    const pi = await start('msg-catch', { orderId: 'order-1' });
    const other = await start('msg-catch', { orderId: 'order-2' });
    await waiting(pi);
    await waiting(other);

    // Wrong name, right key; right name, wrong key: neither is correlated.
    await zbc.publishMessage({ name: 'payment-refused', correlationKey: 'order-1', variables: { paid: 0 } });
    await zbc.publishMessage({ name: 'payment-received', correlationKey: 'order-3', variables: { paid: 0 } });
    await quiet();
    expect(await correlations(pi)).toEqual([]);
    expect(await correlations(other)).toEqual([]);

    await zbc.publishMessage({ name: 'payment-received', correlationKey: 'order-1', variables: { paid: 120, receipt: { no: 'R-9' } } });
    const job = await takeJob(zbc, 'msg-catch-after');
    expect(job.processInstanceKey).toBe(pi);
    expect(job.variables).toMatchObject({ orderId: 'order-1', paid: 120, receipt: { no: 'R-9' } });
    // Merged into the process instance (root scope), not kept on the catch event.
    expect(await log.variable(pi, 'paid')).toBe(120);
    expect(await correlations(other)).toEqual([]);

    await zbc.completeJob({ jobKey: job.key, variables: {} });
    await eventually(async () => (instanceCompleted(await log.instance(pi)) ? true : undefined), 5_000, 'instance to complete');
  });

  it('keeps the correlation key it evaluated on activation, even when the variable changes later', async () => {
    await deploy('msg-key-fixed', catchProcess('msg-key-fixed', 'key-fixed'));
    const pi = await start('msg-key-fixed', { orderId: 'first' });
    await waiting(pi);
    await zbc.setVariables({ elementInstanceKey: pi, variables: { orderId: 'second' }, local: false });

    await zbc.publishMessage({ name: 'key-fixed', correlationKey: 'second' });
    await quiet();
    expect(await correlations(pi)).toEqual([]);

    await zbc.publishMessage({ name: 'key-fixed', correlationKey: 'first' });
    const job = await takeJob(zbc, 'msg-key-fixed-after');
    expect(job.processInstanceKey).toBe(pi);
  });

  it('accepts a numeric correlation key variable (the number is matched as its string form)', async () => {
    // docs.camunda.io "Messages"/"Message events": the correlation key expression must give a
    // string or a number; a number is converted to a string.
    await deploy('msg-numeric', catchProcess('msg-numeric', 'numeric-key'));
    const pi = await start('msg-numeric', { orderId: 4711 });
    await waiting(pi);
    await zbc.publishMessage({ name: 'numeric-key', correlationKey: '4711', variables: { ok: true } });
    const job = await takeJob(zbc, 'msg-numeric-after');
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
    await waiting(pi, 'receive');
    await zbc.publishMessage({ name: 'documents-arrived', correlationKey: 'C-8', variables: { pages: 1 } });
    await quiet();
    expect(await correlations(pi)).toEqual([]);

    await zbc.publishMessage({ name: 'documents-arrived', correlationKey: 'C-7', variables: { pages: 3 } });
    const job = await takeJob(zbc, 'msg-receive-after');
    expect(job.processInstanceKey).toBe(pi);
    expect(job.variables).toMatchObject({ caseNo: 'C-7', pages: 3 });
    const records = await log.instance(pi);
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
    await zbc.publishMessage({ name: 'early-bird', correlationKey: 'b-1', timeToLive: 10_000, variables: { early: true } });
    const pi = await start('msg-buffered', { orderId: 'b-1' });
    const job = await takeJob(zbc, 'msg-buffered-after');
    expect(job.processInstanceKey).toBe(pi);
    expect(job.variables).toMatchObject({ early: true });
  });

  it('with TTL 0 a message is not buffered: an instance arriving later keeps waiting', async () => {
    await deploy('msg-ttl-zero', catchProcess('msg-ttl-zero', 'no-buffer'));
    await zbc.publishMessage({ name: 'no-buffer', correlationKey: 'z-1', timeToLive: 0, variables: { lost: true } });
    const pi = await start('msg-ttl-zero', { orderId: 'z-1' });
    await waiting(pi);
    await quiet();
    expect(await correlations(pi)).toEqual([]);
    expect(elementRecords(await log.instance(pi), 'after', 'ELEMENT_ACTIVATED')).toEqual([]);

    // It is really waiting for that key: the next message gets through.
    await zbc.publishMessage({ name: 'no-buffer', correlationKey: 'z-1', variables: { second: true } });
    const job = await takeJob(zbc, 'msg-ttl-zero-after');
    expect(job.processInstanceKey).toBe(pi);
    expect(job.variables).toMatchObject({ second: true });
    expect(job.variables).not.toHaveProperty('lost');
  });

  it('a buffered message expires after its TTL; a subscription opened afterwards does not get it', async () => {
    await deploy('msg-expiry', catchProcess('msg-expiry', 'short-lived'));
    const published = await zbc.publishMessage({ name: 'short-lived', correlationKey: 'e-1', timeToLive: 500, variables: { stale: true } });
    const messageKey = String(published.key);
    const expired = await eventually(async () => (await log.find({ valueType: 'MESSAGE', intent: 'EXPIRED', key: messageKey }))[0], 5_000, 'the message to expire');
    const [publishedRecord] = await log.find({ valueType: 'MESSAGE', intent: 'PUBLISHED', key: messageKey });
    expect(publishedRecord).toBeDefined();
    // Not discarded before its time-to-live was over.
    expect(expired.timestamp - (publishedRecord?.timestamp ?? 0)).toBeGreaterThanOrEqual(500);

    const pi = await start('msg-expiry', { orderId: 'e-1' });
    await waiting(pi);
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
    const first = await zbc.publishMessage(message);

    const duplicate = await grpcFailure(zbc.publishMessage(message));
    expect(duplicate.code).toBe(6); // ALREADY_EXISTS
    expect(duplicate.details).toContain('tracking-1');

    // The id is unique per name and correlation key only.
    await zbc.publishMessage({ ...message, correlationKey: 'u-2' });
    await zbc.publishMessage({ ...message, name: 'once-only-other' });

    await eventually(async () => (await log.find({ valueType: 'MESSAGE', intent: 'EXPIRED', key: String(first.key) }))[0], 5_000, 'the first message to expire');
    const again = await zbc.publishMessage(message);
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
    await waiting(a);
    await waiting(b);

    await zbc.publishMessage({ name: 'once-per-process', correlationKey: 'same', variables: { n: 1 } });
    const firstJob = await takeJob(zbc, 'msg-once-after');
    await quiet();
    const afterFirst = [...(await correlations(a)), ...(await correlations(b))];
    expect(afterFirst).toHaveLength(1);
    expect([a, b]).toContain(firstJob.processInstanceKey);

    await zbc.publishMessage({ name: 'once-per-process', correlationKey: 'same', variables: { n: 2 } });
    const secondJob = await takeJob(zbc, 'msg-once-after');
    expect(secondJob.processInstanceKey).not.toBe(firstJob.processInstanceKey);
    expect(secondJob.variables).toMatchObject({ n: 2 });
  });

  it('correlates one message to waiting instances of two different processes', async () => {
    await deploy('msg-proc-a', catchProcess('msg-proc-a', 'broadcast-ish'));
    await deploy('msg-proc-b', catchProcess('msg-proc-b', 'broadcast-ish'));
    const a = await start('msg-proc-a', { orderId: 'shared' });
    const b = await start('msg-proc-b', { orderId: 'shared' });
    await waiting(a);
    await waiting(b);
    await zbc.publishMessage({ name: 'broadcast-ish', correlationKey: 'shared', variables: { note: 'both' } });
    const [jobA, jobB] = await Promise.all([takeJob(zbc, 'msg-proc-a-after'), takeJob(zbc, 'msg-proc-b-after')]);
    expect(jobA.processInstanceKey).toBe(a);
    expect(jobB.processInstanceKey).toBe(b);
    expect(jobA.variables).toMatchObject({ note: 'both' });
    expect(jobB.variables).toMatchObject({ note: 'both' });
  });

  it('a buffered message already correlated to a process is not correlated to it again, but still is to another process', async () => {
    await deploy('msg-buf-once', catchProcess('msg-buf-once', 'buffered-once'));
    await deploy('msg-buf-other', catchProcess('msg-buf-other', 'buffered-once'));
    const first = await start('msg-buf-once', { orderId: 'k' });
    await waiting(first);
    await zbc.publishMessage({ name: 'buffered-once', correlationKey: 'k', timeToLive: 10_000, variables: { m: 1 } });
    const job = await takeJob(zbc, 'msg-buf-once-after');
    expect(job.processInstanceKey).toBe(first);

    // Still buffered: a later instance of the *same* process does not get it…
    const second = await start('msg-buf-once', { orderId: 'k' });
    await waiting(second);
    // …while an instance of another process does.
    const third = await start('msg-buf-other', { orderId: 'k' });
    const otherJob = await takeJob(zbc, 'msg-buf-other-after');
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
    const work = await takeJob(zbc, 'msg-interrupt-work');

    await zbc.publishMessage({ name: 'order-canceled', correlationKey: 'i-1', variables: { reason: 'customer' } });
    const handle = await takeJob(zbc, 'msg-interrupt-handle');
    expect(handle.processInstanceKey).toBe(pi);
    expect(handle.variables).toMatchObject({ orderId: 'i-1', reason: 'customer' });

    const records = await log.instance(pi);
    expect(elementRecords(records, 'work', 'ELEMENT_TERMINATED')).toHaveLength(1);
    expect(records.some((r) => r.valueType === 'JOB' && r.intent === 'CANCELED' && r.key === work.key)).toBe(true);

    // The worker that still holds the job learns it is gone.
    const late = await grpcFailure(zbc.completeJob({ jobKey: work.key, variables: {} }));
    expect(late.code).toBe(5); // NOT_FOUND

    await zbc.completeJob({ jobKey: handle.key, variables: {} });
    const done = await eventually(async () => {
      const r = await log.instance(pi);
      return instanceCompleted(r) ? r : undefined;
    }, 5_000, 'instance to complete');
    expect(elementRecords(done, 'end', 'ELEMENT_ACTIVATED')).toEqual([]);
  });

  it('non-interrupting: the task keeps its job, the boundary path runs in parallel, and can fire twice', async () => {
    await deploy('msg-non-interrupt', boundaryProcess('msg-non-interrupt', 'reminder', false));
    const pi = await start('msg-non-interrupt', { orderId: 'n-1' });
    const work = await takeJob(zbc, 'msg-non-interrupt-work');

    await zbc.publishMessage({ name: 'reminder', correlationKey: 'n-1', variables: { nth: 1 } });
    await zbc.publishMessage({ name: 'reminder', correlationKey: 'n-1', variables: { nth: 2 } });
    const handles = await takeJobs(zbc, 'msg-non-interrupt-handle', 2);
    expect(handles.map((h) => h.processInstanceKey)).toEqual([pi, pi]);

    let records = await log.instance(pi);
    expect(elementRecords(records, 'on-msg', 'ELEMENT_ACTIVATED')).toHaveLength(2);
    expect(elementRecords(records, 'work', 'ELEMENT_TERMINATED')).toEqual([]);
    expect(records.some((r) => r.valueType === 'JOB' && r.intent === 'CANCELED')).toBe(false);

    // The task is still there to be completed by its worker.
    await zbc.completeJob({ jobKey: work.key, variables: { worked: true } });
    await completedElement(pi, 'work');
    await quiet();
    expect(instanceCompleted(await log.instance(pi))).toBe(false); // the boundary paths are still running
    for (const h of handles) await zbc.completeJob({ jobKey: h.key, variables: {} });
    records = await eventually(async () => {
      const r = await log.instance(pi);
      return instanceCompleted(r) ? r : undefined;
    }, 5_000, 'instance to complete');
    expect(elementRecords(records, 'end-handled', 'ELEMENT_COMPLETED')).toHaveLength(2);
  });
});
