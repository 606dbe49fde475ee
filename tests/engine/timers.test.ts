// Timer events with real (short) durations, driven through zeebe-node. Expectations from
// docs.camunda.io "Timer events" (components/modeler/bpmn/timer-events: catch events with a
// duration or a date, interrupting and non-interrupting boundary events, cycles, ISO 8601 values
// or expressions), "Job workers" (components/concepts/job-workers) and "Incidents"
// (components/concepts/incidents).
import { describe, expect, it } from 'vitest';
import { bpmnXml, endEvent, flow, line, serviceTask, startEvent, timerBoundary, timerCatch, type TimerSpec } from '../support/bpmn.js';
import { Code, grpcError } from '../support/gateway.js';
import { takeJob } from '../support/jobs.js';
import { elementRecords, type EngineRecord } from '../support/records.js';
import { engineSuite } from '../support/suite.js';
import { eventually } from '../support/wait.js';

const t = engineSuite('timers');
const { deploy, start, completed } = t;

const timerRecords = (records: readonly EngineRecord[], intent: string, elementId?: string): EngineRecord[] =>
  records.filter((r) => r.valueType === 'TIMER' && r.intent === intent && (elementId === undefined || r.value['targetElementId'] === elementId));

/** An ISO date-time with a fixed UTC offset and no fraction, e.g. 2025-01-01T18:00:05+08:00. */
function isoWithOffset(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${offsetMinutes < 0 ? '-' : '+'}${hh}:${mm}`;
}

// docs.camunda.io "Timer events" → Intermediate timer catch events: "An intermediate timer catch
// event can either be a time duration, or a time date. When an intermediate timer catch event is
// entered, a corresponding timer is scheduled. The process instance stops at this point and waits
// until the timer is triggered." Durations and dates are ISO 8601 values or FEEL expressions.
describe('timer intermediate catch event (docs.camunda.io: Timer events)', () => {
  it('with duration PT1S fires after about one second, not before', async () => {
    await deploy('timer-pt1s', line('timer-pt1s', timerCatch('wait', { duration: 'PT1S' }), serviceTask('after', 'timer-pt1s-after')));
    const t0 = Date.now();
    const pi = await start('timer-pt1s');
    const job = await takeJob(t.zbc, 'timer-pt1s-after', { waitMs: 6_000 });
    const elapsed = Date.now() - t0;
    expect(job.processInstanceKey).toBe(pi);
    expect(elapsed).toBeGreaterThanOrEqual(1_000);
    expect(elapsed).toBeLessThan(4_000);

    const records = await t.log.instance(pi);
    const [created] = timerRecords(records, 'CREATED', 'wait');
    const [triggered] = timerRecords(records, 'TRIGGERED', 'wait');
    expect(created).toBeDefined();
    expect(triggered).toBeDefined();
    const due = Number(created?.value['dueDate']);
    expect(due - (created?.timestamp ?? 0)).toBeGreaterThanOrEqual(1_000);
    expect(due - (created?.timestamp ?? 0)).toBeLessThan(1_100);
    expect(triggered?.timestamp ?? 0).toBeGreaterThanOrEqual(due);
    expect(elementRecords(records, 'wait', 'ELEMENT_COMPLETED')).toHaveLength(1);
  });

  it('with a time date from a variable (= dueAt) fires at that date', async () => {
    // docs.camunda.io "Timer events": a time date is an ISO 8601 date-time (with an offset, e.g.
    // 2019-10-01T12:00:00Z or with +02:00), here coming from a FEEL expression over a variable.
    await deploy('timer-date', line('timer-date', timerCatch('wait', { date: '= dueAt' }), serviceTask('after', 'timer-date-after')));
    const utcDue = Date.now() + 2_000;
    const offsetDue = Math.floor((Date.now() + 2_000) / 1_000) * 1_000;
    const utc = await start('timer-date', { dueAt: new Date(utcDue).toISOString() });
    const withOffset = await start('timer-date', { dueAt: isoWithOffset(offsetDue, 8 * 60) });

    for (const [pi, due] of [
      [utc, utcDue],
      [withOffset, offsetDue],
    ] as const) {
      const records = await eventually(async () => {
        const r = await t.log.instance(pi);
        return elementRecords(r, 'after', 'ELEMENT_ACTIVATED').length > 0 ? r : undefined;
      }, 6_000, `instance ${pi} to pass its timer`);
      const [created] = timerRecords(records, 'CREATED', 'wait');
      const [triggered] = timerRecords(records, 'TRIGGERED', 'wait');
      expect(Number(created?.value['dueDate'])).toBe(due);
      expect(triggered?.timestamp ?? 0).toBeGreaterThanOrEqual(due);
      expect(triggered?.timestamp ?? Infinity).toBeLessThan(due + 2_000);
    }
    const jobs = [await takeJob(t.zbc, 'timer-date-after'), await takeJob(t.zbc, 'timer-date-after')];
    expect(jobs.map((j) => j.processInstanceKey).sort()).toEqual([utc, withOffset].sort());
  });

  it('with a duration from a FEEL expression: = duration("PT1S"), = "PT1S" and a variable', async () => {
    const specs: Record<string, TimerSpec> = {
      'timer-feel-duration': { duration: '=duration("PT1S")' },
      'timer-feel-string': { duration: '= "PT1S"' },
      'timer-feel-variable': { duration: '= wait' },
    };
    for (const [id, spec] of Object.entries(specs)) {
      await deploy(id, line(id, timerCatch('wait', spec), serviceTask('after', `${id}-after`)));
    }
    const t0 = Date.now();
    const pis = await Promise.all(Object.keys(specs).map((id) => start(id, { wait: 'PT1S' })));
    const jobs = await Promise.all(Object.keys(specs).map((id) => takeJob(t.zbc, `${id}-after`, { waitMs: 6_000 })));
    const elapsed = Date.now() - t0;
    expect(jobs.map((j) => j.processInstanceKey)).toEqual(pis);
    expect(elapsed).toBeGreaterThanOrEqual(1_000);
    for (const pi of pis) {
      const records = await t.log.instance(pi);
      const [created] = timerRecords(records, 'CREATED', 'wait');
      const delay = Number(created?.value['dueDate']) - (created?.timestamp ?? 0);
      expect(delay).toBeGreaterThanOrEqual(1_000);
      expect(delay).toBeLessThan(1_100);
      expect(records.filter((r) => r.valueType === 'INCIDENT')).toEqual([]);
    }
  });

  it('an invalid duration coming from a variable raises an incident EXTRACT_VALUE_ERROR; fixing it and resolving continues', async () => {
    // docs.camunda.io "Incidents": an expression that can't be evaluated to what the element needs
    // creates an incident (EXTRACT_VALUE_ERROR); update the variables, then resolve the incident.
    await deploy('timer-invalid', line('timer-invalid', timerCatch('wait', { duration: '= wait' }), serviceTask('after', 'timer-invalid-after')));
    const pi = await start('timer-invalid', { wait: 'soon' });
    const incident = await eventually(async () => (await t.log.find({ processInstanceKey: pi, valueType: 'INCIDENT', intent: 'CREATED' }))[0], 5_000, 'an incident');
    expect(incident.value).toMatchObject({ errorType: 'EXTRACT_VALUE_ERROR', elementId: 'wait' });
    expect(String(incident.value['errorMessage'])).not.toBe('');
    let records = await t.log.instance(pi);
    expect(timerRecords(records, 'CREATED')).toEqual([]);
    expect(elementRecords(records, 'wait', 'ELEMENT_ACTIVATED')).toEqual([]);

    await t.zbc.setVariables({ elementInstanceKey: pi, variables: { wait: 'PT1S' }, local: false });
    await t.zbc.resolveIncident({ incidentKey: incident.key });
    const job = await takeJob(t.zbc, 'timer-invalid-after', { waitMs: 6_000 });
    expect(job.processInstanceKey).toBe(pi);
    records = await t.log.instance(pi);
    expect(timerRecords(records, 'TRIGGERED', 'wait')).toHaveLength(1);
  });
});

// docs.camunda.io "Timer events" → Timer boundary events: "An interrupting timer boundary event
// must have a time duration, or a time date definition. When the corresponding timer is
// triggered, the activity is terminated … A non-interrupting timer boundary event must have
// either a time duration, a time cycle definition, or a time date definition. When the activity
// is entered, it schedules a corresponding timer. If the timer is triggered and defined as time
// cycle with repetitions greater than zero, it schedules the timer again until the repetition
// limit is reached." Leaving the activity cancels its boundary timers.
describe('timer boundary events (docs.camunda.io: Timer events)', () => {
  /** `work` (job) with timer boundary `timeout` → `on-timeout` → end; `work` → end. */
  function boundaryProcess(processId: string, timer: TimerSpec, interrupting: boolean, onTimeout: 'task' | 'end'): string {
    const nodes = [
      startEvent('start'),
      serviceTask('work', `${processId}-work`),
      timerBoundary('timeout', 'work', timer, { interrupting }),
      endEvent('end'),
      endEvent('end-timeout'),
      ...(onTimeout === 'task' ? [serviceTask('on-timeout', `${processId}-on-timeout`)] : []),
    ];
    const flows = [
      flow('start', 'work'),
      flow('work', 'end'),
      ...(onTimeout === 'task' ? [flow('timeout', 'on-timeout'), flow('on-timeout', 'end-timeout')] : [flow('timeout', 'end-timeout')]),
    ];
    return bpmnXml(processId, { nodes, flows });
  }

  it('interrupting: after the duration the task is terminated, its job canceled, and the boundary path taken', async () => {
    await deploy('timer-interrupt', boundaryProcess('timer-interrupt', { duration: 'PT1S' }, true, 'task'));
    const t0 = Date.now();
    const pi = await start('timer-interrupt');
    const work = await takeJob(t.zbc, 'timer-interrupt-work');
    const escalate = await takeJob(t.zbc, 'timer-interrupt-on-timeout', { waitMs: 6_000 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1_000);
    expect(escalate.processInstanceKey).toBe(pi);

    const records = await t.log.instance(pi);
    expect(elementRecords(records, 'work', 'ELEMENT_TERMINATED')).toHaveLength(1);
    expect(elementRecords(records, 'timeout', 'ELEMENT_COMPLETED')).toHaveLength(1);
    expect(records.some((r) => r.valueType === 'JOB' && r.intent === 'CANCELED' && r.key === work.key)).toBe(true);

    // The worker still holding the job finds it gone (docs.camunda.io "Job workers").
    const late = await grpcError(t.zbc.completeJob({ jobKey: work.key, variables: {} }));
    expect(late.code).toBe(Code.NOT_FOUND);

    await t.zbc.completeJob({ jobKey: escalate.key, variables: {} });
    const done = await completed(pi);
    expect(elementRecords(done, 'end', 'ELEMENT_ACTIVATED')).toEqual([]);
    expect(elementRecords(done, 'end-timeout', 'ELEMENT_COMPLETED')).toHaveLength(1);
  });

  it('non-interrupting with cycle R2/PT1S fires twice while the task waits, and the task can still be completed', async () => {
    await deploy('timer-cycle', boundaryProcess('timer-cycle', { cycle: 'R2/PT1S' }, false, 'end'));
    const pi = await start('timer-cycle');
    const work = await takeJob(t.zbc, 'timer-cycle-work');

    const records = await eventually(async () => {
      const r = await t.log.instance(pi);
      return timerRecords(r, 'TRIGGERED', 'timeout').length >= 2 ? r : undefined;
    }, 6_000, 'the cycle timer to fire twice');
    expect(elementRecords(records, 'timeout', 'ELEMENT_ACTIVATED')).toHaveLength(2);
    expect(elementRecords(records, 'end-timeout', 'ELEMENT_COMPLETED')).toHaveLength(2);
    // Two repetitions: no third timer was scheduled after the second fired.
    const created = timerRecords(records, 'CREATED', 'timeout');
    expect(created).toHaveLength(2);
    const [d1, d2] = created.map((c) => Number(c.value['dueDate']));
    expect((d2 ?? 0) - (d1 ?? 0)).toBe(1_000);
    const [t1, t2] = timerRecords(records, 'TRIGGERED', 'timeout').map((r) => r.timestamp);
    expect(t1 ?? 0).toBeGreaterThanOrEqual(d1 ?? Infinity);
    expect(t2 ?? 0).toBeGreaterThanOrEqual(d2 ?? Infinity);
    expect(elementRecords(records, 'work', 'ELEMENT_TERMINATED')).toEqual([]);

    await t.zbc.completeJob({ jobKey: work.key, variables: { done: true } });
    const done = await completed(pi);
    expect(elementRecords(done, 'work', 'ELEMENT_COMPLETED')).toHaveLength(1);
    expect(timerRecords(done, 'TRIGGERED', 'timeout')).toHaveLength(2);
  });

  it('completing the task before the timer is due cancels the timer: no boundary path', async () => {
    await deploy('timer-beaten', boundaryProcess('timer-beaten', { duration: 'PT1S' }, true, 'task'));
    const pi = await start('timer-beaten');
    const work = await takeJob(t.zbc, 'timer-beaten-work');
    await t.zbc.completeJob({ jobKey: work.key, variables: {} });

    let records = await completed(pi);
    const [created] = timerRecords(records, 'CREATED', 'timeout');
    expect(created).toBeDefined();
    expect(timerRecords(records, 'CANCELED', 'timeout')).toHaveLength(1);
    expect(elementRecords(records, 'work', 'ELEMENT_COMPLETED')).toHaveLength(1);

    // Even once the due date has passed, nothing fires.
    const due = Number(created?.value['dueDate']);
    await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now()) + 300));
    records = await t.log.instance(pi);
    expect(timerRecords(records, 'TRIGGERED')).toEqual([]);
    expect(elementRecords(records, 'timeout', 'ELEMENT_ACTIVATED')).toEqual([]);
    expect(elementRecords(records, 'on-timeout', 'ELEMENT_ACTIVATED')).toEqual([]);
  });
});
