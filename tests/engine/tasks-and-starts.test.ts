// Script tasks the engine evaluates itself, job-based send tasks and message throw/end events, and
// the start events other than none: message, timer (cycle and date), moved by a new version.
// References: docs.camunda.io/docs/8.3/components/modeler/bpmn/script-tasks/ ("Script tasks"),
// …/bpmn/send-tasks/ ("Send tasks"), …/bpmn/message-events/ ("Message start events", "Message
// throw events"), …/bpmn/timer-events/ ("Timer start events", "Time cycle", "Time date") and
// docs.camunda.io/docs/8.3/components/concepts/messages/.
import { describe, expect, it } from 'vitest';
import { bpmnXml, endEvent, flow, line, messageEnd, messageStart, messageThrow, scriptTask, sendTask, serviceTask, startEvent, timerStart } from '../support/bpmn.js';
import { activatableNow, takeJob } from '../support/jobs.js';
import { elementRecords, type EngineRecord, instanceCompleted } from '../support/records.js';
import { engineSuite, type InstanceRow } from '../support/suite.js';
import { eventually, quiet } from '../support/wait.js';

const t = engineSuite('tasks-and-starts');
const { deploy, start, completed, instancesOf, activeIncident } = t;

async function instanceCount(bpmnProcessId: string, count: number, ms = 5_000): Promise<InstanceRow[]> {
  return eventually(async () => {
    const rows = await instancesOf(bpmnProcessId);
    return rows.length >= count ? rows : undefined;
  }, ms, `${count} instance(s) of ${bpmnProcessId}`);
}

// "When the process instance arrives at a script task, the integrated FEEL Scala engine evaluates
// the script task FEEL expression … By default, the variable defined by resultVariable is merged
// into the process instance … If the FEEL expression evaluation is unsuccessful, an incident is
// raised at the script task. When the incident is resolved, the script task is evaluated again."
describe('script tasks with zeebe:script (docs.camunda.io: Script tasks)', () => {
  it('evaluates `= a + b` into resultVariable and completes without any worker', async () => {
    await deploy('script-sum', line('script-sum', scriptTask('sum', '= a + b', 'total')));
    const result = await t.zbc.createProcessInstanceWithResult({ bpmnProcessId: 'script-sum', variables: { a: 2, b: 3 } });
    expect(result.variables).toMatchObject({ a: 2, b: 3, total: 5 });
    const records = await t.log.instance(result.processInstanceKey);
    expect(records.some((r) => r.valueType === 'JOB')).toBe(false);
    expect(elementRecords(records, 'sum', 'ELEMENT_COMPLETED')).toHaveLength(1);
  });

  it('raises an incident when the script fails (`= assert(x, x != null)`), and evaluates it again once resolved', async () => {
    await deploy('script-assert', line('script-assert', scriptTask('check', '= assert(x, x != null)', 'checked'), serviceTask('after', 'script-assert-after')));
    const pi = await start('script-assert', {});
    const incident = await activeIncident(pi);
    expect(incident.elementId).toBe('check');
    expect(incident.errorType).toBe('EXTRACT_VALUE_ERROR');
    expect(await activatableNow(t.zbc, 'script-assert-after')).toEqual([]);

    await t.zbc.setVariables({ elementInstanceKey: pi, variables: { x: 4 }, local: false });
    await t.zbc.resolveIncident({ incidentKey: incident.key });
    const after = await takeJob(t.zbc, 'script-assert-after');
    expect(after.variables).toMatchObject({ x: 4, checked: 4 });
    await t.zbc.completeJob({ jobKey: after.key, variables: {} });
    await completed(pi);
  });
});

