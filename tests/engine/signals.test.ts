// Signals: broadcast by name (zeebe-node broadcastSignal → BroadcastSignal RPC) or by signal throw
// and end events, to every matching subscription at once.
// References: docs.camunda.io/docs/8.3/components/modeler/bpmn/signal-events/ ("Signal events":
// start, intermediate catch, boundary, throw events, Variable mappings),
// docs.camunda.io/docs/8.3/components/concepts/signals/ (broadcast, no buffering) and
// docs.camunda.io/docs/8.3/apis-tools/grpc/ (BroadcastSignal RPC returns the signal's key).
import { describe, expect, it } from 'vitest';
import { bpmnXml, endEvent, flow, line, serviceTask, signalBoundary, signalCatch, signalEnd, signalStart, signalThrow, startEvent } from '../support/bpmn.js';
import { FIRST_KEY } from '../support/gateway.js';
import { activatableNow, takeJob, takeJobs } from '../support/jobs.js';
import { elementRecords } from '../support/records.js';
import { engineSuite } from '../support/suite.js';
import { quiet } from '../support/wait.js';

const t = engineSuite('signals');
const { deploy, start, activated, completed, instancesOf } = t;

/** start → signal catch `wait` → service task → end. */
const catchProcess = (processId: string, signal: string, type: string): string => line(processId, signalCatch('wait', signal), serviceTask('after', type));

describe('BroadcastSignal and intermediate signal catch events (docs.camunda.io: Signal events, Signal intermediate catch events)', () => {
  it('triggers the waiting catch events of several instances at once, with the signal variables merged into each', async () => {
    await deploy('sig-catch', catchProcess('sig-catch', 'county-policy-updated', 'sig-catch-after'));
    await deploy('sig-catch-other', catchProcess('sig-catch-other', 'another-signal', 'sig-catch-other-after'));
    const pis = [await start('sig-catch', { n: 1 }), await start('sig-catch', { n: 2 }), await start('sig-catch', { n: 3 })];
    const bystander = await start('sig-catch-other');
    for (const pi of pis) await activated(pi, 'wait');
    await activated(bystander, 'wait');

    const response = await t.zbc.broadcastSignal({ signalName: 'county-policy-updated', variables: { policyVersion: 7 } });

    const jobs = await takeJobs(t.zbc, 'sig-catch-after', 3);
    expect(jobs.map((j) => j.processInstanceKey).sort()).toEqual([...pis].sort());
    for (const j of jobs) expect(j.variables).toMatchObject({ policyVersion: 7 });
    // "By default, all signal variables are merged into the process instance."
    for (const pi of pis) expect(await t.log.variable(pi, 'policyVersion')).toBe(7);
    // Another signal name is not triggered.
    expect(elementRecords(await t.log.instance(bystander), 'wait', 'ELEMENT_COMPLETED')).toHaveLength(0);

    // The RPC answers with the key of the signal, a Zeebe-format int64 as a string.
    expect(response.key).toMatch(/^\d+$/);
    expect(BigInt(response.key) >= FIRST_KEY).toBe(true);
    const broadcasts = await t.log.find({ valueType: 'SIGNAL', key: response.key });
    expect(broadcasts.map((r) => r.intent)).toContain('BROADCASTED');
    expect(broadcasts[0]?.value['signalName']).toBe('county-policy-updated');

    for (const j of jobs) await t.zbc.completeJob({ jobKey: j.key, variables: {} });
    for (const pi of pis) await completed(pi);
    await t.zbc.cancelProcessInstance(bystander);
  });

  it('answers with a key even when nothing subscribes to the signal', async () => {
    const a = await t.zbc.broadcastSignal({ signalName: 'nobody-listens' });
    const b = await t.zbc.broadcastSignal({ signalName: 'nobody-listens' });
    expect(a.key).toMatch(/^\d+$/);
    expect(b.key).not.toBe(a.key);
  });

  // Concepts "Signals": a broadcast signal is not buffered; only subscriptions open at that moment see it.
  it('is not buffered: an instance that subscribes after the broadcast keeps waiting', async () => {
    await deploy('sig-late', catchProcess('sig-late', 'sig-late-signal', 'sig-late-after'));
    await t.zbc.broadcastSignal({ signalName: 'sig-late-signal', variables: { early: true } });
    const pi = await start('sig-late');
    await activated(pi, 'wait');
    await quiet(300);
    expect(elementRecords(await t.log.instance(pi), 'wait', 'ELEMENT_COMPLETED')).toHaveLength(0);
    expect(await activatableNow(t.zbc, 'sig-late-after')).toEqual([]);

    await t.zbc.broadcastSignal({ signalName: 'sig-late-signal', variables: { early: false } });
    const job = await takeJob(t.zbc, 'sig-late-after');
    expect(job.processInstanceKey).toBe(pi);
    expect(job.variables['early']).toBe(false);
    await t.zbc.completeJob({ jobKey: job.key, variables: {} });
    await completed(pi);
  });
});

