// BPMN errors thrown by workers (ThrowError) and by error end events, caught by error boundary
// events — the way a process designer models a business error.
// References: docs.camunda.io/docs/8.3/components/modeler/bpmn/error-events/ ("Error events":
// Defining/Throwing/Catching the error, Unhandled errors, Variable mappings) and
// docs.camunda.io/docs/8.3/apis-tools/grpc/ (ThrowError RPC).
import { beforeAll, describe, expect, it } from 'vitest';
import { bpmnXml, endEvent, errorBoundary, flow, line, serviceTask, startEvent, subProcess } from '../support/bpmn.js';
import { Code, grpcError, UNKNOWN_KEY } from '../support/gateway.js';
import { activatableNow, takeJob } from '../support/jobs.js';
import { elementRecords } from '../support/records.js';
import { engineSuite } from '../support/suite.js';

const t = engineSuite('errors');
const { deploy, start, completed, activeIncident } = t;

/** start → task(type) → end, with `boundaries` on the task leading to their own follow-up tasks. */
function taskWithBoundaries(processId: string, type: string, boundaries: { id: string; code?: string; then: string; outputs?: Record<string, string> }[]): string {
  return bpmnXml(processId, {
    nodes: [
      startEvent('start'),
      serviceTask('task', type),
      endEvent('end'),
      ...boundaries.map((b) => errorBoundary(b.id, 'task', b.code, b.outputs ? { outputs: b.outputs } : {})),
      ...boundaries.map((b) => serviceTask(`${b.id}-task`, b.then)),
      ...boundaries.map((b) => endEvent(`${b.id}-end`)),
    ],
    flows: [
      flow('start', 'task'),
      flow('task', 'end'),
      ...boundaries.map((b) => flow(b.id, `${b.id}-task`)),
      ...boundaries.map((b) => flow(`${b.id}-task`, `${b.id}-end`)),
    ],
  });
}

describe('catching a thrown error on the task (docs.camunda.io "Error events", Catching the error)', () => {
  beforeAll(async () => {
    await deploy(
      'err-boundary',
      taskWithBoundaries('err-boundary', 'err-charge', [{ id: 'declined', code: 'CARD_DECLINED', then: 'err-fallback', outputs: { declineReason: '=reason' } }]),
    );
    await deploy('err-local', taskWithBoundaries('err-local', 'err-local-charge', [{ id: 'declined', code: 'CARD_DECLINED', then: 'err-local-fallback' }]));
  });

  it('terminates the task and continues from the boundary event; an output mapping there brings the error variables into the process', async () => {
    const pik = await start('err-boundary', { orderId: 'o-1' });
    const charge = await takeJob(t.zbc, 'err-charge');
    await t.zbc.throwError({ jobKey: charge.key, errorCode: 'CARD_DECLINED', errorMessage: 'card declined', variables: { reason: 'insufficient funds' } });

    const fallback = await takeJob(t.zbc, 'err-fallback', { waitMs: 3_000 });
    expect(fallback.processInstanceKey).toBe(pik);
    expect(fallback.elementId).toBe('declined-task');
    expect(fallback.variables).toMatchObject({ orderId: 'o-1', declineReason: 'insufficient funds' });

    const records = await t.log.instance(pik);
    expect(elementRecords(records, 'task', 'ELEMENT_TERMINATED')).toHaveLength(1);
    expect(elementRecords(records, 'task', 'ELEMENT_COMPLETED')).toHaveLength(0);
    expect(elementRecords(records, 'declined', 'ELEMENT_COMPLETED')).toHaveLength(1);
    expect(records.filter((r) => r.valueType === 'JOB' && r.intent === 'ERROR_THROWN').map((r) => r.key)).toEqual([charge.key]);
    // The job went with its task: nobody can complete it any more.
    expect((await grpcError(t.zbc.completeJob({ jobKey: charge.key, variables: {} }))).code).toBe(Code.NOT_FOUND);

    await t.zbc.completeJob({ jobKey: fallback.key, variables: {} });
    await completed(pik);
    expect(elementRecords(await t.log.instance(pik), 'end', 'ELEMENT_COMPLETED')).toHaveLength(0);
  });

  it('creates the error variables in the scope of the catching event only ("Variable mappings": merged into the process only by an output mapping)', async () => {
    const pik = await start('err-local', { orderId: 'o-2' });
    const charge = await takeJob(t.zbc, 'err-local-charge');
    await t.zbc.throwError({ jobKey: charge.key, errorCode: 'CARD_DECLINED', errorMessage: 'card declined', variables: { reason: 'expired' } });

    const fallback = await takeJob(t.zbc, 'err-local-fallback', { waitMs: 3_000 });
    const records = await t.log.instance(pik);
    const boundary = elementRecords(records, 'declined', 'ELEMENT_ACTIVATED')[0];
    expect(boundary).toBeDefined();
    // The next task no longer sees them: they lived and ended with the boundary event.
    expect(fallback.variables).toEqual({ orderId: 'o-2' });
    const reason = records.filter((r) => r.valueType === 'VARIABLE' && r.value['name'] === 'reason');
    expect(reason.map((r) => [r.intent, String(r.value['scopeKey']) === pik ? 'the process instance' : String(r.value['scopeKey'])])).toEqual([
      ['CREATED', boundary?.key],
    ]);
    await t.zbc.completeJob({ jobKey: fallback.key, variables: {} });
  });

  it('lets a boundary with the exact error code win over a catch-all boundary on the same task', async () => {
    await deploy(
      'err-specific',
      taskWithBoundaries('err-specific', 'err-verify', [
        { id: 'anyError', then: 'err-generic' }, // catch-all (no errorRef), listed first on purpose
        { id: 'notEligible', code: 'NOT_ELIGIBLE', then: 'err-reject' },
      ]),
    );
    // A worker as a user writes it: job.error(code, message).
    const worker = t.zbc.createWorker({
      taskType: 'err-verify',
      loglevel: 'NONE',
      taskHandler: (job) => job.error(String(job.variables['code']), 'verification failed'),
    });
    try {
      const specific = await start('err-specific', { code: 'NOT_ELIGIBLE' });
      const reject = await takeJob(t.zbc, 'err-reject', { waitMs: 5_000 });
      expect(reject.processInstanceKey).toBe(specific);
      expect(await activatableNow(t.zbc, 'err-generic')).toEqual([]);

      const other = await start('err-specific', { code: 'MISSING_DOCUMENTS' });
      const generic = await takeJob(t.zbc, 'err-generic', { waitMs: 5_000 });
      expect(generic.processInstanceKey).toBe(other);
      expect(await activatableNow(t.zbc, 'err-reject')).toEqual([]);

      await t.zbc.completeJob({ jobKey: reject.key, variables: {} });
      await t.zbc.completeJob({ jobKey: generic.key, variables: {} });
      await completed(specific);
      await completed(other);
    } finally {
      await worker.close();
    }
  });
});

