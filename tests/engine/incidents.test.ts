// Incidents as a supervisor meets them: raised, seen in engine.incidents and the record log, fixed
// through zeebe-node (SetVariables, UpdateJobRetries, ResolveIncident), or cleared by cancelling.
// References: docs.camunda.io/docs/8.3/components/concepts/incidents/ ("Incidents"),
// docs.camunda.io/docs/8.3/apis-tools/grpc/ (FailJob, ResolveIncident, UpdateJobRetries),
// docs.camunda.io/docs/8.3/components/modeler/bpmn/exclusive-gateways/ and .../concepts/messages/.
import { beforeAll, describe, expect, it } from 'vitest';
import { bpmnXml, endEvent, exclusiveGateway, flow, line, messageCatch, serviceTask, startEvent } from '../support/bpmn.js';
import { Code, grpcError, UNKNOWN_KEY } from '../support/gateway.js';
import { activatableNow, type ActivatedJob, takeJob } from '../support/jobs.js';
import { engineSuite } from '../support/suite.js';
import { eventually } from '../support/wait.js';

const t = engineSuite('incidents');
const { deploy, start, completed, incidentsOf, activeIncident } = t;

/** An instance whose only job was failed with no retries left. */
async function failedWithoutRetries(processId: string, type: string, errorMessage: string): Promise<{ pik: string; job: ActivatedJob }> {
  const pik = await start(processId);
  const job = await takeJob(t.zbc, type);
  expect(job.processInstanceKey).toBe(pik);
  await t.zbc.failJob({ jobKey: job.key, retries: 0, errorMessage, retryBackOff: 0 });
  return { pik, job };
}

describe('job incidents (docs.camunda.io "Incidents", Resolving a job-related incident)', () => {
  beforeAll(async () => {
    await deploy('inc-job', line('inc-job', serviceTask('book', 'inc-book')));
  });

  it('FailJob with no retries left raises JOB_NO_RETRIES with the error message, and the job is no longer activatable', async () => {
    const { pik, job } = await failedWithoutRetries('inc-job', 'inc-book', 'ledger unreachable');

    const incident = await activeIncident(pik);
    expect(incident).toMatchObject({ errorType: 'JOB_NO_RETRIES', errorMessage: 'ledger unreachable', elementId: 'book', jobKey: job.key });
    expect(incident.elementInstanceKey).toBe(job.elementInstanceKey);

    const created = await t.log.find({ processInstanceKey: pik, valueType: 'INCIDENT', intent: 'CREATED' });
    expect(created).toHaveLength(1);
    expect(created[0]?.key).toBe(incident.key);
    expect(created[0]?.value).toMatchObject({ errorType: 'JOB_NO_RETRIES', errorMessage: 'ledger unreachable', elementId: 'book' });
    expect(String(created[0]?.value['jobKey'])).toBe(job.key);

    expect(await activatableNow(t.zbc, 'inc-book')).toEqual([]);
    await t.zbc.cancelProcessInstance(pik);
  });

  it('ResolveIncident without new retries raises a new incident: the problem still exists', async () => {
    const { pik, job } = await failedWithoutRetries('inc-job', 'inc-book', 'still broken');
    const first = await activeIncident(pik);

    await t.zbc.resolveIncident({ incidentKey: first.key });

    const all = await eventually(async () => {
      const rows = await incidentsOf(pik);
      return rows.length === 2 ? rows : undefined;
    });
    expect(all.find((i) => i.key === first.key)?.state).toBe('RESOLVED');
    const second = all.find((i) => i.key !== first.key);
    expect(second).toMatchObject({ state: 'ACTIVE', errorType: 'JOB_NO_RETRIES', jobKey: job.key, elementId: 'book' });
    expect(await activatableNow(t.zbc, 'inc-book')).toEqual([]);
    await t.zbc.cancelProcessInstance(pik);
  });

  it('UpdateJobRetries + ResolveIncident makes the job activatable again and the instance can complete', async () => {
    const { pik, job } = await failedWithoutRetries('inc-job', 'inc-book', 'ledger unreachable');
    const incident = await activeIncident(pik);

    await t.zbc.updateJobRetries({ jobKey: job.key, retries: 3 });
    // Retries alone don't bring the job back; resolving the incident does.
    expect(await activatableNow(t.zbc, 'inc-book')).toEqual([]);
    await t.zbc.resolveIncident({ incidentKey: incident.key });

    const again = await takeJob(t.zbc, 'inc-book', { waitMs: 3_000 });
    expect(again.key).toBe(job.key);
    expect(again.retries).toBe(3);
    await t.zbc.completeJob({ jobKey: again.key, variables: { booked: true } });

    await completed(pik);
    expect((await incidentsOf(pik)).map((i) => i.state)).toEqual(['RESOLVED']);
    expect(await t.log.find({ processInstanceKey: pik, valueType: 'INCIDENT', intent: 'RESOLVED' })).toHaveLength(1);
  });
});

