// Multi-instance activities: 会签 (countersign — every approver signs, in parallel), sequential
// reviews, 或签 (any-sign — the first approval decides, via the completion condition), output
// collections, and how the multi-instance body shows up to a supervisor (records, incidents,
// boundary events). Driven through zeebe-node as a worker author would.
// Reference: docs.camunda.io/docs/8.3/components/modeler/bpmn/multi-instance/ ("Multi-instance":
// Sequential vs. parallel, Defining the collection to iterate over, Completion condition,
// Collecting the output, Boundary events, Variable mappings, Additional variables) and
// docs.camunda.io/docs/8.3/components/concepts/variables/ (local variables via input mappings).
import { describe, expect, it } from 'vitest';
import { bpmnXml, endEvent, errorBoundary, flow, line, serviceTask, startEvent, subProcess, timerBoundary, userTask } from '../support/bpmn.js';
import { Code, grpcError } from '../support/gateway.js';
import { activatableNow, type ActivatedJob, takeJob, takeJobs } from '../support/jobs.js';
import { elementRecords, type EngineRecord, instanceCompleted } from '../support/records.js';
import { engineSuite } from '../support/suite.js';
import { eventually, quiet } from '../support/wait.js';

const t = engineSuite('multi-instance');
const { deploy, start, completed, complete } = t;

const USER_TASK = 'io.camunda.zeebe:userTask';

/** `count` user task jobs of one instance (user task jobs share one type across the file). */
async function userTaskJobs(processInstanceKey: string, count: number): Promise<ActivatedJob[]> {
  const mine: ActivatedJob[] = [];
  const until = Date.now() + 5_000;
  while (mine.length < count) {
    if (Date.now() > until) throw new Error(`Expected ${count} user task jobs of instance ${processInstanceKey}, got ${mine.length}`);
    const got = await takeJobs(t.zbc, USER_TASK, 1, { waitMs: Math.max(until - Date.now(), 1) });
    mine.push(...got.filter((j) => j.processInstanceKey === processInstanceKey));
  }
  return mine;
}

/** The jobs of `type` activatable right now (activating them), after a short quiet period. */
async function nothingActivatable(type: string): Promise<void> {
  await quiet();
  expect(await activatableNow(t.zbc, type)).toEqual([]);
}

function byVar(jobs: readonly ActivatedJob[], name: string): Map<unknown, ActivatedJob> {
  return new Map(jobs.map((j) => [j.variables[name], j]));
}

/** The MULTI_INSTANCE_BODY record of `elementId` with `intent`, exactly one. */
function bodyRecord(records: readonly EngineRecord[], elementId: string, intent: string): EngineRecord {
  const found = elementRecords(records, elementId, intent).filter((r) => r.value['bpmnElementType'] === 'MULTI_INSTANCE_BODY');
  expect(found).toHaveLength(1);
  return found[0] as EngineRecord;
}

function innerRecords(records: readonly EngineRecord[], elementId: string, intent: string): EngineRecord[] {
  return elementRecords(records, elementId, intent).filter((r) => r.value['bpmnElementType'] !== 'MULTI_INSTANCE_BODY');
}

