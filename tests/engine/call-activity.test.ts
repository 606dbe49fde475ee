// Call activities: a case flow that calls a reusable sub-flow (e.g. 现场核查, site inspection) as a
// child process instance — which version starts, which variables travel in and back, incidents
// when the called process is missing, errors crossing from child to parent, cancellation, and
// a multi-instance call activity. Driven through zeebe-node as a worker author would.
// References: docs.camunda.io/docs/8.3/components/modeler/bpmn/call-activities/ ("Call
// activities": Defining the called process, Boundary events, Variable mappings),
// docs.camunda.io/docs/8.3/components/concepts/variables/ (variable propagation),
// docs.camunda.io/docs/8.3/components/modeler/bpmn/error-events/ (errors from a called process),
// docs.camunda.io/docs/8.3/apis-tools/grpc/ (CancelProcessInstance, CreateProcessInstanceWithResult).
import { describe, expect, it } from 'vitest';
import { bpmnXml, callActivity, endEvent, errorBoundary, flow, line, serviceTask, startEvent } from '../support/bpmn.js';
import { Code, grpcError } from '../support/gateway.js';
import { activatableNow, type ActivatedJob, takeJob, takeJobs } from '../support/jobs.js';
import { elementRecords, type EngineRecord } from '../support/records.js';
import { engineSuite } from '../support/suite.js';
import { eventually, quiet } from '../support/wait.js';

const t = engineSuite('call-activity');
const { deploy, start, completed, complete } = t;

interface InstanceRow {
  readonly key: string;
  readonly bpmnProcessId: string;
  readonly version: number;
  readonly state: string;
  readonly parentProcessInstanceKey: string;
  readonly parentElementInstanceKey: string;
}

async function instanceRow(key: string): Promise<InstanceRow | undefined> {
  const rows = await t.sql`
    select key, bpmn_process_id, version, state, parent_process_instance_key, parent_element_instance_key
    from engine.process_instances where key = ${key}`;
  const r = rows[0];
  if (!r) return undefined;
  return {
    key: String(r['key']),
    bpmnProcessId: String(r['bpmn_process_id']),
    version: Number(r['version']),
    state: String(r['state']),
    parentProcessInstanceKey: String(r['parent_process_instance_key']),
    parentElementInstanceKey: String(r['parent_element_instance_key']),
  };
}

async function childrenOf(parentKey: string): Promise<InstanceRow[]> {
  const rows = await t.sql`select key from engine.process_instances where parent_process_instance_key = ${parentKey} order by key`;
  const out: InstanceRow[] = [];
  for (const r of rows) {
    const row = await instanceRow(String(r['key']));
    if (row) out.push(row);
  }
  return out;
}

async function stateBecomes(key: string, state: string): Promise<void> {
  await eventually(async () => ((await instanceRow(key))?.state === state ? true : undefined), 5_000, `instance ${key} to be ${state}`);
}

/** The one element instance key of `elementId` that was activated (ELEMENT_ACTIVATED). */
function activatedKey(records: readonly EngineRecord[], elementId: string): string {
  const found = elementRecords(records, elementId, 'ELEMENT_ACTIVATED');
  expect(found).toHaveLength(1);
  return (found[0] as EngineRecord).key;
}

const childWith = (processId: string, type: string): string => line(processId, serviceTask('work', type));

