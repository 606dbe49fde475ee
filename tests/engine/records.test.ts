// The record log (engine.md, "Record log"): every event the engine applies, appended to
// engine.records with the value types, intents and value fields of Zeebe's protocol — what a
// supervisor traces a case with and what an auditor reads. Expectations from
// docs.camunda.io/docs/components/zeebe/technical-concepts/internal-processing/ (commands,
// events and rejections; "records are written to the log in order") and
// docs.camunda.io/docs/components/zeebe/technical-concepts/process-lifecycles/ (the element
// lifecycle: ACTIVATING → ACTIVATED → COMPLETING → COMPLETED, sequence flows taken between).
import { beforeAll, describe, expect, it } from 'vitest';
import { line, serviceTask } from '../support/bpmn.js';
import { Code, FIRST_KEY, grpcError } from '../support/gateway.js';
import { activateJobs, takeJob } from '../support/jobs.js';
import { engineSuite } from '../support/suite.js';

const t = engineSuite('records');

interface RecordRow {
  position: string;
  key: string;
  timestamp: string;
  record_type: string;
  value_type: string;
  intent: string;
  process_instance_key: string | null;
  value: Record<string, unknown>;
}

beforeAll(async () => {
  await t.deploy('rec-simple', line('rec-simple', serviceTask('work', 'rec-work')));
  await t.deploy('rec-incident', line('rec-incident', serviceTask('fragile', 'rec-fragile')));
  await t.deploy('rec-tx', line('rec-tx', serviceTask('step', 'rec-tx-work')));
});

async function recordsOf(processInstanceKey: string): Promise<RecordRow[]> {
  return t.sql<RecordRow[]>`
    select position::text, key::text, timestamp::text, record_type, value_type, intent, process_instance_key::text, value
    from engine.record_log r where r.process_instance_key = ${processInstanceKey} order by r.position`;
}

/** The value's key field as the wire string (jsonb numbers below 2^53 are exact). */
const k = (v: unknown): string => String(v);

const label = (r: RecordRow): string =>
  r.value_type === 'PROCESS_INSTANCE' ? `${String(r.value['bpmnElementType'])}:${r.intent}` : `${r.value_type}:${r.intent}`;