// docs.camunda.io/docs/8.3/components/modeler/bpmn/multi-instance/ — "Sequential vs. parallel",
// "Defining the collection to iterate over", "Additional variables" (loopCounter).
describe('parallel multi-instance: 会签 (countersign by every approver)', () => {
  it('creates one user task job per approver at once, each with its own approver and 1-based loopCounter, and moves on only after all have signed', async () => {
    await deploy(
      'mi-countersign',
      line(
        'mi-countersign',
        userTask('countersign', { assignee: '=approver', multiInstance: { inputCollection: '=approvers', inputElement: 'approver' } }),
        serviceTask('after-countersign', 'mi-after-countersign'),
      ),
    );
    const pik = await start('mi-countersign', { approvers: ['alice', 'bob', 'carol'], caseNo: 'HZ-001' });

    const jobs = await userTaskJobs(pik, 3);
    const byApprover = byVar(jobs, 'approver');
    expect([...byApprover.keys()].sort()).toEqual(['alice', 'bob', 'carol']);
    expect(byApprover.get('alice')?.variables['loopCounter']).toBe(1);
    expect(byApprover.get('bob')?.variables['loopCounter']).toBe(2);
    expect(byApprover.get('carol')?.variables['loopCounter']).toBe(3);
    for (const j of jobs) {
      expect(j.elementId).toBe('countersign');
      expect(j.variables['caseNo']).toBe('HZ-001');
      // The assignee expression is evaluated per inner instance, with its own input element.
      expect(j.customHeaders['io.camunda.zeebe:assignee']).toBe(j.variables['approver']);
    }
    expect(new Set(jobs.map((j) => j.elementInstanceKey)).size).toBe(3);

    await complete(byApprover.get('bob') as ActivatedJob);
    await complete(byApprover.get('alice') as ActivatedJob);
    await nothingActivatable('mi-after-countersign');

    await complete(byApprover.get('carol') as ActivatedJob);
    const after = await takeJob(t.zbc, 'mi-after-countersign');
    expect(after.processInstanceKey).toBe(pik);
    // The input element and the loop counter are local to the inner instances.
    expect(after.variables).not.toHaveProperty('approver');
    expect(after.variables).not.toHaveProperty('loopCounter');
    await complete(after);
    await completed(pik);
  });

  // "Collecting the output": outputCollection is filled at the index of each item, whatever
  // order the instances complete in; the outputElement is best made local via an input mapping.
  it('collects each outputElement into the outputCollection in item order, even when approvers sign out of order', async () => {
    await deploy(
      'mi-collect',
      line(
        'mi-collect',
        userTask('countersign', {
          inputs: { decision: '=null' },
          multiInstance: { inputCollection: '=approvers', inputElement: 'approver', outputCollection: 'results', outputElement: '={approver: approver, decision: decision}' },
        }),
      ),
    );
    const pik = await start('mi-collect', { approvers: ['alice', 'bob', 'carol'] });
    const byApprover = byVar(await userTaskJobs(pik, 3), 'approver');

    await complete(byApprover.get('carol') as ActivatedJob, { decision: 'approve' });
    await complete(byApprover.get('alice') as ActivatedJob, { decision: 'approve' });
    await complete(byApprover.get('bob') as ActivatedJob, { decision: 'reject' });
    await completed(pik);

    expect(await t.log.variable(pik, 'results')).toEqual([
      { approver: 'alice', decision: 'approve' },
      { approver: 'bob', decision: 'reject' },
      { approver: 'carol', decision: 'approve' },
    ]);
    // Each decision stayed in its inner instance (input mapping → local variable).
    expect(await t.log.variable(pik, 'decision')).toBeUndefined();
  });

  // "If the expression only accesses a variable or a nested property, it's created as a local
  // variable of the instance … it is not propagated to its parent scope … If the outputElement
  // variable is not updated, null is inserted instead."
  it('an outputElement naming a variable makes that variable local to each instance: results fill the collection, nothing leaks, a missing result is null', async () => {
    await deploy(
      'mi-local-output',
      line('mi-local-output', serviceTask('assess', 'mi-local-output', { multiInstance: { inputCollection: '=items', inputElement: 'item', outputCollection: 'results', outputElement: '=result' } })),
    );
    const pik = await start('mi-local-output', { items: ['a', 'b', 'c'] });
    const byItem = byVar(await takeJobs(t.zbc, 'mi-local-output', 3), 'item');
    await complete(byItem.get('c') as ActivatedJob, { result: 'C' });
    await complete(byItem.get('a') as ActivatedJob, { result: 'A' });
    await complete(byItem.get('b') as ActivatedJob);
    await completed(pik);
    expect(await t.log.variable(pik, 'results')).toEqual(['A', null, 'C']);
    expect(await t.log.variable(pik, 'result')).toBeUndefined();
    // Each job saw its own (null) result, created local at the instance's activation.
    for (const j of byItem.values()) expect(j.variables['result']).toBeNull();
  });
});

