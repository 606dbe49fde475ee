// Event subprocesses: triggered by a message, a timer, an error, an escalation or a signal while
// their containing scope (the process or an embedded subprocess) is active.
// References: docs.camunda.io/docs/8.3/components/modeler/bpmn/event-subprocesses/ ("Event
// subprocess": interrupting vs non-interrupting, "its containing scope is not completed until the
// triggered instance is completed", Variables), …/bpmn/message-events/, …/bpmn/timer-events/,
// …/bpmn/error-events/ ("Catching the error"), …/bpmn/escalation-events/, …/bpmn/signal-events/.
import { describe, expect, it } from 'vitest';
import {
  bpmnXml,
  endEvent,
  errorBoundary,
  errorStart,
  escalationStart,
  escalationThrow,
  eventSubProcess,
  flow,
  messageStart,
  parallelGateway,
  sendTask,
  serviceTask,
  signalStart,
  startEvent,
  subProcess,
  timerStart,
} from '../support/bpmn.js';
import { Code, grpcError } from '../support/gateway.js';
import { activatableNow, takeJob, takeJobs } from '../support/jobs.js';
import { elementRecords, instanceCompleted, jobCanceled } from '../support/records.js';
import { engineSuite } from '../support/suite.js';
import { quiet } from '../support/wait.js';

const t = engineSuite('event-subprocess');
const { deploy, start, completed, activated } = t;