// "Currently, intermediate message throw events and message end events behave exactly like
// service tasks or send tasks … When a process instance enters a message throw event, it creates a
// corresponding job and waits for its completion … the process instance continues or completes if
// it is a message end event."
describe('send tasks and message throw/end events are jobs (docs.camunda.io: Send tasks, Message events › Message throw events)', () => {
  it('creates a job of each taskDefinition type in turn, with headers and input mappings, and completes after the message end event job', async () => {
    await deploy(
      'send-jobs',
      bpmnXml('send-jobs', {
        nodes: [
          startEvent('start'),
          sendTask('publish-notice', 'send-publish-notice', { headers: { channel: 'county-website' }, retries: '2' }),
          messageThrow('notify-applicant', 'send-notify-applicant', { inputs: { phone: '=applicant.phone' } }),
          messageEnd('final-notice', 'send-final-notice'),
        ],
        flows: [flow('start', 'publish-notice'), flow('publish-notice', 'notify-applicant'), flow('notify-applicant', 'final-notice')],
      }),
    );
    const pi = await start('send-jobs', { applicant: { name: '王五', phone: '138-0000-0000' } });

    const notice = await takeJob(t.zbc, 'send-publish-notice');
    expect(notice.processInstanceKey).toBe(pi);
    expect(notice.elementId).toBe('publish-notice');
    expect(notice.customHeaders).toEqual({ channel: 'county-website' });
    expect(notice.retries).toBe(2);
    expect(await activatableNow(t.zbc, 'send-notify-applicant')).toEqual([]);
    await t.zbc.completeJob({ jobKey: notice.key, variables: { noticeNo: 'N-1' } });

    const notify = await takeJob(t.zbc, 'send-notify-applicant');
    expect(notify.elementId).toBe('notify-applicant');
    expect(notify.variables).toMatchObject({ phone: '138-0000-0000', noticeNo: 'N-1' });
    await t.zbc.completeJob({ jobKey: notify.key, variables: {} });

    const final = await takeJob(t.zbc, 'send-final-notice');
    expect(final.elementId).toBe('final-notice');
    expect(instanceCompleted(await t.log.instance(pi))).toBe(false);
    await t.zbc.completeJob({ jobKey: final.key, variables: {} });
    const done = await completed(pi);
    expect(elementRecords(done, 'final-notice', 'ELEMENT_COMPLETED')).toHaveLength(1);
  });
});