describe('condition incidents (docs.camunda.io "Incidents"; "Exclusive gateways")', () => {
  const gatewayProcess = (processId: string, withDefault: boolean, bigCondition: string): string =>
    bpmnXml(processId, {
      nodes: [
        startEvent('start'),
        exclusiveGateway('gw', withDefault ? { default: 'gw-to-small' } : {}),
        serviceTask('big', `${processId}-big`),
        serviceTask('small', `${processId}-small`),
        endEvent('end-big'),
        endEvent('end-small'),
      ],
      flows: [
        flow('start', 'gw'),
        flow('gw', 'big', { condition: bigCondition }),
        withDefault ? flow('gw', 'small') : flow('gw', 'small', { condition: '=amount < 10' }),
        flow('big', 'end-big'),
        flow('small', 'end-small'),
      ],
    });

  beforeAll(async () => {
    await deploy('inc-cond', gatewayProcess('inc-cond', false, '=amount > 100'));
    await deploy('inc-cond-type', gatewayProcess('inc-cond-type', true, '=decision'));
  });

  it('raises CONDITION_ERROR on the gateway when no condition is true and there is no default flow', async () => {
    const pik = await start('inc-cond', { amount: 50 });

    const incident = await activeIncident(pik);
    expect(incident.errorType).toBe('CONDITION_ERROR');
    expect(incident.elementId).toBe('gw');
    expect(incident.jobKey).toBe('-1');
    expect(await activatableNow(t.zbc, 'inc-cond-big')).toEqual([]);
    expect(await activatableNow(t.zbc, 'inc-cond-small')).toEqual([]);
  });

  it('continues on the right flow after SetVariables on the process instance and ResolveIncident', async () => {
    const pik = await start('inc-cond', { amount: 50 });
    const incident = await activeIncident(pik);

    await t.zbc.setVariables({ elementInstanceKey: pik, variables: { amount: 500 }, local: false });
    await t.zbc.resolveIncident({ incidentKey: incident.key });

    const job = await takeJob(t.zbc, 'inc-cond-big', { waitMs: 3_000 });
    expect(job.processInstanceKey).toBe(pik);
    expect(job.variables['amount']).toBe(500);
    expect(await activatableNow(t.zbc, 'inc-cond-small')).toEqual([]);
    expect((await incidentsOf(pik)).map((i) => i.state)).toEqual(['RESOLVED']);
    await t.zbc.completeJob({ jobKey: job.key, variables: {} });
    await completed(pik);
  });

  it('raises CONDITION_ERROR when a condition is not a boolean, even though a default flow exists', async () => {
    const pik = await start('inc-cond-type', { decision: 'approve' });

    const incident = await activeIncident(pik);
    expect(incident.errorType).toBe('CONDITION_ERROR');
    expect(incident.elementId).toBe('gw');
    expect(incident.errorMessage).toContain('BOOLEAN');
    expect(await activatableNow(t.zbc, 'inc-cond-type-small')).toEqual([]);
    expect(await activatableNow(t.zbc, 'inc-cond-type-big')).toEqual([]);
  });
});

describe('correlation key incidents (docs.camunda.io "Incidents"; "Messages")', () => {
  it('raises EXTRACT_VALUE_ERROR on a message catch event whose correlation key variable is missing; fixing it lets the message in', async () => {
    await deploy('inc-msg', line('inc-msg', messageCatch('paid', 'inc-payment-received', '=orderId')));
    const pik = await start('inc-msg', { customer: 'c-9' });

    const incident = await activeIncident(pik);
    expect(incident.errorType).toBe('EXTRACT_VALUE_ERROR');
    expect(incident.elementId).toBe('paid');

    await t.zbc.setVariables({ elementInstanceKey: pik, variables: { orderId: 'o-42' }, local: false });
    await t.zbc.resolveIncident({ incidentKey: incident.key });
    await eventually(async () => {
      const subs = await t.log.find({ processInstanceKey: pik, valueType: 'PROCESS_MESSAGE_SUBSCRIPTION', intent: 'CREATED' });
      return subs.length === 1 ? true : undefined;
    });
    await t.zbc.publishMessage({ name: 'inc-payment-received', correlationKey: 'o-42', variables: { paid: true }, timeToLive: 0 });
    await completed(pik);
  });
});

describe('ResolveIncident and CancelProcessInstance (gRPC reference; "Incidents")', () => {
  it('answers NOT_FOUND for an unknown incident, and for one already resolved', async () => {
    const unknown = await grpcError(t.zbc.resolveIncident({ incidentKey: UNKNOWN_KEY }));
    expect(unknown.code).toBe(Code.NOT_FOUND);
    expect(unknown.details).toContain(UNKNOWN_KEY);

    await deploy('inc-twice', line('inc-twice', serviceTask('task', 'inc-twice')));
    const { pik, job } = await failedWithoutRetries('inc-twice', 'inc-twice', 'broken');
    const incident = await activeIncident(pik);
    await t.zbc.updateJobRetries({ jobKey: job.key, retries: 1 });
    await t.zbc.resolveIncident({ incidentKey: incident.key });
    const again = await grpcError(t.zbc.resolveIncident({ incidentKey: incident.key }));
    expect(again.code).toBe(Code.NOT_FOUND);
    await t.zbc.cancelProcessInstance(pik);
  });

  it('resolves the incidents of an instance that is cancelled', async () => {
    await deploy('inc-cancel', line('inc-cancel', serviceTask('task', 'inc-cancel')));
    const { pik, job } = await failedWithoutRetries('inc-cancel', 'inc-cancel', 'give up');
    const incident = await activeIncident(pik);

    await t.zbc.cancelProcessInstance(pik);

    const rows = await eventually(async () => {
      const r = await incidentsOf(pik);
      return r.every((i) => i.state === 'RESOLVED') ? r : undefined;
    });
    expect(rows.map((i) => i.key)).toEqual([incident.key]);
    const resolved = await t.log.find({ processInstanceKey: pik, valueType: 'INCIDENT', intent: 'RESOLVED' });
    expect(resolved.map((r) => r.key)).toEqual([incident.key]);
    // The job went with the instance.
    expect((await grpcError(t.zbc.updateJobRetries({ jobKey: job.key, retries: 2 }))).code).toBe(Code.NOT_FOUND);
  });
});