// "When an interrupting event subprocess is triggered, all active instances of its containing
// scope are terminated"; "An interrupting event subprocess can be triggered only once."
describe('interrupting message event subprocess (docs.camunda.io: Event subprocess, Message events)', () => {
  const xml = bpmnXml('esp-withdraw', {
    nodes: [
      startEvent('start'),
      parallelGateway('split'),
      serviceTask('review', 'esp-withdraw-review'),
      serviceTask('check', 'esp-withdraw-check'),
      parallelGateway('join'),
      endEvent('end'),
      eventSubProcess('withdrawal', {
        nodes: [messageStart('withdrawn', 'case-withdrawn', { correlationKey: '=caseId' }), serviceTask('handle-withdrawal', 'esp-handle-withdrawal'), endEvent('withdrawn-end')],
        flows: [flow('withdrawn', 'handle-withdrawal'), flow('handle-withdrawal', 'withdrawn-end')],
      }),
    ],
    flows: [flow('start', 'split'), flow('split', 'review'), flow('split', 'check'), flow('review', 'join'), flow('check', 'join'), flow('join', 'end')],
  });

  it('cancels the running tasks\' jobs, runs the event subprocess with the message variables, then completes the instance', async () => {
    await deploy('esp-withdraw', xml);
    const pi = await start('esp-withdraw', { caseId: 'C-100', applicant: '张三' });
    const other = await start('esp-withdraw', { caseId: 'C-101' });
    const reviews = await takeJobs(t.zbc, 'esp-withdraw-review', 2);
    const checks = await takeJobs(t.zbc, 'esp-withdraw-check', 2);
    const review = reviews.find((j) => j.processInstanceKey === pi);
    const check = checks.find((j) => j.processInstanceKey === pi);
    if (!review || !check) throw new Error('the jobs of the first instance are missing');
    await activated(other, 'check');

    await t.zbc.publishMessage({ name: 'case-withdrawn', correlationKey: 'C-100', variables: { reason: '申请人撤回' }, timeToLive: 0 });

    const handle = await takeJob(t.zbc, 'esp-handle-withdrawal');
    expect(handle.processInstanceKey).toBe(pi);
    // The event subprocess is inside the scope: it sees the scope's variables and the message's.
    expect(handle.variables).toMatchObject({ caseId: 'C-100', applicant: '张三', reason: '申请人撤回' });

    const records = await t.log.instance(pi);
    expect(jobCanceled(records, review.key)).toBe(true);
    expect(jobCanceled(records, check.key)).toBe(true);
    expect(elementRecords(records, 'review', 'ELEMENT_TERMINATED')).toHaveLength(1);
    expect(elementRecords(records, 'check', 'ELEMENT_TERMINATED')).toHaveLength(1);
    expect((await grpcError(t.zbc.completeJob({ jobKey: review.key, variables: {} }))).code).toBe(Code.NOT_FOUND);
    expect(instanceCompleted(records)).toBe(false);

    // Triggered only once: a second withdrawal message finds no subscription any more.
    await t.zbc.publishMessage({ name: 'case-withdrawn', correlationKey: 'C-100', variables: {}, timeToLive: 0 });
    await quiet();
    expect(elementRecords(await t.log.instance(pi), 'withdrawal', 'ELEMENT_ACTIVATED')).toHaveLength(1);

    await t.zbc.completeJob({ jobKey: handle.key, variables: {} });
    const done = await completed(pi);
    expect(elementRecords(done, 'withdrawal', 'ELEMENT_COMPLETED')).toHaveLength(1);
    expect(elementRecords(done, 'join', 'ELEMENT_ACTIVATED')).toHaveLength(0);
    // By default the message variables are merged into the process instance (Message events, Variable mappings).
    expect(await t.log.variable(pi, 'reason')).toBe('申请人撤回');

    // The other instance (another correlation key) was not touched.
    const otherRecords = await t.log.instance(other);
    expect(elementRecords(otherRecords, 'withdrawal', 'ELEMENT_ACTIVATED')).toHaveLength(0);
    expect(otherRecords.some((r) => r.valueType === 'JOB' && r.intent === 'CANCELED')).toBe(false);
    await t.zbc.cancelProcessInstance(other);
  });

  it('also terminates a running non-interrupting event subprocess of the same scope', async () => {
    await deploy(
      'esp-both',
      bpmnXml('esp-both', {
        nodes: [
          startEvent('start'),
          serviceTask('work', 'esp-both-work'),
          endEvent('end'),
          eventSubProcess('on-reminder', {
            nodes: [signalStart('remind', 'esp-both-remind', { interrupting: false }), serviceTask('send-reminder', 'esp-both-reminder'), endEvent('reminder-end')],
            flows: [flow('remind', 'send-reminder'), flow('send-reminder', 'reminder-end')],
          }),
          eventSubProcess('on-withdraw', {
            nodes: [messageStart('withdrawn', 'esp-both-withdrawn', { correlationKey: '=caseId' }), endEvent('withdrawn-end')],
            flows: [flow('withdrawn', 'withdrawn-end')],
          }),
        ],
        flows: [flow('start', 'work'), flow('work', 'end')],
      }),
    );
    const pi = await start('esp-both', { caseId: 'C-150' });
    const work = await takeJob(t.zbc, 'esp-both-work');
    await t.zbc.broadcastSignal({ signalName: 'esp-both-remind' });
    const reminder = await takeJob(t.zbc, 'esp-both-reminder');
    expect(reminder.processInstanceKey).toBe(pi);

    await t.zbc.publishMessage({ name: 'esp-both-withdrawn', correlationKey: 'C-150', variables: {}, timeToLive: 0 });
    const done = await completed(pi);
    expect(jobCanceled(done, work.key)).toBe(true);
    expect(jobCanceled(done, reminder.key)).toBe(true);
    expect(elementRecords(done, 'on-reminder', 'ELEMENT_TERMINATED')).toHaveLength(1);
    expect(elementRecords(done, 'on-withdraw', 'ELEMENT_COMPLETED')).toHaveLength(1);
  });
});