describe('error propagation to enclosing scopes (docs.camunda.io "Error events": "the error is either caught, or propagated to the parent scope")', () => {
  it('bubbles from a task inside an embedded subprocess to the boundary on the subprocess, past a non-matching boundary on the task', async () => {
    const inner = {
      nodes: [startEvent('sub-start'), serviceTask('inner', 'err-inner'), endEvent('sub-end'), errorBoundary('innerOther', 'inner', 'SOMETHING_ELSE'), endEvent('inner-other-end')],
      flows: [flow('sub-start', 'inner'), flow('inner', 'sub-end'), flow('innerOther', 'inner-other-end')],
    };
    await deploy(
      'err-bubble',
      bpmnXml('err-bubble', {
        nodes: [startEvent('start'), subProcess('sub', inner), endEvent('end'), errorBoundary('subFailed', 'sub', 'INNER_FAILED'), serviceTask('recover', 'err-recover'), endEvent('recovered')],
        flows: [flow('start', 'sub'), flow('sub', 'end'), flow('subFailed', 'recover'), flow('recover', 'recovered')],
      }),
    );
    const pik = await start('err-bubble');
    const job = await takeJob(t.zbc, 'err-inner');
    await t.zbc.throwError({ jobKey: job.key, errorCode: 'INNER_FAILED', errorMessage: 'inner step failed' });

    const recover = await takeJob(t.zbc, 'err-recover', { waitMs: 3_000 });
    expect(recover.processInstanceKey).toBe(pik);
    const records = await t.log.instance(pik);
    expect(elementRecords(records, 'inner', 'ELEMENT_TERMINATED')).toHaveLength(1);
    expect(elementRecords(records, 'sub', 'ELEMENT_TERMINATED')).toHaveLength(1);
    expect(elementRecords(records, 'innerOther', 'ELEMENT_ACTIVATING')).toHaveLength(0);
    expect(elementRecords(records, 'subFailed', 'ELEMENT_COMPLETED')).toHaveLength(1);
    await t.zbc.completeJob({ jobKey: recover.key, variables: {} });
    await completed(pik);
  });

  it('catches an error end event inside a subprocess with the boundary on the subprocess', async () => {
    const inner = {
      nodes: [startEvent('check-start'), serviceTask('inspect', 'err-inspect'), endEvent('failed', { errorCode: 'CHECK_FAILED' })],
      flows: [flow('check-start', 'inspect'), flow('inspect', 'failed')],
    };
    await deploy(
      'err-end-event',
      bpmnXml('err-end-event', {
        nodes: [startEvent('start'), subProcess('check', inner), endEvent('ok'), errorBoundary('checkFailed', 'check', 'CHECK_FAILED'), serviceTask('escalate', 'err-escalate'), endEvent('escalated')],
        flows: [flow('start', 'check'), flow('check', 'ok'), flow('checkFailed', 'escalate'), flow('escalate', 'escalated')],
      }),
    );
    const pik = await start('err-end-event');
    const inspect = await takeJob(t.zbc, 'err-inspect');
    await t.zbc.completeJob({ jobKey: inspect.key, variables: { defects: 3 } });

    const escalate = await takeJob(t.zbc, 'err-escalate', { waitMs: 3_000 });
    expect(escalate.processInstanceKey).toBe(pik);
    expect(escalate.variables['defects']).toBe(3);
    const records = await t.log.instance(pik);
    expect(elementRecords(records, 'check', 'ELEMENT_TERMINATED')).toHaveLength(1);
    expect(elementRecords(records, 'ok', 'ELEMENT_ACTIVATING')).toHaveLength(0);
    await t.zbc.completeJob({ jobKey: escalate.key, variables: {} });
    await completed(pik);
  });
});

