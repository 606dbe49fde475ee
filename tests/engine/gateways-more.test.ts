// Inclusive (diverging) gateways and event-based gateways, as a process designer uses them.
// References: docs.camunda.io/docs/8.3/components/modeler/bpmn/inclusive-gateways/ ("Inclusive
// gateway": all fulfilled conditions taken, default flow, incident without one),
// …/bpmn/event-based-gateways/ ("Event-based gateway": the first event wins, "No other events of
// the gateway can be triggered afterward"), …/bpmn/message-events/ (Variable mappings) and
// docs.camunda.io/docs/8.3/components/concepts/incidents/ (resolving after fixing the variables).
import { beforeAll, describe, expect, it } from 'vitest';
import { bpmnXml, endEvent, eventBasedGateway, flow, inclusiveGateway, messageCatch, serviceTask, signalCatch, startEvent, timerCatch } from '../support/bpmn.js';
import { activatableNow, takeJob } from '../support/jobs.js';
import { elementIds, elementRecords, type EngineRecord, instanceCompleted } from '../support/records.js';
import { engineSuite } from '../support/suite.js';
import { quiet } from '../support/wait.js';

const t = engineSuite('gateways-more');
const { deploy, start, completed, activated, activeIncident } = t;

// The lunch example of the docs, as a case's follow-up steps: each fulfilled condition's path is taken.
describe('inclusive gateway (docs.camunda.io: Inclusive gateway)', () => {
  const xml = (processId: string, withDefault: boolean): string =>
    bpmnXml(processId, {
      nodes: [
        startEvent('start'),
        inclusiveGateway('route', withDefault ? { default: 'to-direct' } : {}),
        serviceTask('inspect', `${processId}-inspect`),
        serviceTask('notice', `${processId}-notice`),
        ...(withDefault ? [serviceTask('direct', `${processId}-direct`), endEvent('direct-end')] : []),
        endEvent('inspect-end'),
        endEvent('notice-end'),
      ],
      flows: [
        flow('start', 'route'),
        flow('route', 'inspect', { id: 'to-inspect', condition: '= amount > 100' }),
        flow('route', 'notice', { id: 'to-notice', condition: '= list contains(channels, "notice")' }),
        ...(withDefault ? [flow('route', 'direct', { id: 'to-direct' }), flow('direct', 'direct-end')] : []),
        flow('inspect', 'inspect-end'),
        flow('notice', 'notice-end'),
      ],
    });

  it('takes every flow whose condition is true, and not the default flow', async () => {
    await deploy('incl-route', xml('incl-route', true));
    const pi = await start('incl-route', { amount: 500, channels: ['notice', 'sms'] });
    const inspect = await takeJob(t.zbc, 'incl-route-inspect');
    const notice = await takeJob(t.zbc, 'incl-route-notice');
    expect([inspect.processInstanceKey, notice.processInstanceKey]).toEqual([pi, pi]);
    const taken = elementIds(await t.log.instance(pi), 'SEQUENCE_FLOW_TAKEN');
    expect(taken).toEqual(expect.arrayContaining(['to-inspect', 'to-notice']));
    expect(taken).not.toContain('to-direct');

    await t.zbc.completeJob({ jobKey: inspect.key, variables: {} });
    await t.zbc.completeJob({ jobKey: notice.key, variables: {} });
    const done = await completed(pi);
    expect(elementRecords(done, 'direct', 'ELEMENT_ACTIVATING')).toHaveLength(0);
  });

  it('takes only the fulfilled one when one condition is true', async () => {
    const pi = await start('incl-route', { amount: 50, channels: ['notice'] });
    const notice = await takeJob(t.zbc, 'incl-route-notice');
    expect(notice.processInstanceKey).toBe(pi);
    expect(await activatableNow(t.zbc, 'incl-route-inspect')).toEqual([]);
    expect(await activatableNow(t.zbc, 'incl-route-direct')).toEqual([]);
    await t.zbc.completeJob({ jobKey: notice.key, variables: {} });
    await completed(pi);
  });

  it('takes the default flow when no condition is fulfilled', async () => {
    const pi = await start('incl-route', { amount: 1, channels: [] });
    const direct = await takeJob(t.zbc, 'incl-route-direct');
    expect(direct.processInstanceKey).toBe(pi);
    expect(elementIds(await t.log.instance(pi), 'SEQUENCE_FLOW_TAKEN')).not.toContain('to-inspect');
    expect(await activatableNow(t.zbc, 'incl-route-notice')).toEqual([]);
    await t.zbc.completeJob({ jobKey: direct.key, variables: {} });
    await completed(pi);
  });

  it('raises a CONDITION_ERROR incident when no condition is fulfilled and there is no default flow; fixing the variables and resolving continues', async () => {
    await deploy('incl-no-default', xml('incl-no-default', false));
    const pi = await start('incl-no-default', { amount: 1, channels: [] });
    const incident = await activeIncident(pi);
    expect(incident.errorType).toBe('CONDITION_ERROR');
    expect(incident.elementId).toBe('route');
    expect(instanceCompleted(await t.log.instance(pi))).toBe(false);

    await t.zbc.setVariables({ elementInstanceKey: pi, variables: { amount: 1000 }, local: false });
    await t.zbc.resolveIncident({ incidentKey: incident.key });
    const inspect = await takeJob(t.zbc, 'incl-no-default-inspect');
    expect(inspect.processInstanceKey).toBe(pi);
    await t.zbc.completeJob({ jobKey: inspect.key, variables: {} });
    await completed(pi);
  });
});

