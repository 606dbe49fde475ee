// Incidents as a supervisor meets them: raised, seen in engine.incidents and the record log, fixed
// through zeebe-node (SetVariables, UpdateJobRetries, ResolveIncident), or cleared by cancelling.
// References: docs.camunda.io/docs/8.3/components/concepts/incidents/ ("Incidents"),
// docs.camunda.io/docs/8.3/apis-tools/grpc/ (FailJob, ResolveIncident, UpdateJobRetries),
// docs.camunda.io/docs/8.3/components/modeler/bpmn/exclusive-gateways/ and .../concepts/messages/.
import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JSONDoc, ZBClient } from 'zeebe-node';
import { activatableNow, activateOne, type StreamedJob } from '../support/activate.js';
import { bpmnXml, endEvent, exclusiveGateway, flow, line, messageCatch, serviceTask, startEvent } from '../support/bpmn.js';
import { eventually, startTestEngine, type TestEngine } from '../support/engine.js';
import { grpcFailure, instanceCompleted, RecordLog } from '../support/observe.js';

const NOT_FOUND = 5;
const UNKNOWN_KEY = String(2251799813685249n + 900_000_000n);

let t: TestEngine;
let zbc: ZBClient;
let log: RecordLog;
let sql: Sql;

beforeAll(async () => {
  t = await startTestEngine('incidents');
  zbc = t.client();
  log = new RecordLog(t.databaseUrl);
  sql = postgres(t.databaseUrl, { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  await sql?.end({ timeout: 2 });
  await log?.close();
  await t?.stop();
});

interface IncidentRow {
  readonly key: string;
  readonly errorType: string;
  readonly errorMessage: string;
  readonly state: string;
  readonly elementId: string;
  readonly elementInstanceKey: string;
  readonly jobKey: string;
}

/** The incidents of one instance as a supervisor's query sees them (engine.incidents, read-only). */
async function incidentsOf(processInstanceKey: string): Promise<IncidentRow[]> {
  const rows = await sql`
    select key, error_type, error_message, state, element_id, element_instance_key, job_key
    from engine.incidents where process_instance_key = ${processInstanceKey} order by key`;
  return rows.map((r) => ({
    key: String(r['key']),
    errorType: String(r['error_type']),
    errorMessage: String(r['error_message']),
    state: String(r['state']),
    elementId: String(r['element_id']),
    elementInstanceKey: String(r['element_instance_key']),
    jobKey: String(r['job_key']),
  }));
}

/** Waits until the instance has an ACTIVE incident and returns it. */
async function activeIncident(processInstanceKey: string): Promise<IncidentRow> {
  return eventually(
    async () => {
      const active = (await incidentsOf(processInstanceKey)).filter((i) => i.state === 'ACTIVE');
      return active.length === 1 ? active[0] : undefined;
    },
    5_000,
    `an active incident of instance ${processInstanceKey}`,
  );
}

async function completed(processInstanceKey: string): Promise<true> {
  return eventually(async () => (instanceCompleted(await log.instance(processInstanceKey)) ? true : undefined), 5_000, `instance ${processInstanceKey} to complete`);
}

async function deploy(processId: string, xml: string): Promise<void> {
  await zbc.deployResource({ name: `${processId}.bpmn`, process: Buffer.from(xml) });
}

async function start(processId: string, variables: JSONDoc = {}): Promise<string> {
  return (await zbc.createProcessInstance({ bpmnProcessId: processId, variables })).processInstanceKey;
}

/** An instance whose only job was failed with no retries left. */
async function failedWithoutRetries(processId: string, type: string, errorMessage: string): Promise<{ pik: string; job: StreamedJob }> {
  const pik = await start(processId);
  const job = await activateOne(zbc, type);
  expect(job.processInstanceKey).toBe(pik);
  await zbc.failJob({ jobKey: job.key, retries: 0, errorMessage, retryBackOff: 0 });
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

    const created = await log.find({ processInstanceKey: pik, valueType: 'INCIDENT', intent: 'CREATED' });
    expect(created).toHaveLength(1);
    expect(created[0]?.key).toBe(incident.key);
    expect(created[0]?.value).toMatchObject({ errorType: 'JOB_NO_RETRIES', errorMessage: 'ledger unreachable', elementId: 'book' });
    expect(String(created[0]?.value['jobKey'])).toBe(job.key);

    expect(await activatableNow(zbc, 'inc-book')).toEqual([]);
    await zbc.cancelProcessInstance(pik);
  });

  it('ResolveIncident without new retries raises a new incident: the problem still exists', async () => {
    const { pik, job } = await failedWithoutRetries('inc-job', 'inc-book', 'still broken');
    const first = await activeIncident(pik);

    await zbc.resolveIncident({ incidentKey: first.key });

    const all = await eventually(async () => {
      const rows = await incidentsOf(pik);
      return rows.length === 2 ? rows : undefined;
    });
    expect(all.find((i) => i.key === first.key)?.state).toBe('RESOLVED');
    const second = all.find((i) => i.key !== first.key);
    expect(second).toMatchObject({ state: 'ACTIVE', errorType: 'JOB_NO_RETRIES', jobKey: job.key, elementId: 'book' });
    expect(await activatableNow(zbc, 'inc-book')).toEqual([]);
    await zbc.cancelProcessInstance(pik);
  });

  it('UpdateJobRetries + ResolveIncident makes the job activatable again and the instance can complete', async () => {
    const { pik, job } = await failedWithoutRetries('inc-job', 'inc-book', 'ledger unreachable');
    const incident = await activeIncident(pik);

    await zbc.updateJobRetries({ jobKey: job.key, retries: 3 });
    // Retries alone don't bring the job back; resolving the incident does.
    expect(await activatableNow(zbc, 'inc-book')).toEqual([]);
    await zbc.resolveIncident({ incidentKey: incident.key });

    const again = await activateOne(zbc, 'inc-book', { waitMs: 3_000 });
    expect(again.key).toBe(job.key);
    expect(again.retries).toBe(3);
    await zbc.completeJob({ jobKey: again.key, variables: { booked: true } });

    await completed(pik);
    expect((await incidentsOf(pik)).map((i) => i.state)).toEqual(['RESOLVED']);
    expect(await log.find({ processInstanceKey: pik, valueType: 'INCIDENT', intent: 'RESOLVED' })).toHaveLength(1);
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
    expect(await activatableNow(zbc, 'inc-cond-big')).toEqual([]);
    expect(await activatableNow(zbc, 'inc-cond-small')).toEqual([]);
  });

  it('continues on the right flow after SetVariables on the process instance and ResolveIncident', async () => {
    const pik = await start('inc-cond', { amount: 50 });
    const incident = await activeIncident(pik);

    await zbc.setVariables({ elementInstanceKey: pik, variables: { amount: 500 }, local: false });
    await zbc.resolveIncident({ incidentKey: incident.key });

    const job = await activateOne(zbc, 'inc-cond-big', { waitMs: 3_000 });
    expect(job.processInstanceKey).toBe(pik);
    expect(job.variables['amount']).toBe(500);
    expect(await activatableNow(zbc, 'inc-cond-small')).toEqual([]);
    expect((await incidentsOf(pik)).map((i) => i.state)).toEqual(['RESOLVED']);
    await zbc.completeJob({ jobKey: job.key, variables: {} });
    await completed(pik);
  });

  it('raises CONDITION_ERROR when a condition is not a boolean, even though a default flow exists', async () => {
    const pik = await start('inc-cond-type', { decision: 'approve' });

    const incident = await activeIncident(pik);
    expect(incident.errorType).toBe('CONDITION_ERROR');
    expect(incident.elementId).toBe('gw');
    expect(incident.errorMessage).toContain('BOOLEAN');
    expect(await activatableNow(zbc, 'inc-cond-type-small')).toEqual([]);
    expect(await activatableNow(zbc, 'inc-cond-type-big')).toEqual([]);
  });
});