// docs.camunda.io/docs/8.3/components/modeler/bpmn/multi-instance/ — "Sequential vs. parallel":
// a sequential multi-instance creates the next instance only when the previous one completed.
describe('sequential multi-instance', () => {
  it('hands out one job at a time, in the order of the input collection', async () => {
    await deploy('mi-sequential', line('mi-sequential', serviceTask('expert-review', 'mi-seq-review', { multiInstance: { sequential: true, inputCollection: '=experts', inputElement: 'expert' } })));
    const experts = ['zhang', 'li', 'wang'];
    const pik = await start('mi-sequential', { experts });

    for (const [i, expert] of experts.entries()) {
      const jobs = await eventually(async () => {
        const now = await activatableNow(t.zbc, 'mi-seq-review');
        return now.length > 0 ? now : undefined;
      }, 5_000, `review job #${i + 1}`);
      expect(jobs).toHaveLength(1);
      expect(jobs[0]?.variables['expert']).toBe(expert);
      expect(jobs[0]?.variables['loopCounter']).toBe(i + 1);
      await t.zbc.completeJob({ jobKey: jobs[0]?.key ?? '', variables: {} });
    }
    const records = await completed(pik);
    expect(innerRecords(records, 'expert-review', 'ELEMENT_COMPLETED')).toHaveLength(3);
  });
});

// docs.camunda.io/docs/8.3/components/modeler/bpmn/multi-instance/ — "Completion condition":
// evaluated each time an instance completes; when true, the remaining instances are terminated
// and the multi-instance body completes. numberOfCompletedInstances etc. are available there.
describe('completion condition: 或签 (any-sign)', () => {
  it('the first approving completion ends the body; the other chiefs\' jobs are canceled', async () => {
    await deploy(
      'mi-any-sign',
      line(
        'mi-any-sign',
        serviceTask('any-sign', 'mi-any-sign', { multiInstance: { inputCollection: '=chiefs', inputElement: 'chief', completionCondition: '=decision = "approve"' } }),
        serviceTask('after-any-sign', 'mi-after-any-sign'),
      ),
    );
    const pik = await start('mi-any-sign', { chiefs: ['chen', 'zhou', 'sun'] });
    const byChief = byVar(await takeJobs(t.zbc, 'mi-any-sign', 3), 'chief');

    await complete(byChief.get('chen') as ActivatedJob, { decision: 'reject' });
    await nothingActivatable('mi-after-any-sign');

    await complete(byChief.get('zhou') as ActivatedJob, { decision: 'approve' });
    const after = await takeJob(t.zbc, 'mi-after-any-sign');
    expect(after.processInstanceKey).toBe(pik);

    // sun's job was canceled with its inner instance: a late completion is NOT_FOUND.
    expect((await grpcError(complete(byChief.get('sun') as ActivatedJob))).code).toBe(Code.NOT_FOUND);
    const records = await t.log.instance(pik);
    expect(innerRecords(records, 'any-sign', 'ELEMENT_COMPLETED')).toHaveLength(2);
    const terminated = innerRecords(records, 'any-sign', 'ELEMENT_TERMINATED');
    expect(terminated.map((r) => r.key)).toEqual([byChief.get('sun')?.elementInstanceKey]);
    bodyRecord(records, 'any-sign', 'ELEMENT_COMPLETED');
    await complete(after);
    await completed(pik);
  });

  it('numberOfCompletedInstances: two of three signatures suffice; the output collection keeps null for the canceled one', async () => {
    await deploy(
      'mi-two-of-three',
      line(
        'mi-two-of-three',
        serviceTask('sign', 'mi-two-of-three', {
          multiInstance: {
            inputCollection: '=signers',
            inputElement: 'signer',
            outputCollection: 'signatures',
            outputElement: '="signed by " + signer',
            completionCondition: '=numberOfCompletedInstances >= 2',
          },
        }),
      ),
    );
    const pik = await start('mi-two-of-three', { signers: ['a', 'b', 'c'] });
    const bySigner = byVar(await takeJobs(t.zbc, 'mi-two-of-three', 3), 'signer');
    await complete(bySigner.get('c') as ActivatedJob);
    await complete(bySigner.get('a') as ActivatedJob);
    await completed(pik);
    expect(await t.log.variable(pik, 'signatures')).toEqual(['signed by a', null, 'signed by c']);
    expect((await grpcError(complete(bySigner.get('b') as ActivatedJob))).code).toBe(Code.NOT_FOUND);
  });
});