// docs.camunda.io/docs/8.3/components/modeler/bpmn/call-activities/ — "The new instance of the
// defined process is created by its latest version at the point when the call activity is
// activated"; "Variable mappings": by default all variables are copied to the created instance,
// and all variables of the created instance are propagated back when it completes.
describe('calling a process', () => {
  it('starts the latest version of the called process with all parent variables, and completes with all child variables', async () => {
    await deploy('ca-child-latest', childWith('ca-child-latest', 'ca-latest-v1'));
    await deploy('ca-child-latest', childWith('ca-child-latest', 'ca-latest-v2'));
    await deploy('ca-parent-latest', line('ca-parent-latest', callActivity('site-inspection', 'ca-child-latest'), serviceTask('after', 'ca-latest-after')));
    const pik = await start('ca-parent-latest', { caseNo: 'A-1', applicant: { name: 'Li' } });

    const job = await takeJob(t.zbc, 'ca-latest-v2');
    expect(job.processInstanceKey).not.toBe(pik);
    expect(job.bpmnProcessId).toBe('ca-child-latest');
    expect(job.processDefinitionVersion).toBe(2);
    expect(job.variables).toEqual({ caseNo: 'A-1', applicant: { name: 'Li' } });
    expect(await activatableNow(t.zbc, 'ca-latest-v1')).toEqual([]);

    // The child's row names its parent instance and the call activity's element instance.
    const callKey = activatedKey(await t.log.instance(pik), 'site-inspection');
    expect(await instanceRow(job.processInstanceKey)).toMatchObject({
      bpmnProcessId: 'ca-child-latest',
      version: 2,
      state: 'ACTIVE',
      parentProcessInstanceKey: pik,
      parentElementInstanceKey: callKey,
    });

    await complete(job, { inspected: true, caseNo: 'A-1-checked' });
    const after = await takeJob(t.zbc, 'ca-latest-after');
    expect(after.processInstanceKey).toBe(pik);
    expect(after.variables).toEqual({ caseNo: 'A-1-checked', applicant: { name: 'Li' }, inspected: true });
    await complete(after);
    await completed(pik);
    expect((await instanceRow(job.processInstanceKey))?.state).toBe('COMPLETED');
  });

  // Zeebe's ProcessInstanceRecord of the called instance carries parentProcessInstanceKey and
  // parentElementInstanceKey (protocol ProcessInstanceRecordValue) — what Operate links by.
  it('the called instance\'s PROCESS records name the parent instance and the call activity', async () => {
    await deploy('ca-child-records', childWith('ca-child-records', 'ca-records-work'));
    await deploy('ca-parent-records', line('ca-parent-records', callActivity('call', 'ca-child-records')));
    const pik = await start('ca-parent-records');
    const job = await takeJob(t.zbc, 'ca-records-work');
    const callKey = activatedKey(await t.log.instance(pik), 'call');
    const childProcess = elementRecords(await t.log.instance(job.processInstanceKey), 'ca-child-records', 'ELEMENT_ACTIVATED');
    expect(childProcess).toHaveLength(1);
    expect(childProcess[0]?.value['bpmnElementType']).toBe('PROCESS');
    expect(String(childProcess[0]?.value['parentProcessInstanceKey'])).toBe(pik);
    expect(String(childProcess[0]?.value['parentElementInstanceKey'])).toBe(callKey);
    await complete(job);
    await completed(pik);
  });

  // "Usually, the processId is defined as a static value … but it can also be defined as expression."
  it('takes the called process id from a FEEL expression', async () => {
    await deploy('ca-dyn-a', childWith('ca-dyn-a', 'ca-dyn-a-work'));
    await deploy('ca-dyn-b', childWith('ca-dyn-b', 'ca-dyn-b-work'));
    await deploy('ca-dyn-parent', line('ca-dyn-parent', callActivity('call', '=subFlow')));
    const pik = await start('ca-dyn-parent', { subFlow: 'ca-dyn-b' });
    const job = await takeJob(t.zbc, 'ca-dyn-b-work');
    expect(job.bpmnProcessId).toBe('ca-dyn-b');
    expect(await activatableNow(t.zbc, 'ca-dyn-a-work')).toEqual([]);
    await complete(job);
    await completed(pik);
  });

  // docs.camunda.io/docs/8.3/apis-tools/grpc/ — CreateProcessInstanceWithResult returns the
  // variables of the completed instance; the child's variables arrived there via propagation.
  it('CreateProcessInstanceWithResult on the parent returns variables set in the child', async () => {
    await deploy('ca-result-child', childWith('ca-result-child', 'ca-result-work'));
    await deploy('ca-result-parent', line('ca-result-parent', callActivity('call', 'ca-result-child')));
    const result = t.zbc.createProcessInstanceWithResult({ bpmnProcessId: 'ca-result-parent', variables: { caseNo: '7' }, requestTimeout: 10_000 });
    const job = await takeJob(t.zbc, 'ca-result-work');
    await complete(job, { permitNo: `P-${String(job.variables['caseNo'])}` });
    expect((await result).variables).toEqual({ caseNo: '7', permitNo: 'P-7' });
  });
});