describe('event-based gateway (docs.camunda.io: Event-based gateway)', () => {
  /** Waits for materials (message), a deadline (timer PT1S) or a system-wide close (signal). */
  const xml = bpmnXml('ebg-wait', {
    nodes: [
      startEvent('start'),
      eventBasedGateway('wait-for-applicant'),
      messageCatch('supplemented', 'ebg-materials-supplemented', '=caseId'),
      timerCatch('deadline', { duration: 'PT1S' }),
      signalCatch('closed-by-system', 'ebg-system-close'),
      serviceTask('continue-review', 'ebg-continue-review'),
      serviceTask('close-case', 'ebg-close-case'),
      endEvent('reviewed'),
      endEvent('closed'),
      endEvent('system-closed'),
    ],
    flows: [
      flow('start', 'wait-for-applicant'),
      flow('wait-for-applicant', 'supplemented'),
      flow('wait-for-applicant', 'deadline'),
      flow('wait-for-applicant', 'closed-by-system'),
      flow('supplemented', 'continue-review'),
      flow('continue-review', 'reviewed'),
      flow('deadline', 'close-case'),
      flow('close-case', 'closed'),
      flow('closed-by-system', 'system-closed'),
    ],
  });

  beforeAll(async () => {
    await deploy('ebg-wait', xml);
  });

  const timerRecords = (records: readonly EngineRecord[], intent: string): EngineRecord[] =>
    records.filter((r) => r.valueType === 'TIMER' && r.intent === intent && r.value['targetElementId'] === 'deadline');
  const subscriptionRecords = (records: readonly EngineRecord[], intent: string): EngineRecord[] =>
    records.filter((r) => r.valueType === 'PROCESS_MESSAGE_SUBSCRIPTION' && r.intent === intent);

  it('a message arriving first wins: its path is taken with the message variables, the timer is canceled', async () => {
    const pi = await start('ebg-wait', { caseId: 'C-1' });
    await activated(pi, 'wait-for-applicant');
    await t.zbc.publishMessage({ name: 'ebg-materials-supplemented', correlationKey: 'C-1', variables: { materials: ['身份证', '户口本'] }, timeToLive: 0 });

    const review = await takeJob(t.zbc, 'ebg-continue-review');
    expect(review.processInstanceKey).toBe(pi);
    // "By default, all message variables are merged into the process instance."
    expect(review.variables).toMatchObject({ caseId: 'C-1', materials: ['身份证', '户口本'] });
    expect(await t.log.variable(pi, 'materials')).toEqual(['身份证', '户口本']);
    const records = await t.log.instance(pi);
    expect(timerRecords(records, 'CANCELED')).toHaveLength(1);
    expect(elementRecords(records, 'supplemented', 'ELEMENT_COMPLETED')).toHaveLength(1);

    // Past the timer's due time nothing else happens: the deadline path is never taken.
    await quiet(1_200);
    const later = await t.log.instance(pi);
    expect(timerRecords(later, 'TRIGGERED')).toHaveLength(0);
    expect(elementRecords(later, 'deadline', 'ELEMENT_ACTIVATING')).toHaveLength(0);
    expect(await activatableNow(t.zbc, 'ebg-close-case')).toEqual([]);
    await t.zbc.completeJob({ jobKey: review.key, variables: {} });
    await completed(pi);
  });

  it('the timer (PT1S) wins when no message comes; the message subscription is closed, so a later message does not correlate', async () => {
    const started = Date.now();
    const pi = await start('ebg-wait', { caseId: 'C-2' });
    const close = await takeJob(t.zbc, 'ebg-close-case', { waitMs: 4_000 });
    expect(close.processInstanceKey).toBe(pi);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const records = await t.log.instance(pi);
    expect(subscriptionRecords(records, 'DELETED')).toHaveLength(1);

    await t.zbc.publishMessage({ name: 'ebg-materials-supplemented', correlationKey: 'C-2', variables: { late: true }, timeToLive: 0 });
    await quiet();
    const after = await t.log.instance(pi);
    expect(subscriptionRecords(after, 'CORRELATED')).toHaveLength(0);
    expect(elementRecords(after, 'supplemented', 'ELEMENT_ACTIVATING')).toHaveLength(0);
    expect(await t.log.variable(pi, 'late')).toBeUndefined();
    await t.zbc.completeJob({ jobKey: close.key, variables: {} });
    await completed(pi);
  });

  it('a signal can win too; then neither the message nor the timer can trigger any more', async () => {
    const pi = await start('ebg-wait', { caseId: 'C-3' });
    await activated(pi, 'wait-for-applicant');
    await t.zbc.broadcastSignal({ signalName: 'ebg-system-close', variables: { closedBy: 'system' } });
    const done = await completed(pi);
    expect(elementRecords(done, 'system-closed', 'ELEMENT_COMPLETED')).toHaveLength(1);
    expect(timerRecords(done, 'CANCELED')).toHaveLength(1);
    expect(subscriptionRecords(done, 'DELETED')).toHaveLength(1);
    expect(await t.log.variable(pi, 'closedBy')).toBe('system');
  });
});