describe('a simple flow in the record log', () => {
  let pi = '';
  let records: RecordRow[] = [];
  let jobKey = '';
  let taskInstanceKey = '';
  let definitionKey = '';

  beforeAll(async () => {
    const created = await t.zbc.createProcessInstance({ bpmnProcessId: 'rec-simple', variables: { amount: 10, applicant: 'Ann' } });
    pi = created.processInstanceKey;
    definitionKey = created.processDefinitionKey;
    const job = await takeJob(t.zbc, 'rec-work', { worker: 'test-worker' });
    jobKey = job.key;
    taskInstanceKey = job.elementInstanceKey;
    await t.zbc.completeJob({ jobKey: job.key, variables: { amount: 20, approved: true } });
    records = await recordsOf(pi);
  });

  // process-lifecycles + internal-processing: Zeebe's own order of events for start → task → end.
  it('has the PROCESS_INSTANCE and JOB events in Zeebe order', () => {
    const events = records.filter((r) => r.value_type === 'PROCESS_INSTANCE' || r.value_type === 'JOB').map(label);
    expect(events).toEqual([
      'PROCESS:ELEMENT_ACTIVATING',
      'PROCESS:ELEMENT_ACTIVATED',
      'START_EVENT:ELEMENT_ACTIVATING',
      'START_EVENT:ELEMENT_ACTIVATED',
      'START_EVENT:ELEMENT_COMPLETING',
      'START_EVENT:ELEMENT_COMPLETED',
      'SEQUENCE_FLOW:SEQUENCE_FLOW_TAKEN',
      'SERVICE_TASK:ELEMENT_ACTIVATING',
      'SERVICE_TASK:ELEMENT_ACTIVATED',
      'JOB:CREATED',
      'JOB:COMPLETED',
      'SERVICE_TASK:ELEMENT_COMPLETING',
      'SERVICE_TASK:ELEMENT_COMPLETED',
      'SEQUENCE_FLOW:SEQUENCE_FLOW_TAKEN',
      'END_EVENT:ELEMENT_ACTIVATING',
      'END_EVENT:ELEMENT_ACTIVATED',
      'END_EVENT:ELEMENT_COMPLETING',
      'END_EVENT:ELEMENT_COMPLETED',
      'PROCESS:ELEMENT_COMPLETING',
      'PROCESS:ELEMENT_COMPLETED',
    ]);
  });

  it('has strictly increasing positions, non-decreasing timestamps, and only EVENT records', () => {
    expect(records.length).toBeGreaterThan(20);
    for (let i = 1; i < records.length; i++) {
      const prev = records[i - 1] as RecordRow;
      const cur = records[i] as RecordRow;
      expect(BigInt(cur.position)).toBeGreaterThan(BigInt(prev.position));
      expect(BigInt(cur.timestamp)).toBeGreaterThanOrEqual(BigInt(prev.timestamp));
    }
    expect(new Set(records.map((r) => r.record_type))).toEqual(new Set(['EVENT']));
  });

  it('uses Zeebe-format keys, and the keys on the wire are the keys in the log', () => {
    expect(BigInt(pi)).toBeGreaterThanOrEqual(FIRST_KEY);
    for (const r of records) expect(BigInt(r.key)).toBeGreaterThanOrEqual(FIRST_KEY);
    // The process instance key is the key of the PROCESS element's records…
    const processRecords = records.filter((r) => r.value_type === 'PROCESS_INSTANCE' && r.value['bpmnElementType'] === 'PROCESS');
    expect(processRecords.map((r) => r.key)).toEqual([pi, pi, pi, pi]);
    // …the job's element instance key is the key of the task's records, the job key the JOB records'.
    const taskRecords = records.filter((r) => r.value['bpmnElementType'] === 'SERVICE_TASK');
    expect(new Set(taskRecords.map((r) => r.key))).toEqual(new Set([taskInstanceKey]));
    const jobRecords = records.filter((r) => r.value_type === 'JOB');
    expect(new Set(jobRecords.map((r) => r.key))).toEqual(new Set([jobKey]));
    expect(BigInt(jobKey)).toBeGreaterThanOrEqual(FIRST_KEY);
  });

  it('gives every PROCESS_INSTANCE record the fields of a Zeebe ProcessInstanceRecord', () => {
    const elementIds: Record<string, string> = { PROCESS: 'rec-simple', START_EVENT: 'start', SERVICE_TASK: 'work', END_EVENT: 'end' };
    const pis = records.filter((r) => r.value_type === 'PROCESS_INSTANCE');
    for (const r of pis) {
      const type = String(r.value['bpmnElementType']);
      expect(r.process_instance_key).toBe(pi);
      expect(r.value).toMatchObject({ bpmnProcessId: 'rec-simple', version: 1 });
      expect(k(r.value['processInstanceKey'])).toBe(pi);
      expect(k(r.value['processDefinitionKey'])).toBe(definitionKey);
      expect(k(r.value['flowScopeKey'])).toBe(type === 'PROCESS' ? '-1' : pi);
      if (type === 'SEQUENCE_FLOW') expect(['start-to-work', 'work-to-end']).toContain(r.value['elementId']);
      else expect(r.value['elementId']).toBe(elementIds[type]);
    }
    const flows = pis.filter((r) => r.intent === 'SEQUENCE_FLOW_TAKEN').map((r) => r.value['elementId']);
    expect(flows).toEqual(['start-to-work', 'work-to-end']);
  });

  it('records VARIABLE CREATED and UPDATED with the name, JSON value and scope', () => {
    const variables = records
      .filter((r) => r.value_type === 'VARIABLE')
      .map((r) => ({
        intent: r.intent,
        name: r.value['name'],
        value: JSON.parse(String(r.value['value'])) as unknown,
        scopeKey: k(r.value['scopeKey']),
        processInstanceKey: k(r.value['processInstanceKey']),
      }));
    expect(variables).toEqual([
      { intent: 'CREATED', name: 'amount', value: 10, scopeKey: pi, processInstanceKey: pi },
      { intent: 'CREATED', name: 'applicant', value: 'Ann', scopeKey: pi, processInstanceKey: pi },
      { intent: 'UPDATED', name: 'amount', value: 20, scopeKey: pi, processInstanceKey: pi },
      { intent: 'CREATED', name: 'approved', value: true, scopeKey: pi, processInstanceKey: pi },
    ]);
    // Variables are written when they change: the VARIABLE UPDATED lies between JOB COMPLETED
    // and the task's ELEMENT_COMPLETED.
    const pos = (pred: (r: RecordRow) => boolean): bigint => BigInt(records.find(pred)?.position ?? '-1');
    const updated = pos((r) => r.value_type === 'VARIABLE' && r.intent === 'UPDATED');
    expect(updated).toBeGreaterThan(pos((r) => r.value_type === 'JOB' && r.intent === 'COMPLETED'));
    expect(updated).toBeLessThan(pos((r) => r.value['bpmnElementType'] === 'SERVICE_TASK' && r.intent === 'ELEMENT_COMPLETED'));
  });

  it('records JOB CREATED and COMPLETED with the job type, element, instance and worker', () => {
    const jobs = records.filter((r) => r.value_type === 'JOB');
    const [created, completed] = jobs;
    expect(created?.value).toMatchObject({ type: 'rec-work', retries: 3, elementId: 'work', bpmnProcessId: 'rec-simple', processDefinitionVersion: 1 });
    expect(k(created?.value['elementInstanceKey'])).toBe(taskInstanceKey);
    expect(k(created?.value['processInstanceKey'])).toBe(pi);
    expect(completed?.value).toMatchObject({ type: 'rec-work', elementId: 'work', worker: 'test-worker', variables: { amount: 20, approved: true } });
  });
});