// docs.camunda.io/docs/8.3/components/modeler/bpmn/call-activities/ — "Variable mappings".
describe('variable propagation', () => {
  it('propagateAllParentVariables=false: only the input-mapped variables reach the child', async () => {
    await deploy('ca-inputs-child', childWith('ca-inputs-child', 'ca-inputs-work'));
    await deploy(
      'ca-inputs-parent',
      line('ca-inputs-parent', callActivity('call', 'ca-inputs-child', { propagateAllParentVariables: false, inputs: { address: '=case.address' } }), serviceTask('after', 'ca-inputs-after')),
    );
    const pik = await start('ca-inputs-parent', { case: { address: 'Road 1', idCardNo: 'secret' }, applicantPhone: '123' });
    const job = await takeJob(t.zbc, 'ca-inputs-work');
    expect(job.variables).toEqual({ address: 'Road 1' });
    await complete(job, { inspectionResult: 'ok' });
    const after = await takeJob(t.zbc, 'ca-inputs-after');
    // Child variables still come back (propagateAllChildVariables defaults to true).
    expect(after.variables['inspectionResult']).toBe('ok');
    await complete(after);
    await completed(pik);
  });

  it('propagateAllChildVariables=false: nothing comes back except what the output mappings pick', async () => {
    await deploy('ca-outputs-child', childWith('ca-outputs-child', 'ca-outputs-work'));
    await deploy(
      'ca-outputs-parent',
      line(
        'ca-outputs-parent',
        callActivity('call-silent', 'ca-outputs-child', { propagateAllChildVariables: false }),
        callActivity('call-mapped', 'ca-outputs-child', { propagateAllChildVariables: false, outputs: { verdict: '=result' } }),
        serviceTask('after', 'ca-outputs-after'),
      ),
    );
    const pik = await start('ca-outputs-parent', { caseNo: 'B-2' });

    const first = await takeJob(t.zbc, 'ca-outputs-work');
    await complete(first, { result: 'first', extra: 1, caseNo: 'changed' });
    const second = await takeJob(t.zbc, 'ca-outputs-work');
    expect(second.processInstanceKey).not.toBe(first.processInstanceKey);
    // Nothing of the first child came back, so the second child sees the parent unchanged.
    expect(second.variables).toEqual({ caseNo: 'B-2' });
    await complete(second, { result: 'second', extra: 2 });

    const after = await takeJob(t.zbc, 'ca-outputs-after');
    expect(after.variables).toEqual({ caseNo: 'B-2', verdict: 'second' });
    await complete(after);
    await completed(pik);
  });
});

// docs.camunda.io/docs/8.3/components/concepts/incidents/ and …/call-activities/: a called
// process that is not deployed is an incident (CALLED_ELEMENT_ERROR); deploying it and
// resolving the incident continues the call activity.
describe('a called process that is not deployed', () => {
  it('raises CALLED_ELEMENT_ERROR; after deploying it, ResolveIncident starts the child', async () => {
    await deploy('ca-late-parent', line('ca-late-parent', callActivity('call', 'ca-late-child')));
    const pik = await start('ca-late-parent');
    const incident = await eventually(
      async () => (await t.log.find({ processInstanceKey: pik, valueType: 'INCIDENT', intent: 'CREATED' }))[0],
      5_000,
      'an incident',
    );
    expect(incident.value).toMatchObject({ errorType: 'CALLED_ELEMENT_ERROR', elementId: 'call' });
    expect(String(incident.value['errorMessage'])).toContain("'ca-late-child'");
    const rows = await t.sql`select state, error_type from engine.incidents where key = ${incident.key}`;
    expect(rows[0]).toMatchObject({ state: 'ACTIVE', error_type: 'CALLED_ELEMENT_ERROR' });
    expect(await childrenOf(pik)).toEqual([]);

    await deploy('ca-late-child', childWith('ca-late-child', 'ca-late-work'));
    await t.zbc.resolveIncident({ incidentKey: incident.key });
    const job = await takeJob(t.zbc, 'ca-late-work');
    expect(job.bpmnProcessId).toBe('ca-late-child');
    await complete(job);
    await completed(pik);
  });
});