// 超期预警: a non-interrupting timer event subprocess warns while the case goes on.
// "A non-interrupting event subprocess can be triggered multiple times" / "If an event subprocess
// is triggered, its containing scope is not completed until the triggered instance is completed."
describe('non-interrupting timer event subprocess (docs.camunda.io: Event subprocess, Timer events)', () => {
  it('starts the warning after PT1S while the main task keeps its job; the instance completes only after both', async () => {
    await deploy(
      'esp-overdue',
      bpmnXml('esp-overdue', {
        nodes: [
          startEvent('start'),
          serviceTask('handle', 'esp-overdue-handle'),
          endEvent('end'),
          eventSubProcess('overdue-warning', {
            nodes: [timerStart('overdue', { duration: 'PT1S' }, { interrupting: false }), sendTask('send-warning', 'esp-sms-warning'), endEvent('warning-sent')],
            flows: [flow('overdue', 'send-warning'), flow('send-warning', 'warning-sent')],
          }),
        ],
        flows: [flow('start', 'handle'), flow('handle', 'end')],
      }),
    );
    const started = Date.now();
    const pi = await start('esp-overdue', { caseId: 'C-200' });
    const handle = await takeJob(t.zbc, 'esp-overdue-handle');

    const warning = await takeJob(t.zbc, 'esp-sms-warning', { waitMs: 4_000 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(warning.processInstanceKey).toBe(pi);
    expect(warning.variables).toMatchObject({ caseId: 'C-200' });

    const records = await t.log.instance(pi);
    expect(elementRecords(records, 'handle', 'ELEMENT_TERMINATED')).toHaveLength(0);
    expect(jobCanceled(records, handle.key)).toBe(false);

    // The main task is still there to be completed; the process waits for the warning path.
    await t.zbc.completeJob({ jobKey: handle.key, variables: { handled: true } });
    await t.reached(pi, 'end', 'ELEMENT_COMPLETED');
    await quiet();
    expect(instanceCompleted(await t.log.instance(pi))).toBe(false);

    await t.zbc.completeJob({ jobKey: warning.key, variables: {} });
    const done = await completed(pi);
    // A duration fires once.
    expect(elementRecords(done, 'overdue-warning', 'ELEMENT_ACTIVATED')).toHaveLength(1);
  });
});

// "An error is caught by the first event in the scope hierarchy matching the error code … the
// error code is matched against the attached error boundary events and error event sub processes
// at that level."
describe('error event subprocess (docs.camunda.io: Error events, Catching the error)', () => {
  it('catches a ThrowError from a task: the task ends, the event subprocess runs, the instance completes', async () => {
    await deploy(
      'esp-error',
      bpmnXml('esp-error', {
        nodes: [
          startEvent('start'),
          serviceTask('verify', 'esp-error-verify'),
          serviceTask('approve', 'esp-error-approve'),
          endEvent('end'),
          eventSubProcess('on-rejected', {
            nodes: [errorStart('rejected', 'MATERIALS_INCOMPLETE'), serviceTask('notify-rejection', 'esp-error-notify'), endEvent('rejected-end')],
            flows: [flow('rejected', 'notify-rejection'), flow('notify-rejection', 'rejected-end')],
          }),
        ],
        flows: [flow('start', 'verify'), flow('verify', 'approve'), flow('approve', 'end')],
      }),
    );
    const pi = await start('esp-error', { caseId: 'C-300' });
    const verify = await takeJob(t.zbc, 'esp-error-verify');
    await t.zbc.throwError({ jobKey: verify.key, errorCode: 'MATERIALS_INCOMPLETE', errorMessage: '缺少身份证复印件' });

    const notify = await takeJob(t.zbc, 'esp-error-notify');
    expect(notify.processInstanceKey).toBe(pi);
    expect(notify.variables).toMatchObject({ caseId: 'C-300' });
    const records = await t.log.instance(pi);
    expect(elementRecords(records, 'verify', 'ELEMENT_TERMINATED')).toHaveLength(1);
    expect(elementRecords(records, 'approve', 'ELEMENT_ACTIVATED')).toHaveLength(0);
    expect(records.some((r) => r.valueType === 'INCIDENT')).toBe(false);

    await t.zbc.completeJob({ jobKey: notify.key, variables: {} });
    const done = await completed(pi);
    expect(elementRecords(done, 'on-rejected', 'ELEMENT_COMPLETED')).toHaveLength(1);
  });

  it('loses to an error boundary event on the task itself: the boundary is the closer catch', async () => {
    await deploy(
      'esp-error-vs-boundary',
      bpmnXml('esp-error-vs-boundary', {
        nodes: [
          startEvent('start'),
          serviceTask('verify', 'esp-evb-verify'),
          errorBoundary('on-task', 'verify', 'MATERIALS_INCOMPLETE'),
          serviceTask('supplement', 'esp-evb-supplement'),
          endEvent('end'),
          endEvent('supplemented'),
          eventSubProcess('on-rejected', {
            nodes: [errorStart('rejected', 'MATERIALS_INCOMPLETE'), serviceTask('notify-rejection', 'esp-evb-notify'), endEvent('rejected-end')],
            flows: [flow('rejected', 'notify-rejection'), flow('notify-rejection', 'rejected-end')],
          }),
        ],
        flows: [flow('start', 'verify'), flow('verify', 'end'), flow('on-task', 'supplement'), flow('supplement', 'supplemented')],
      }),
    );
    const pi = await start('esp-error-vs-boundary');
    const verify = await takeJob(t.zbc, 'esp-evb-verify');
    await t.zbc.throwError({ jobKey: verify.key, errorCode: 'MATERIALS_INCOMPLETE', errorMessage: '' });

    const supplement = await takeJob(t.zbc, 'esp-evb-supplement');
    expect(supplement.processInstanceKey).toBe(pi);
    expect(await activatableNow(t.zbc, 'esp-evb-notify')).toEqual([]);
    expect(elementRecords(await t.log.instance(pi), 'on-rejected', 'ELEMENT_ACTIVATING')).toHaveLength(0);
    await t.zbc.completeJob({ jobKey: supplement.key, variables: {} });
    await completed(pi);
  });
});

// "An event sub-process with an escalation start event is triggered by an escalation event that
// occurs in the same scope or in a lower scope"; a non-interrupting catch lets both paths go on.
describe('non-interrupting escalation event subprocess (docs.camunda.io: Escalation events, Catching the escalation)', () => {
  it('runs alongside: the throwing path continues and the event subprocess path runs too', async () => {
    await deploy(
      'esp-escalation',
      bpmnXml('esp-escalation', {
        nodes: [
          startEvent('start'),
          subProcess('review', {
            nodes: [startEvent('review-start'), serviceTask('assess', 'esp-esc-assess'), escalationThrow('urgent', 'URGENT'), serviceTask('decide', 'esp-esc-decide'), endEvent('review-end')],
            flows: [flow('review-start', 'assess'), flow('assess', 'urgent'), flow('urgent', 'decide'), flow('decide', 'review-end')],
          }),
          endEvent('end'),
          eventSubProcess('on-urgent', {
            nodes: [escalationStart('urgent-caught', 'URGENT', { interrupting: false }), serviceTask('notify-chief', 'esp-esc-notify'), endEvent('urgent-end')],
            flows: [flow('urgent-caught', 'notify-chief'), flow('notify-chief', 'urgent-end')],
          }),
        ],
        flows: [flow('start', 'review'), flow('review', 'end')],
      }),
    );
    const pi = await start('esp-escalation');
    const assess = await takeJob(t.zbc, 'esp-esc-assess');
    await t.zbc.completeJob({ jobKey: assess.key, variables: {} });

    const [notify] = await takeJobs(t.zbc, 'esp-esc-notify', 1);
    const [decide] = await takeJobs(t.zbc, 'esp-esc-decide', 1);
    expect(notify?.processInstanceKey).toBe(pi);
    expect(decide?.processInstanceKey).toBe(pi);
    const records = await t.log.instance(pi);
    expect(elementRecords(records, 'review', 'ELEMENT_TERMINATED')).toHaveLength(0);
    expect(elementRecords(records, 'urgent', 'ELEMENT_COMPLETED')).toHaveLength(1);
    expect(records.some((r) => r.valueType === 'INCIDENT')).toBe(false);

    await t.zbc.completeJob({ jobKey: String(decide?.key), variables: {} });
    await t.zbc.completeJob({ jobKey: String(notify?.key), variables: {} });
    await completed(pi);
  });
});

// Signal event subprocesses: "Broadcasting a signal will trigger all signal events matching the
// name"; a non-interrupting event subprocess can be triggered multiple times.
describe('signal event subprocess (docs.camunda.io: Signal events, Event subprocess)', () => {
  it('a non-interrupting signal event subprocess runs once per broadcast while the main task goes on', async () => {
    await deploy(
      'esp-signal',
      bpmnXml('esp-signal', {
        nodes: [
          startEvent('start'),
          serviceTask('work', 'esp-signal-work'),
          endEvent('end'),
          eventSubProcess('on-policy-change', {
            nodes: [signalStart('policy-changed', 'esp-policy-changed', { interrupting: false }), serviceTask('apply-policy', 'esp-signal-apply'), endEvent('policy-end')],
            flows: [flow('policy-changed', 'apply-policy'), flow('apply-policy', 'policy-end')],
          }),
        ],
        flows: [flow('start', 'work'), flow('work', 'end')],
      }),
    );
    const pi = await start('esp-signal');
    const work = await takeJob(t.zbc, 'esp-signal-work');

    await t.zbc.broadcastSignal({ signalName: 'esp-policy-changed', variables: { policy: 'v2' } });
    await t.zbc.broadcastSignal({ signalName: 'esp-policy-changed', variables: { policy: 'v3' } });
    const applied = await takeJobs(t.zbc, 'esp-signal-apply', 2);
    expect(applied.map((j) => j.processInstanceKey)).toEqual([pi, pi]);

    await t.zbc.completeJob({ jobKey: work.key, variables: {} });
    for (const j of applied) await t.zbc.completeJob({ jobKey: j.key, variables: {} });
    const done = await completed(pi);
    expect(elementRecords(done, 'on-policy-change', 'ELEMENT_COMPLETED')).toHaveLength(2);
  });

  it('an interrupting signal event subprocess ends the main task', async () => {
    await deploy(
      'esp-signal-stop',
      bpmnXml('esp-signal-stop', {
        nodes: [
          startEvent('start'),
          serviceTask('work', 'esp-signal-stop-work'),
          endEvent('end'),
          eventSubProcess('on-close', {
            nodes: [signalStart('closed', 'esp-system-close'), endEvent('closed-end')],
            flows: [flow('closed', 'closed-end')],
          }),
        ],
        flows: [flow('start', 'work'), flow('work', 'end')],
      }),
    );
    const pi = await start('esp-signal-stop');
    const work = await takeJob(t.zbc, 'esp-signal-stop-work');
    await t.zbc.broadcastSignal({ signalName: 'esp-system-close' });
    const done = await completed(pi);
    expect(jobCanceled(done, work.key)).toBe(true);
    expect(elementRecords(done, 'end', 'ELEMENT_ACTIVATED')).toHaveLength(0);
  });
});

// "An event subprocess … can be added globally to the process, or locally inside an embedded
// subprocess"; "The start event of the event subprocess can be triggered when its containing
// scope is activated."
describe('event subprocess inside an embedded subprocess (docs.camunda.io: Event subprocess)', () => {
  it('is only subscribed while the subprocess is active, interrupts only the subprocess, and the subprocess then completes normally', async () => {
    await deploy(
      'esp-nested',
      bpmnXml('esp-nested', {
        nodes: [
          startEvent('start'),
          serviceTask('register', 'esp-nested-register'),
          subProcess('inspection', {
            nodes: [
              startEvent('inspection-start'),
              serviceTask('inspect', 'esp-nested-inspect'),
              endEvent('inspection-end'),
              eventSubProcess('on-cancel', {
                nodes: [messageStart('cancel', 'esp-cancel-inspection', { correlationKey: '=caseId' }), serviceTask('record-cancel', 'esp-nested-record-cancel'), endEvent('cancel-end')],
                flows: [flow('cancel', 'record-cancel'), flow('record-cancel', 'cancel-end')],
              }),
            ],
            flows: [flow('inspection-start', 'inspect'), flow('inspect', 'inspection-end')],
          }),
          serviceTask('archive', 'esp-nested-archive'),
          endEvent('end'),
        ],
        flows: [flow('start', 'register'), flow('register', 'inspection'), flow('inspection', 'archive'), flow('archive', 'end')],
      }),
    );
    const pi = await start('esp-nested', { caseId: 'C-400' });
    const register = await takeJob(t.zbc, 'esp-nested-register');
    // Not yet in the subprocess: nothing is subscribed, the message is discarded (TTL 0).
    await t.zbc.publishMessage({ name: 'esp-cancel-inspection', correlationKey: 'C-400', variables: {}, timeToLive: 0 });
    await quiet();
    expect(elementRecords(await t.log.instance(pi), 'on-cancel', 'ELEMENT_ACTIVATING')).toHaveLength(0);

    await t.zbc.completeJob({ jobKey: register.key, variables: {} });
    const inspect = await takeJob(t.zbc, 'esp-nested-inspect');
    await t.zbc.publishMessage({ name: 'esp-cancel-inspection', correlationKey: 'C-400', variables: { cancelledBy: 'window-3' }, timeToLive: 0 });
    const recordCancel = await takeJob(t.zbc, 'esp-nested-record-cancel');
    expect(recordCancel.variables).toMatchObject({ caseId: 'C-400', cancelledBy: 'window-3' });
    expect(jobCanceled(await t.log.instance(pi), inspect.key)).toBe(true);

    await t.zbc.completeJob({ jobKey: recordCancel.key, variables: {} });
    // The subprocess completes (it was not terminated) and the process takes its outgoing flow.
    const archive = await takeJob(t.zbc, 'esp-nested-archive');
    expect(archive.processInstanceKey).toBe(pi);
    const records = await t.log.instance(pi);
    expect(elementRecords(records, 'inspection', 'ELEMENT_COMPLETED')).toHaveLength(1);
    expect(elementRecords(records, 'inspection', 'ELEMENT_TERMINATED')).toHaveLength(0);
    await t.zbc.completeJob({ jobKey: archive.key, variables: {} });
    await completed(pi);
  });
});

// "Unlike a boundary event, an event subprocess is inside the scope. Therefore, it can access and
// modify all local variables of its containing scope … Input mappings can be used to create new
// local variables in the scope of the event subprocess. These variables are only visible within
// the event subprocess … By default, the local variables of the event subprocess are not propagated."
describe('event subprocess variables (docs.camunda.io: Event subprocess, Variables)', () => {
  it('sees the scope variables and the message variables; its input-mapped locals stay inside it', async () => {
    await deploy(
      'esp-vars',
      bpmnXml('esp-vars', {
        nodes: [
          startEvent('start'),
          serviceTask('work', 'esp-vars-work'),
          endEvent('end'),
          eventSubProcess(
            'on-note',
            {
              nodes: [messageStart('note-added', 'esp-note-added', { correlationKey: '=caseId', interrupting: false }), serviceTask('file-note', 'esp-vars-file-note'), endEvent('note-end')],
              flows: [flow('note-added', 'file-note'), flow('file-note', 'note-end')],
            },
            { inputs: { noteLabel: '="备注-" + caseId' } },
          ),
        ],
        flows: [flow('start', 'work'), flow('work', 'end')],
      }),
    );
    const pi = await start('esp-vars', { caseId: 'C-500', counter: 1 });
    const work = await takeJob(t.zbc, 'esp-vars-work');
    await t.zbc.publishMessage({ name: 'esp-note-added', correlationKey: 'C-500', variables: { note: '补充材料已收到' }, timeToLive: 0 });

    const fileNote = await takeJob(t.zbc, 'esp-vars-file-note');
    expect(fileNote.variables).toMatchObject({ caseId: 'C-500', counter: 1, note: '补充材料已收到', noteLabel: '备注-C-500' });
    // The event subprocess may modify the containing scope's variables.
    await t.zbc.completeJob({ jobKey: fileNote.key, variables: { counter: 2 } });
    await t.reached(pi, 'on-note', 'ELEMENT_COMPLETED');
    expect(await t.log.variable(pi, 'counter')).toBe(2);
    expect(await t.log.variable(pi, 'noteLabel')).toBeUndefined();

    await t.zbc.completeJob({ jobKey: work.key, variables: {} });
    await completed(pi);
  });
});