describe('unhandled errors (docs.camunda.io "Error events", Unhandled errors)', () => {
  beforeAll(async () => {
    await deploy('err-unhandled', taskWithBoundaries('err-unhandled', 'err-unhandled', [{ id: 'other', code: 'SOMETHING_ELSE', then: 'err-unhandled-other' }]));
  });

  it('raises UNHANDLED_ERROR_EVENT on the task; resolving it re-enables the job, which can then complete', async () => {
    const pik = await start('err-unhandled');
    const job = await takeJob(t.zbc, 'err-unhandled');
    await t.zbc.throwError({ jobKey: job.key, errorCode: 'NOBODY_CATCHES_THIS', errorMessage: 'no handler' });

    const incident = await activeIncident(pik);
    expect(incident.errorType).toBe('UNHANDLED_ERROR_EVENT');
    expect(incident.elementId).toBe('task');
    expect(incident.jobKey).toBe(job.key);
    expect(incident.errorMessage).toContain('NOBODY_CATCHES_THIS');
    expect(await activatableNow(t.zbc, 'err-unhandled')).toEqual([]);
    expect(await activatableNow(t.zbc, 'err-unhandled-other')).toEqual([]);

    await t.zbc.resolveIncident({ incidentKey: incident.key });
    const again = await takeJob(t.zbc, 'err-unhandled', { waitMs: 3_000 });
    expect(again.key).toBe(job.key);
    await t.zbc.completeJob({ jobKey: again.key, variables: {} });
    await completed(pik);
    expect(elementRecords(await t.log.instance(pik), 'end', 'ELEMENT_COMPLETED')).toHaveLength(1);
  });

  // The 8.3 gRPC reference lists no INVALID_ARGUMENT for ThrowError, Zeebe's gateway passes
  // errorCode through unchecked, and the engine treats '' like any code nobody catches (its
  // JobThrowErrorTest expects "…the code '' …" in the incident message).
  it('treats a blank errorCode like any uncaught code: accepted, then UNHANDLED_ERROR_EVENT', async () => {
    await deploy('err-blank', line('err-blank', serviceTask('task', 'err-blank')));
    const pik = await start('err-blank');
    const job = await takeJob(t.zbc, 'err-blank');
    await t.zbc.throwError({ jobKey: job.key, errorCode: '', errorMessage: 'no code given' });
    const incident = await activeIncident(pik);
    expect(incident.errorType).toBe('UNHANDLED_ERROR_EVENT');
    expect(incident.jobKey).toBe(job.key);
  });
});

describe('ThrowError rejections (gRPC reference, ThrowError RPC)', () => {
  it('answers NOT_FOUND for an unknown job', async () => {
    const missing = await grpcError(t.zbc.throwError({ jobKey: UNKNOWN_KEY, errorCode: 'ANY', errorMessage: '' }));
    expect(missing.code).toBe(Code.NOT_FOUND);
    expect(missing.details).toContain(UNKNOWN_KEY);
  });

  it('answers FAILED_PRECONDITION for a job that already ran out of retries', async () => {
    await deploy('err-failed', line('err-failed', serviceTask('task', 'err-failed')));
    const pik = await start('err-failed');
    const job = await takeJob(t.zbc, 'err-failed');
    await t.zbc.failJob({ jobKey: job.key, retries: 0, errorMessage: 'gave up', retryBackOff: 0 });
    const rejected = await grpcError(t.zbc.throwError({ jobKey: job.key, errorCode: 'LATE', errorMessage: '' }));
    expect(rejected.code).toBe(Code.FAILED_PRECONDITION);
    await t.zbc.cancelProcessInstance(pik);
  });
});