// docs.camunda.io/docs/8.3/components/modeler/bpmn/multi-instance/ — "Defining the collection to
// iterate over": an empty collection completes the body at once; a value that is not an array
// is an incident on the multi-instance body (docs …/concepts/incidents/: resolve after fixing
// the variables).
describe('the input collection', () => {
  it('an empty collection completes the multi-instance body at once, without any inner instance, with an empty output collection', async () => {
    await deploy(
      'mi-empty',
      line('mi-empty', serviceTask('check', 'mi-empty-check', { multiInstance: { inputCollection: '=items', inputElement: 'item', outputCollection: 'checks', outputElement: '=check' } })),
    );
    const result = await t.zbc.createProcessInstanceWithResult({ bpmnProcessId: 'mi-empty', variables: { items: [] }, requestTimeout: 5_000 });
    // "If the inputCollection value is empty, an empty array is propagated as outputCollection."
    expect(result.variables).toEqual({ items: [], checks: [] });
    const records = await t.log.instance(result.processInstanceKey);
    expect(instanceCompleted(records)).toBe(true);
    bodyRecord(records, 'check', 'ELEMENT_COMPLETED');
    expect(innerRecords(records, 'check', 'ELEMENT_ACTIVATING')).toEqual([]);
    expect(await activatableNow(t.zbc, 'mi-empty-check')).toEqual([]);
  });

  it('a collection that is not a list raises EXTRACT_VALUE_ERROR on the body; SetVariables + ResolveIncident continue', async () => {
    await deploy('mi-not-a-list', line('mi-not-a-list', serviceTask('countersign', 'mi-not-a-list', { multiInstance: { inputCollection: '=approvers', inputElement: 'approver' } })));
    const pik = await start('mi-not-a-list', { approvers: 'alice' });

    const incident = await eventually(
      async () => (await t.log.find({ processInstanceKey: pik, valueType: 'INCIDENT', intent: 'CREATED' }))[0],
      5_000,
      'an incident',
    );
    const body = bodyRecord(await t.log.instance(pik), 'countersign', 'ELEMENT_ACTIVATING');
    expect(incident.value).toMatchObject({ errorType: 'EXTRACT_VALUE_ERROR', elementId: 'countersign' });
    expect(String(incident.value['elementInstanceKey'])).toBe(body.key);
    expect(String(incident.value['errorMessage'])).toContain('ARRAY');
    const rows = await t.sql`select error_type, element_id, element_instance_key, state from engine.incidents where key = ${incident.key}`;
    expect(rows[0]).toMatchObject({ error_type: 'EXTRACT_VALUE_ERROR', element_id: 'countersign', state: 'ACTIVE' });
    expect(String(rows[0]?.['element_instance_key'])).toBe(body.key);
    expect(await activatableNow(t.zbc, 'mi-not-a-list')).toEqual([]);

    await t.zbc.setVariables({ elementInstanceKey: pik, variables: { approvers: ['alice', 'bob'] }, local: false });
    await t.zbc.resolveIncident({ incidentKey: incident.key });
    const jobs = await takeJobs(t.zbc, 'mi-not-a-list', 2);
    expect(jobs.map((j) => j.variables['approver']).sort()).toEqual(['alice', 'bob']);
    for (const j of jobs) await complete(j);
    await completed(pik);
  });
});

// docs.camunda.io/docs/8.3/components/modeler/bpmn/multi-instance/ — "On the execution level, a
// multi-instance activity has two parts: a multi-instance body, and an inner activity."
// Records: docs.camunda.io/docs/8.3/components/zeebe/technical-concepts/internal-processing/.
describe('records of a multi-instance activity', () => {
  it('show a MULTI_INSTANCE_BODY element instance whose inner instances are its children', async () => {
    await deploy('mi-records', line('mi-records', serviceTask('check', 'mi-records-check', { multiInstance: { inputCollection: '=items', inputElement: 'item' } })));
    const pik = await start('mi-records', { items: ['x', 'y'] });
    const jobs = await takeJobs(t.zbc, 'mi-records-check', 2);
    for (const j of jobs) await complete(j);
    const records = await completed(pik);

    const body = bodyRecord(records, 'check', 'ELEMENT_ACTIVATED');
    expect(String(body.value['flowScopeKey'])).toBe(pik);
    const inner = innerRecords(records, 'check', 'ELEMENT_ACTIVATED');
    expect(inner).toHaveLength(2);
    for (const r of inner) {
      expect(r.value['bpmnElementType']).toBe('SERVICE_TASK');
      expect(String(r.value['flowScopeKey'])).toBe(body.key);
    }
    // Jobs belong to the inner instances, not to the body.
    expect(jobs.map((j) => j.elementInstanceKey).sort()).toEqual(inner.map((r) => r.key).sort());

    // The body completes after its last inner instance, and only then is the activity left.
    const bodyDone = bodyRecord(records, 'check', 'ELEMENT_COMPLETED');
    const innerDone = innerRecords(records, 'check', 'ELEMENT_COMPLETED');
    expect(innerDone).toHaveLength(2);
    for (const r of innerDone) expect(BigInt(r.position)).toBeLessThan(BigInt(bodyDone.position));
    const leaving = records.find((r) => r.intent === 'SEQUENCE_FLOW_TAKEN' && r.value['elementId'] === 'check-to-end');
    expect(leaving).toBeDefined();
    expect(BigInt(leaving?.position ?? 0)).toBeGreaterThan(BigInt(bodyDone.position));
  });
});