describe('signal boundary events (docs.camunda.io: Signal events, Signal boundary events)', () => {
  const xml = (processId: string, interrupting: boolean): string =>
    bpmnXml(processId, {
      nodes: [
        startEvent('start'),
        serviceTask('work', `${processId}-work`),
        signalBoundary('revoked', 'work', `${processId}-revoked`, { interrupting }),
        serviceTask('handle', `${processId}-handle`),
        endEvent('end'),
        endEvent('handled'),
      ],
      flows: [flow('start', 'work'), flow('work', 'end'), flow('revoked', 'handle'), flow('handle', 'handled')],
    });

  it('an interrupting boundary terminates the activity (its job is canceled) and takes the boundary path', async () => {
    await deploy('sig-bnd-int', xml('sig-bnd-int', true));
    const pi = await start('sig-bnd-int');
    const work = await takeJob(t.zbc, 'sig-bnd-int-work');
    await t.zbc.broadcastSignal({ signalName: 'sig-bnd-int-revoked', variables: { revokedBy: 'office' } });

    const handle = await takeJob(t.zbc, 'sig-bnd-int-handle');
    expect(handle.processInstanceKey).toBe(pi);
    expect(handle.variables).toMatchObject({ revokedBy: 'office' });
    const records = await t.log.instance(pi);
    expect(records.some((r) => r.valueType === 'JOB' && r.intent === 'CANCELED' && r.key === work.key)).toBe(true);
    expect(elementRecords(records, 'work', 'ELEMENT_TERMINATED')).toHaveLength(1);
    await t.zbc.completeJob({ jobKey: handle.key, variables: {} });
    const done = await completed(pi);
    expect(elementRecords(done, 'end', 'ELEMENT_ACTIVATED')).toHaveLength(0);
  });

  it('a non-interrupting boundary leaves the activity running and fires again on every broadcast', async () => {
    await deploy('sig-bnd-non', xml('sig-bnd-non', false));
    const pi = await start('sig-bnd-non');
    const work = await takeJob(t.zbc, 'sig-bnd-non-work');
    await t.zbc.broadcastSignal({ signalName: 'sig-bnd-non-revoked' });
    await t.zbc.broadcastSignal({ signalName: 'sig-bnd-non-revoked' });

    const handles = await takeJobs(t.zbc, 'sig-bnd-non-handle', 2);
    expect(handles.map((j) => j.processInstanceKey)).toEqual([pi, pi]);
    expect(elementRecords(await t.log.instance(pi), 'work', 'ELEMENT_TERMINATED')).toHaveLength(0);

    await t.zbc.completeJob({ jobKey: work.key, variables: {} });
    for (const h of handles) await t.zbc.completeJob({ jobKey: h.key, variables: {} });
    const done = await completed(pi);
    expect(elementRecords(done, 'end', 'ELEMENT_COMPLETED')).toHaveLength(1);
    expect(elementRecords(done, 'handled', 'ELEMENT_COMPLETED')).toHaveLength(2);
  });
});