describe('correlation key incidents (docs.camunda.io "Incidents"; "Messages")', () => {
  it('raises EXTRACT_VALUE_ERROR on a message catch event whose correlation key variable is missing; fixing it lets the message in', async () => {
    await deploy('inc-msg', line('inc-msg', messageCatch('paid', 'inc-payment-received', '=orderId')));
    const pik = await start('inc-msg', { customer: 'c-9' });

    const incident = await activeIncident(pik);
    expect(incident.errorType).toBe('EXTRACT_VALUE_ERROR');
    expect(incident.elementId).toBe('paid');

    await zbc.setVariables({ elementInstanceKey: pik, variables: { orderId: 'o-42' }, local: false });
    await zbc.resolveIncident({ incidentKey: incident.key });
    await eventually(async () => {
      const subs = await log.find({ processInstanceKey: pik, valueType: 'PROCESS_MESSAGE_SUBSCRIPTION', intent: 'CREATED' });
      return subs.length === 1 ? true : undefined;
    });
    await zbc.publishMessage({ name: 'inc-payment-received', correlationKey: 'o-42', variables: { paid: true }, timeToLive: 0 });
    await completed(pik);
  });
});

describe('ResolveIncident and CancelProcessInstance (gRPC reference; "Incidents")', () => {
  it('answers NOT_FOUND for an unknown incident, and for one already resolved', async () => {
    const unknown = await grpcFailure(zbc.resolveIncident({ incidentKey: UNKNOWN_KEY }));
    expect(unknown.code).toBe(NOT_FOUND);
    expect(unknown.details).toContain(UNKNOWN_KEY);

    await deploy('inc-twice', line('inc-twice', serviceTask('task', 'inc-twice')));
    const { pik, job } = await failedWithoutRetries('inc-twice', 'inc-twice', 'broken');
    const incident = await activeIncident(pik);
    await zbc.updateJobRetries({ jobKey: job.key, retries: 1 });
    await zbc.resolveIncident({ incidentKey: incident.key });
    const again = await grpcFailure(zbc.resolveIncident({ incidentKey: incident.key }));
    expect(again.code).toBe(NOT_FOUND);
    await zbc.cancelProcessInstance(pik);
  });

  it('resolves the incidents of an instance that is cancelled', async () => {
    await deploy('inc-cancel', line('inc-cancel', serviceTask('task', 'inc-cancel')));
    const { pik, job } = await failedWithoutRetries('inc-cancel', 'inc-cancel', 'give up');
    const incident = await activeIncident(pik);

    await zbc.cancelProcessInstance(pik);

    const rows = await eventually(async () => {
      const r = await incidentsOf(pik);
      return r.every((i) => i.state === 'RESOLVED') ? r : undefined;
    });
    expect(rows.map((i) => i.key)).toEqual([incident.key]);
    const resolved = await log.find({ processInstanceKey: pik, valueType: 'INCIDENT', intent: 'RESOLVED' });
    expect(resolved.map((r) => r.key)).toEqual([incident.key]);
    // The job went with the instance.
    expect((await grpcFailure(zbc.updateJobRetries({ jobKey: job.key, retries: 2 }))).code).toBe(NOT_FOUND);
  });
});