// docs.camunda.io/docs/8.3/components/modeler/bpmn/multi-instance/ — "Boundary events":
// "Interrupting and non-interrupting boundary events can be attached to a multi-instance
// activity. When an interrupting boundary event is triggered, the multi-instance body and all
// active instances are terminated."
describe('boundary events on a multi-instance activity', () => {
  it('a timer boundary belongs to the body: one timer, and when it fires every inner instance is terminated', async () => {
    await deploy(
      'mi-timer',
      bpmnXml('mi-timer', {
        nodes: [
          startEvent('start'),
          serviceTask('slow-review', 'mi-timer-slow', { multiInstance: { inputCollection: '=items', inputElement: 'item' } }),
          timerBoundary('too-late', 'slow-review', { duration: 'PT1S' }),
          serviceTask('escalate', 'mi-timer-escalate'),
          endEvent('done'),
          endEvent('escalated'),
        ],
        flows: [flow('start', 'slow-review'), flow('slow-review', 'done'), flow('too-late', 'escalate'), flow('escalate', 'escalated')],
      }),
    );
    const pik = await start('mi-timer', { items: [1, 2] });
    const jobs = await takeJobs(t.zbc, 'mi-timer-slow', 2);

    const escalate = await takeJob(t.zbc, 'mi-timer-escalate', { waitMs: 5_000 });
    expect(escalate.processInstanceKey).toBe(pik);
    const records = await t.log.instance(pik);
    const body = bodyRecord(records, 'slow-review', 'ELEMENT_ACTIVATED');
    const timers = records.filter((r) => r.valueType === 'TIMER' && r.intent === 'CREATED');
    expect(timers).toHaveLength(1);
    expect(String(timers[0]?.value['elementInstanceKey'])).toBe(body.key);
    expect(innerRecords(records, 'slow-review', 'ELEMENT_TERMINATED')).toHaveLength(2);
    bodyRecord(records, 'slow-review', 'ELEMENT_TERMINATED');
    for (const j of jobs) expect((await grpcError(complete(j))).code).toBe(Code.NOT_FOUND);
    await complete(escalate);
    await completed(pik);
  });

  it('an error thrown by one inner job is caught once by the error boundary, terminating all active inner instances, without partial output', async () => {
    await deploy(
      'mi-error',
      bpmnXml('mi-error', {
        nodes: [
          startEvent('start'),
          serviceTask('inspect', 'mi-err-inspect', {
            multiInstance: { inputCollection: '=sites', inputElement: 'site', outputCollection: 'inspections', outputElement: '={site: site}' },
          }),
          errorBoundary('rejected', 'inspect', 'SITE_REJECTED'),
          serviceTask('handle-rejection', 'mi-err-handle'),
          endEvent('done'),
          endEvent('handled'),
        ],
        flows: [flow('start', 'inspect'), flow('inspect', 'done'), flow('rejected', 'handle-rejection'), flow('handle-rejection', 'handled')],
      }),
    );
    const pik = await start('mi-error', { sites: ['north', 'south', 'east'] });
    const bySite = byVar(await takeJobs(t.zbc, 'mi-err-inspect', 3), 'site');

    await complete(bySite.get('north') as ActivatedJob);
    await t.zbc.throwError({ jobKey: (bySite.get('south') as ActivatedJob).key, errorCode: 'SITE_REJECTED', errorMessage: 'unsafe' });
    const handle = await takeJob(t.zbc, 'mi-err-handle');
    expect(handle.processInstanceKey).toBe(pik);
    // "The outputCollection variable is not propagated to the parent scope (i.e. no partial output)."
    expect(handle.variables).not.toHaveProperty('inspections');

    expect((await grpcError(complete(bySite.get('east') as ActivatedJob))).code).toBe(Code.NOT_FOUND);
    await nothingActivatable('mi-err-handle');
    const records = await t.log.instance(pik);
    expect(elementRecords(records, 'rejected', 'ELEMENT_ACTIVATED')).toHaveLength(1);
    expect(innerRecords(records, 'inspect', 'ELEMENT_COMPLETED')).toHaveLength(1);
    expect(innerRecords(records, 'inspect', 'ELEMENT_TERMINATED')).toHaveLength(2);
    bodyRecord(records, 'inspect', 'ELEMENT_TERMINATED');
    expect(elementRecords(records, 'done', 'ELEMENT_ACTIVATED')).toEqual([]);
    await complete(handle);
    await completed(pik);
  });
});