// concepts/incidents: a job failed with no retries left raises JOB_NO_RETRIES; UpdateJobRetries
// and ResolveIncident resolve it.
describe('incidents in the record log', () => {
  it('records JOB FAILED, INCIDENT CREATED, RETRIES_UPDATED and INCIDENT RESOLVED with the incident fields', async () => {
    const created = await t.zbc.createProcessInstance({ bpmnProcessId: 'rec-incident', variables: {} });
    const pi = created.processInstanceKey;
    const job = await takeJob(t.zbc, 'rec-fragile');
    await t.zbc.failJob({ jobKey: job.key, retries: 0, errorMessage: 'the printer is on fire', retryBackOff: 0 });
    const incident = (await recordsOf(pi)).find((r) => r.value_type === 'INCIDENT' && r.intent === 'CREATED');
    expect(incident?.value).toMatchObject({ errorType: 'JOB_NO_RETRIES', errorMessage: 'the printer is on fire', elementId: 'fragile', bpmnProcessId: 'rec-incident' });
    expect(k(incident?.value['jobKey'])).toBe(job.key);
    expect(k(incident?.value['elementInstanceKey'])).toBe(job.elementInstanceKey);
    expect(k(incident?.value['processInstanceKey'])).toBe(pi);
    const incidentKey = incident?.key ?? '';
    expect(BigInt(incidentKey)).toBeGreaterThanOrEqual(FIRST_KEY);

    await t.zbc.updateJobRetries({ jobKey: job.key, retries: 2 });
    await t.zbc.resolveIncident({ incidentKey });
    const retried = await takeJob(t.zbc, 'rec-fragile');
    expect(retried.key).toBe(job.key);
    await t.zbc.completeJob({ jobKey: retried.key, variables: {} });

    const records = await recordsOf(pi);
    const trail = records.filter((r) => r.value_type === 'JOB' || r.value_type === 'INCIDENT').map(label);
    expect(trail).toEqual(['JOB:CREATED', 'JOB:FAILED', 'INCIDENT:CREATED', 'JOB:RETRIES_UPDATED', 'INCIDENT:RESOLVED', 'JOB:COMPLETED']);
    const resolved = records.find((r) => r.value_type === 'INCIDENT' && r.intent === 'RESOLVED');
    expect(resolved?.key).toBe(incidentKey);
    expect(resolved?.value).toMatchObject({ errorType: 'JOB_NO_RETRIES', elementId: 'fragile' });
    expect(records.at(-1)).toMatchObject({ value_type: 'PROCESS_INSTANCE', intent: 'ELEMENT_COMPLETED', key: pi });
  });
});

// internal-processing ("Commands … if a command cannot be processed, a command rejection is
// written"): a rejection record has recordType COMMAND_REJECTION, the valueType and intent of the
// command that was rejected, and its rejection type and reason.
describe('rejected commands', () => {
  async function rejectionsMentioning(text: string): Promise<RecordRow[]> {
    return t.sql<RecordRow[]>`
      select position::text, key::text, timestamp::text, record_type, value_type, intent, process_instance_key::text, value
      from engine.records r where r.record_type = 'COMMAND_REJECTION' and r.value::text like ${`%${text}%`} order by r.position`;
  }

  it('writes a COMMAND_REJECTION record for a CompleteJob of an unknown job', async () => {
    const unknown = (FIRST_KEY + 123_456_789n).toString();
    const failure = await grpcError(t.zbc.completeJob({ jobKey: unknown, variables: {} }));
    expect(failure.code).toBe(Code.NOT_FOUND);
    const [rejection] = await rejectionsMentioning(unknown);
    expect(rejection).toMatchObject({ record_type: 'COMMAND_REJECTION', value_type: 'JOB', intent: 'COMPLETE', key: unknown });
    expect(rejection?.value).toMatchObject({ rejectionType: 'NOT_FOUND' });
    expect(String(rejection?.value['rejectionReason'])).toContain(unknown);
  });

  it('writes a COMMAND_REJECTION record for a CancelProcessInstance of an unknown instance', async () => {
    const unknown = (FIRST_KEY + 223_456_789n).toString();
    const failure = await grpcError(t.zbc.cancelProcessInstance(unknown));
    expect(failure.code).toBe(Code.NOT_FOUND);
    const [rejection] = await rejectionsMentioning(unknown);
    expect(rejection).toMatchObject({ record_type: 'COMMAND_REJECTION', value_type: 'PROCESS_INSTANCE', intent: 'CANCEL', key: unknown });
    expect(rejection?.value).toMatchObject({ rejectionType: 'NOT_FOUND' });
  });

  it('writes a COMMAND_REJECTION record for an invalid deployment', async () => {
    const failure = await grpcError(t.zbc.deployResource({ name: 'rejected-model.bpmn', process: Buffer.from(line('rejected-model', serviceTask('t', ''))) }));
    expect(failure.code).toBe(Code.INVALID_ARGUMENT);
    const [rejection] = await rejectionsMentioning('rejected-model.bpmn');
    expect(rejection).toMatchObject({ record_type: 'COMMAND_REJECTION', value_type: 'DEPLOYMENT', intent: 'CREATE' });
    expect(rejection?.value).toMatchObject({ rejectionType: 'INVALID_ARGUMENT' });
  });
});