// "Signal start events can be used to start process instances. Deploying several processes with a
// signal start event enables creation of multiple process instances by performing a single broadcast."
describe('signal start events (docs.camunda.io: Signal events, Signal start events)', () => {
  it('starts a new instance per broadcast, carrying the signal variables, in every process with that signal start', async () => {
    const xml = (processId: string): string =>
      bpmnXml(processId, {
        nodes: [signalStart('on-campaign', 'sig-campaign-started'), serviceTask('register', `${processId}-register`), endEvent('end')],
        flows: [flow('on-campaign', 'register'), flow('register', 'end')],
      });
    await deploy('sig-start-a', xml('sig-start-a'));
    await deploy('sig-start-b', xml('sig-start-b'));

    await t.zbc.broadcastSignal({ signalName: 'sig-campaign-started', variables: { campaign: '春季', round: 1 } });
    await t.zbc.broadcastSignal({ signalName: 'sig-campaign-started', variables: { campaign: '春季', round: 2 } });

    const a = await takeJobs(t.zbc, 'sig-start-a-register', 2);
    const b = await takeJobs(t.zbc, 'sig-start-b-register', 2);
    expect(a.map((j) => j.variables['round']).sort()).toEqual([1, 2]);
    expect(b.map((j) => j.variables['round']).sort()).toEqual([1, 2]);
    for (const j of [...a, ...b]) expect(j.variables['campaign']).toBe('春季');
    expect(new Set(a.map((j) => j.processInstanceKey)).size).toBe(2);
    expect(await instancesOf('sig-start-a')).toHaveLength(2);

    const records = await t.log.instance(String(a[0]?.processInstanceKey));
    expect(elementRecords(records, 'on-campaign', 'ELEMENT_COMPLETED')).toHaveLength(1);
    for (const j of [...a, ...b]) await t.zbc.completeJob({ jobKey: j.key, variables: {} });
  });

  // "Signal subscriptions only exist for the latest version of a process definition."
  it('starts only the latest version after a redeployment', async () => {
    const xml = (type: string): string =>
      bpmnXml('sig-start-versioned', {
        nodes: [signalStart('go', 'sig-versioned-go'), serviceTask('task', type), endEvent('end')],
        flows: [flow('go', 'task'), flow('task', 'end')],
      });
    await deploy('sig-start-versioned', xml('sig-versioned-v1'));
    await deploy('sig-start-versioned', xml('sig-versioned-v2'));
    await t.zbc.broadcastSignal({ signalName: 'sig-versioned-go' });
    const job = await takeJob(t.zbc, 'sig-versioned-v2');
    expect(job.processDefinitionVersion).toBe(2);
    expect(await activatableNow(t.zbc, 'sig-versioned-v1')).toEqual([]);
    expect(await instancesOf('sig-start-versioned')).toHaveLength(1);
    await t.zbc.completeJob({ jobKey: job.key, variables: {} });
  });
});

// "When a signal throw event is entered, it broadcasts a signal that can trigger signal
// subscriptions"; "When a signal throw event broadcasts a signal, all local variables are passed
// along. You can use input mappings to define these local variables."
describe('signal throw and end events (docs.camunda.io: Signal events, Signal throw events, Variable mappings)', () => {
  it('an intermediate signal throw event broadcasts to instances of other processes, passing its input-mapped variables', async () => {
    await deploy('sig-listener', catchProcess('sig-listener', 'case-archived', 'sig-listener-after'));
    await deploy(
      'sig-thrower',
      line('sig-thrower', signalThrow('announce', 'case-archived', { inputs: { archivedCase: '=caseId' } }), serviceTask('after-throw', 'sig-thrower-after')),
    );
    const listeners = [await start('sig-listener'), await start('sig-listener')];
    for (const pi of listeners) await activated(pi, 'wait');

    const thrower = await start('sig-thrower', { caseId: 'C-88' });
    const jobs = await takeJobs(t.zbc, 'sig-listener-after', 2);
    expect(jobs.map((j) => j.processInstanceKey).sort()).toEqual([...listeners].sort());
    for (const j of jobs) expect(j.variables['archivedCase']).toBe('C-88');

    // The throw event does not wait: its own flow continues.
    const after = await takeJob(t.zbc, 'sig-thrower-after');
    expect(after.processInstanceKey).toBe(thrower);
    for (const j of [...jobs, after]) await t.zbc.completeJob({ jobKey: j.key, variables: {} });
    await completed(thrower);
  });

  it('a signal end event broadcasts and ends its path; the throwing instance completes', async () => {
    await deploy('sig-end-listener', catchProcess('sig-end-listener', 'case-closed', 'sig-end-listener-after'));
    await deploy(
      'sig-end-thrower',
      bpmnXml('sig-end-thrower', {
        nodes: [startEvent('start'), signalEnd('closed', 'case-closed', { inputs: { closedCase: '=caseId' } })],
        flows: [flow('start', 'closed')],
      }),
    );
    const listener = await start('sig-end-listener');
    await activated(listener, 'wait');
    const thrower = await start('sig-end-thrower', { caseId: 'C-99' });
    const job = await takeJob(t.zbc, 'sig-end-listener-after');
    expect(job.processInstanceKey).toBe(listener);
    expect(job.variables['closedCase']).toBe('C-99');
    const done = await completed(thrower);
    expect(elementRecords(done, 'closed', 'ELEMENT_COMPLETED')).toHaveLength(1);
    await t.zbc.completeJob({ jobKey: job.key, variables: {} });
  });
});