// docs.camunda.io/docs/8.3/components/modeler/bpmn/multi-instance/ — embedded subprocesses can
// be multi-instance; "Variable mappings": input mappings create local variables per instance.
describe('multi-instance embedded subprocess and input mappings', () => {
  it('runs the subprocess once per item, each inner subprocess holding its own item and loopCounter', async () => {
    await deploy(
      'mi-subprocess',
      line(
        'mi-subprocess',
        subProcess(
          'per-parcel',
          {
            nodes: [startEvent('sub-start'), serviceTask('survey', 'mi-sub-survey'), endEvent('sub-end')],
            flows: [flow('sub-start', 'survey'), flow('survey', 'sub-end')],
          },
          {
            inputs: { area: '=null' },
            multiInstance: { inputCollection: '=parcels', inputElement: 'parcel', outputCollection: 'areas', outputElement: '=area' },
          },
        ),
      ),
    );
    const pik = await start('mi-subprocess', { parcels: ['P1', 'P2'] });
    const jobs = await takeJobs(t.zbc, 'mi-sub-survey', 2);
    const byParcel = byVar(jobs, 'parcel');
    expect(byParcel.get('P1')?.variables['loopCounter']).toBe(1);
    expect(byParcel.get('P2')?.variables['loopCounter']).toBe(2);

    await complete(byParcel.get('P2') as ActivatedJob, { area: 20 });
    await complete(byParcel.get('P1') as ActivatedJob, { area: 10 });
    const records = await completed(pik);
    expect(await t.log.variable(pik, 'areas')).toEqual([10, 20]);

    const body = bodyRecord(records, 'per-parcel', 'ELEMENT_ACTIVATED');
    const inner = innerRecords(records, 'per-parcel', 'ELEMENT_ACTIVATED');
    expect(inner.map((r) => r.value['bpmnElementType'])).toEqual(['SUB_PROCESS', 'SUB_PROCESS']);
    for (const r of inner) expect(String(r.value['flowScopeKey'])).toBe(body.key);
    const surveys = elementRecords(records, 'survey', 'ELEMENT_ACTIVATED');
    expect(surveys.map((r) => String(r.value['flowScopeKey'])).sort()).toEqual(inner.map((r) => r.key).sort());
  });

  it('applies input mappings per inner instance, with that instance\'s input element', async () => {
    await deploy(
      'mi-input-mapping',
      line(
        'mi-input-mapping',
        serviceTask('notify', 'mi-map-notify', {
          inputs: { owner: '=parcel.owner', label: '="parcel " + string(parcel.id)' },
          multiInstance: { inputCollection: '=parcels', inputElement: 'parcel' },
        }),
      ),
    );
    const pik = await start('mi-input-mapping', { parcels: [{ id: 1, owner: 'Li' }, { id: 2, owner: 'Wang' }] });
    const jobs = await takeJobs(t.zbc, 'mi-map-notify', 2);
    const byOwner = byVar(jobs, 'owner');
    expect(byOwner.get('Li')?.variables['label']).toBe('parcel 1');
    expect(byOwner.get('Wang')?.variables['label']).toBe('parcel 2');
    for (const j of jobs) await complete(j);
    await completed(pik);
    expect(await t.log.variable(pik, 'owner')).toBeUndefined();
  });
});