// engine.md "Record log" ("appended, in the same transaction") and "Durable before acknowledged":
// a reader never sees the state without its records or the records without the state.
describe('records and state are written together', () => {
  it('never shows a completed instance or job without its records, nor records without the state', async () => {
    const consistency = async (): Promise<{ stateMismatch: number; orphanRecords: number; jobMismatch: number }> => {
      // One statement: one snapshot of both tables.
      const [row] = await t.sql<{ state_mismatch: string; orphan_records: string; job_mismatch: string }[]>`
        select
          (select count(*) from engine.process_instances p
             where p.bpmn_process_id = 'rec-tx'
               and (p.state = 'COMPLETED') <> exists (
                 select 1 from engine.records r
                 where r.process_instance_key = p.key and r.key = p.key and r.value_type = 'PROCESS_INSTANCE' and r.intent = 'ELEMENT_COMPLETED'))::text
            as state_mismatch,
          (select count(*) from engine.records r
             where r.value_type = 'PROCESS_INSTANCE' and r.intent = 'ELEMENT_ACTIVATING' and r.value->>'bpmnProcessId' = 'rec-tx'
               and r.value->>'bpmnElementType' = 'PROCESS'
               and not exists (select 1 from engine.process_instances p where p.key = r.key))::text
            as orphan_records,
          (select count(*) from engine.records c
             where c.value_type = 'JOB' and c.intent = 'CREATED' and c.value->>'type' = 'rec-tx-work'
               and exists (select 1 from engine.jobs j where j.key = c.key)
                 = exists (select 1 from engine.records d where d.key = c.key and d.value_type = 'JOB' and d.intent = 'COMPLETED'))::text
            as job_mismatch`;
      return { stateMismatch: Number(row?.state_mismatch), orphanRecords: Number(row?.orphan_records), jobMismatch: Number(row?.job_mismatch) };
    };

    let polling = true;
    let polls = 0;
    const seen: string[] = [];
    const poller = (async () => {
      while (polling) {
        const c = await consistency();
        polls++;
        if (c.stateMismatch + c.orphanRecords + c.jobMismatch > 0) seen.push(JSON.stringify(c));
      }
    })();

    const count = 20;
    const created = await Promise.all(Array.from({ length: count }, (_, i) => t.zbc.createProcessInstance({ bpmnProcessId: 'rec-tx', variables: { n: i } })));
    let done = 0;
    while (done < count) {
      const { jobs } = await activateJobs(t.zbc, { type: 'rec-tx-work', maxJobsToActivate: count, requestTimeout: 2_000 });
      await Promise.all(
        jobs.map(async (job) => {
          await t.zbc.completeJob({ jobKey: job.key, variables: { done: true } });
          // Acknowledged means committed: the state and its records are both there now.
          const [row] = await t.sql<{ state: string; completed: boolean }[]>`
            select p.state, exists (select 1 from engine.records r where r.key = p.key and r.intent = 'ELEMENT_COMPLETED') as completed
            from engine.process_instances p where p.key = ${job.processInstanceKey}`;
          expect(row).toEqual({ state: 'COMPLETED', completed: true });
        }),
      );
      done += jobs.length;
    }
    polling = false;
    await poller;

    expect(seen).toEqual([]);
    expect(polls).toBeGreaterThan(2);
    const states = await t.sql<{ state: string }[]>`select state from engine.process_instances where bpmn_process_id = 'rec-tx'`;
    expect(states.map((s) => s.state)).toEqual(created.map(() => 'COMPLETED'));
    expect(await consistency()).toEqual({ stateMismatch: 0, orphanRecords: 0, jobMismatch: 0 });
  });
});