describe('message start events (docs.camunda.io: Message events › Message start events; Messages)', () => {
  // A case can be opened at the window (none start) or online (message start).
  const intake = bpmnXml('msg-intake', {
    nodes: [
      startEvent('at-window'),
      messageStart('online', 'msg-case-submitted-online', { outputs: { channel: '="ONLINE"' } }),
      serviceTask('register', 'msg-intake-register'),
      endEvent('registered'),
    ],
    flows: [flow('at-window', 'register'), flow('online', 'register'), flow('register', 'registered')],
  });

  it('PublishMessage starts an instance at the message start event with the message variables; CreateProcessInstance uses the none start event', async () => {
    await deploy('msg-intake', intake);
    const published = await t.zbc.publishMessage({ name: 'msg-case-submitted-online', correlationKey: '', variables: { applicant: '李四' }, timeToLive: 0 });
    expect(published.key).toMatch(/^\d+$/);
    const online = await takeJob(t.zbc, 'msg-intake-register');
    expect(online.variables).toMatchObject({ applicant: '李四', channel: 'ONLINE' });
    const onlineRecords = await t.log.instance(online.processInstanceKey);
    expect(elementRecords(onlineRecords, 'online', 'ELEMENT_COMPLETED')).toHaveLength(1);
    expect(elementRecords(onlineRecords, 'at-window', 'ELEMENT_ACTIVATING')).toHaveLength(0);

    const atWindow = await start('msg-intake', { applicant: '赵六' });
    const windowJob = await takeJob(t.zbc, 'msg-intake-register');
    expect(windowJob.processInstanceKey).toBe(atWindow);
    expect(windowJob.variables['channel']).toBeUndefined();
    const windowRecords = await t.log.instance(atWindow);
    expect(elementRecords(windowRecords, 'at-window', 'ELEMENT_COMPLETED')).toHaveLength(1);
    expect(elementRecords(windowRecords, 'online', 'ELEMENT_ACTIVATING')).toHaveLength(0);

    // "If the correlationKey of a message is empty, it creates a new process instance and does not
    // check if an instance is already active."
    await t.zbc.publishMessage({ name: 'msg-case-submitted-online', correlationKey: '', variables: { applicant: '周七' }, timeToLive: 0 });
    const second = await takeJob(t.zbc, 'msg-intake-register');
    expect(second.variables['applicant']).toBe('周七');
    expect(second.processInstanceKey).not.toBe(online.processInstanceKey);
    for (const j of [online, windowJob, second]) await t.zbc.completeJob({ jobKey: j.key, variables: {} });
  });

  // "If an instance of this process is active (independently from its version) and it was
  // triggered by a message with the same correlationKey, the message is not correlated and no new
  // instance is created. If the message has a time-to-live (TTL) > 0, it is buffered. When the
  // active process instance is completed or terminated and a message with the same correlationKey
  // and a matching message name is buffered, this message is correlated and a new instance of the
  // latest version of the process is created."
  it('one active instance per correlation key: a second message with the key starts nothing while the first runs, but does after it completed', async () => {
    const id = 'msg-permit';
    await deploy(
      id,
      bpmnXml(id, {
        nodes: [messageStart('applied', 'msg-permit-applied'), serviceTask('review', 'msg-permit-review'), endEvent('end')],
        flows: [flow('applied', 'review'), flow('review', 'end')],
      }),
    );
    await t.zbc.publishMessage({ name: 'msg-permit-applied', correlationKey: 'P-1', variables: { attempt: 1 }, timeToLive: 0 });
    const first = await takeJob(t.zbc, 'msg-permit-review');
    expect(first.variables['attempt']).toBe(1);

    await t.zbc.publishMessage({ name: 'msg-permit-applied', correlationKey: 'P-1', variables: { attempt: 2 }, timeToLive: 0 });
    await quiet(200);
    expect(await instancesOf(id)).toHaveLength(1);

    // Another key is another applicant: a new instance.
    await t.zbc.publishMessage({ name: 'msg-permit-applied', correlationKey: 'P-2', variables: { attempt: 1 }, timeToLive: 0 });
    const other = await takeJob(t.zbc, 'msg-permit-review');
    expect(other.processInstanceKey).not.toBe(first.processInstanceKey);

    await t.zbc.completeJob({ jobKey: first.key, variables: {} });
    await completed(first.processInstanceKey);
    await t.zbc.publishMessage({ name: 'msg-permit-applied', correlationKey: 'P-1', variables: { attempt: 3 }, timeToLive: 0 });
    const third = await takeJob(t.zbc, 'msg-permit-review');
    expect(third.variables['attempt']).toBe(3);
    expect(third.processInstanceKey).not.toBe(first.processInstanceKey);
    expect(await instancesOf(id)).toHaveLength(3);
    await t.zbc.completeJob({ jobKey: other.key, variables: {} });
    await t.zbc.completeJob({ jobKey: third.key, variables: {} });
    await completed(third.processInstanceKey);
  });

  it('a message refused for its key but published with a TTL is buffered, and starts an instance once the active one completes', async () => {
    const id = 'msg-permit';
    await t.zbc.publishMessage({ name: 'msg-permit-applied', correlationKey: 'P-9', variables: { attempt: 1 }, timeToLive: 0 });
    const first = await takeJob(t.zbc, 'msg-permit-review');
    expect(first.variables['attempt']).toBe(1);
    const before = (await instancesOf(id)).length;

    await t.zbc.publishMessage({ name: 'msg-permit-applied', correlationKey: 'P-9', variables: { attempt: 2 }, timeToLive: 10_000 });
    await quiet(200);
    expect(await instancesOf(id)).toHaveLength(before);
    await t.zbc.completeJob({ jobKey: first.key, variables: {} });
    const second = await takeJob(t.zbc, 'msg-permit-review', { waitMs: 3_000 });
    expect(second.variables['attempt']).toBe(2);
    expect(second.processInstanceKey).not.toBe(first.processInstanceKey);
    await t.zbc.completeJob({ jobKey: second.key, variables: {} });
  });
});