// docs.camunda.io/docs/8.3/components/modeler/bpmn/error-events/ — an error thrown in a called
// process and not caught there is propagated to the call activity, where a boundary catches it.
// …/call-activities/ "Boundary events": the call activity and the created instance are terminated.
describe('errors and cancellation across the call', () => {
  it('an error thrown in the child and not caught there is caught by the error boundary on the call activity', async () => {
    await deploy('ca-err-child', childWith('ca-err-child', 'ca-err-work'));
    await deploy(
      'ca-err-parent',
      bpmnXml('ca-err-parent', {
        nodes: [
          startEvent('start'),
          callActivity('site-inspection', 'ca-err-child'),
          errorBoundary('site-unsafe', 'site-inspection', 'SITE_UNSAFE'),
          serviceTask('handle', 'ca-err-handle'),
          endEvent('done'),
          endEvent('handled'),
        ],
        flows: [flow('start', 'site-inspection'), flow('site-inspection', 'done'), flow('site-unsafe', 'handle'), flow('handle', 'handled')],
      }),
    );
    const pik = await start('ca-err-parent');
    const job = await takeJob(t.zbc, 'ca-err-work');
    await t.zbc.throwError({ jobKey: job.key, errorCode: 'SITE_UNSAFE', errorMessage: 'collapsed wall' });

    const handle = await takeJob(t.zbc, 'ca-err-handle');
    expect(handle.processInstanceKey).toBe(pik);
    await stateBecomes(job.processInstanceKey, 'TERMINATED');
    const records = await t.log.instance(pik);
    expect(elementRecords(records, 'site-unsafe', 'ELEMENT_ACTIVATED')).toHaveLength(1);
    expect(elementRecords(records, 'site-inspection', 'ELEMENT_TERMINATED')).toHaveLength(1);
    expect(elementRecords(records, 'done', 'ELEMENT_ACTIVATED')).toEqual([]);
    await complete(handle);
    await completed(pik);
  });

  it('canceling the parent terminates the child instance', async () => {
    await deploy('ca-cancel-child', childWith('ca-cancel-child', 'ca-cancel-work'));
    await deploy('ca-cancel-parent', line('ca-cancel-parent', callActivity('call', 'ca-cancel-child')));
    const pik = await start('ca-cancel-parent');
    const job = await takeJob(t.zbc, 'ca-cancel-work');

    await t.zbc.cancelProcessInstance(pik);
    await stateBecomes(pik, 'TERMINATED');
    await stateBecomes(job.processInstanceKey, 'TERMINATED');
    expect((await grpcError(complete(job))).code).toBe(Code.NOT_FOUND);
  });

  // Zeebe rejects CancelProcessInstance for a called instance: "Expected to cancel a process
  // instance with key '…', but it is created by a parent process instance. Cancel the root
  // process instance '…' instead." (FAILED_PRECONDITION, docs …/apis-tools/grpc/ CancelProcessInstance).
  it('canceling a called instance directly is FAILED_PRECONDITION naming the root instance', async () => {
    await deploy('ca-leaf', childWith('ca-leaf', 'ca-leaf-work'));
    await deploy('ca-mid', line('ca-mid', callActivity('call-leaf', 'ca-leaf')));
    await deploy('ca-root', line('ca-root', callActivity('call-mid', 'ca-mid')));
    const root = await start('ca-root');
    const job = await takeJob(t.zbc, 'ca-leaf-work');
    const leaf = job.processInstanceKey;
    const mid = (await instanceRow(leaf))?.parentProcessInstanceKey ?? '';
    expect((await instanceRow(mid))?.parentProcessInstanceKey).toBe(root);

    for (const key of [leaf, mid]) {
      const failure = await grpcError(t.zbc.cancelProcessInstance(key));
      expect(failure.code).toBe(Code.FAILED_PRECONDITION);
      expect(failure.details).toContain(`'${key}'`);
      expect(failure.details).toContain(`root process instance '${root}'`);
    }
    // Nothing was canceled.
    await quiet();
    for (const key of [root, mid, leaf]) expect((await instanceRow(key))?.state).toBe('ACTIVE');

    await t.zbc.cancelProcessInstance(root);
    for (const key of [root, mid, leaf]) await stateBecomes(key, 'TERMINATED');
  });
});