// Timer start events use real (short) time. They run concurrently with each other so the file
// stays quick; each test has its own process.
describe.concurrent('timer start events (docs.camunda.io: Timer events › Timer start events, Time cycle, Time date)', () => {
  it('a cycle R2/PT1S starts two instances about a second apart, then no more', async ({ expect }) => {
    const deployedAt = Date.now();
    await deploy(
      'timer-cycle',
      bpmnXml('timer-cycle', { nodes: [timerStart('every-second', { cycle: 'R2/PT1S' }), endEvent('end')], flows: [flow('every-second', 'end')] }),
    );
    const rows = await instanceCount('timer-cycle', 2, 5_000);
    const [a, b] = rows;
    if (!a || !b) throw new Error('two instances expected');
    expect(a.startTime - deployedAt).toBeGreaterThanOrEqual(900);
    expect(b.startTime - a.startTime).toBeGreaterThanOrEqual(500);
    expect(b.startTime - a.startTime).toBeLessThan(2_000);
    expect(elementRecords(await t.log.instance(a.key), 'every-second', 'ELEMENT_COMPLETED')).toHaveLength(1);
    await quiet(1_300);
    expect(await instancesOf('timer-cycle')).toHaveLength(2);
  });

  it('a date a moment in the future fires once', async ({ expect }) => {
    const at = Date.now() + 1_000;
    await deploy(
      'timer-date',
      bpmnXml('timer-date', { nodes: [timerStart('at-date', { date: new Date(at).toISOString() }), endEvent('end')], flows: [flow('at-date', 'end')] }),
    );
    const [row] = await instanceCount('timer-date', 1, 5_000);
    expect(row?.startTime ?? 0).toBeGreaterThanOrEqual(at);
    await quiet(1_000);
    expect(await instancesOf('timer-date')).toHaveLength(1);
  });

  // "When a process is deployed, it schedules a timer for each timer start event. Scheduled timers
  // of the previous version of the process (based on the BPMN process id) are canceled."
  // "Message subscriptions of the previous version of the process are closed."
  it('deploying a new version moves the timer and message start events to it; the old version\'s timer stops', async ({ expect }) => {
    const id = 'timer-versions';
    const v1 = await deploy(
      id,
      bpmnXml(id, {
        nodes: [timerStart('tick', { cycle: 'R/PT1S' }), messageStart('poke', 'timer-versions-poke'), endEvent('end')],
        flows: [flow('tick', 'end'), flow('poke', 'end')],
      }),
    );
    await instanceCount(id, 1, 5_000);
    const v2 = await deploy(
      id,
      bpmnXml(id, {
        nodes: [startEvent('manual'), timerStart('tick', { cycle: 'R1/PT1S' }), messageStart('poke', 'timer-versions-poke'), endEvent('end')],
        flows: [flow('manual', 'end'), flow('tick', 'end'), flow('poke', 'end')],
      }),
    );
    expect(v2).not.toBe(v1);
    const v1Count = (await instancesOf(id)).filter((r) => r.version === 1).length;
    const canceled = (await t.log.find({ valueType: 'TIMER', intent: 'CANCELED' })).filter((r) => String(r.value['processDefinitionKey']) === v1);
    expect(canceled).toHaveLength(1);

    await t.zbc.publishMessage({ name: 'timer-versions-poke', correlationKey: '', variables: {}, timeToLive: 0 });
    await eventually(async () => ((await instancesOf(id)).some((r) => r.version === 2) ? true : undefined), 3_000, 'a version 2 instance');
    // The new version's timer fires once (R1); the old one never again.
    await eventually(async () => ((await instancesOf(id)).filter((r) => r.version === 2).length >= 2 ? true : undefined), 4_000, 'the version 2 timer');
    await quiet(1_200);
    const rows = await instancesOf(id);
    expect(rows.filter((r) => r.version === 1)).toHaveLength(v1Count);
    expect(rows.filter((r) => r.version === 2)).toHaveLength(2);
    const v2Starts = await Promise.all(rows.filter((r) => r.version === 2).map(async (r) => startEventsOf(await t.log.instance(r.key))));
    expect(v2Starts.sort()).toEqual([['poke'], ['tick']]);
  });
});

/** Which start event an instance began at. */
function startEventsOf(records: readonly EngineRecord[]): string[] {
  return records.filter((r) => r.valueType === 'PROCESS_INSTANCE' && r.intent === 'ELEMENT_COMPLETED' && r.value['bpmnElementType'] === 'START_EVENT').map((r) => String(r.value['elementId']));
}