// docs.camunda.io/docs/8.3/components/modeler/bpmn/multi-instance/ — call activities can be
// multi-instance: one called instance per item. "Variable mappings" example: a parallel
// multi-instance call activity whose output mapping (source =x, target output) feeds the
// outputElement (=output), so completed children don't overwrite each other.
describe('multi-instance call activity', () => {
  it('starts one child instance per item, each with its item, and collects their results in item order', async () => {
    await deploy('ca-mi-child', childWith('ca-mi-child', 'ca-mi-work'));
    await deploy(
      'ca-mi-parent',
      line(
        'ca-mi-parent',
        callActivity('inspect-each', 'ca-mi-child', {
          outputs: { report: '=verdict' },
          multiInstance: { inputCollection: '=sites', inputElement: 'site', outputCollection: 'reports', outputElement: '=report' },
        }),
      ),
    );
    const pik = await start('ca-mi-parent', { sites: ['north', 'south', 'east'] });
    const jobs = await takeJobs(t.zbc, 'ca-mi-work', 3);
    const bySite = new Map(jobs.map((j) => [j.variables['site'], j]));
    expect([...bySite.keys()].sort()).toEqual(['east', 'north', 'south']);
    expect(new Set(jobs.map((j) => j.processInstanceKey)).size).toBe(3);

    // Each child's parent element instance is one inner call activity instance of the body.
    const records = await t.log.instance(pik);
    const body = elementRecords(records, 'inspect-each', 'ELEMENT_ACTIVATED').find((r) => r.value['bpmnElementType'] === 'MULTI_INSTANCE_BODY');
    const inner = elementRecords(records, 'inspect-each', 'ELEMENT_ACTIVATED').filter((r) => r.value['bpmnElementType'] === 'CALL_ACTIVITY');
    expect(inner).toHaveLength(3);
    for (const r of inner) expect(String(r.value['flowScopeKey'])).toBe(body?.key);
    const children = await childrenOf(pik);
    expect(children.map((c) => c.parentElementInstanceKey).sort()).toEqual(inner.map((r) => r.key).sort());

    await complete(bySite.get('east') as ActivatedJob, { verdict: 'EAST ok' });
    await complete(bySite.get('north') as ActivatedJob, { verdict: 'NORTH ok' });
    await complete(bySite.get('south') as ActivatedJob, { verdict: 'SOUTH ok' });
    await completed(pik);
    expect(await t.log.variable(pik, 'reports')).toEqual(['NORTH ok', 'SOUTH ok', 'EAST ok']);
    // The output mapping restricted what came back: the child's own variable stayed there.
    expect(await t.log.variable(pik, 'verdict')).toBeUndefined();
  });

  it('the output mapping of a multi-instance call activity updates the instance\'s own outputElement variable, not the process scope', async () => {
    await deploy('ca-mi-local-child', childWith('ca-mi-local-child', 'ca-mi-local-work'));
    await deploy(
      'ca-mi-local-parent',
      line(
        'ca-mi-local-parent',
        callActivity('inspect-each', 'ca-mi-local-child', {
          outputs: { report: '=verdict' },
          multiInstance: { inputCollection: '=sites', inputElement: 'site', outputCollection: 'reports', outputElement: '=report' },
        }),
      ),
    );
    const pik = await start('ca-mi-local-parent', { sites: ['north', 'south'] });
    const jobs = await takeJobs(t.zbc, 'ca-mi-local-work', 2);
    for (const j of jobs) await complete(j, { verdict: `${String(j.variables['site'])} ok` });
    await completed(pik);
    expect(await t.log.variable(pik, 'reports')).toEqual(['north ok', 'south ok']);
    expect(await t.log.variable(pik, 'report')).toBeUndefined();
  });
});
