// Jobs as a worker author sees them, driven only through zeebe-node 8.3.2.
// References: docs.camunda.io/docs/8.3/components/concepts/job-workers/ ("Job workers"),
// docs.camunda.io/docs/8.3/apis-tools/grpc/ (ActivateJobs, CompleteJob, FailJob, UpdateJobRetries),
// docs.camunda.io/docs/8.3/components/modeler/bpmn/user-tasks/ (job-based user tasks, zeebe-protocol.md §5).
import { beforeAll, describe, expect, it } from 'vitest';
import type { FailJobRequest } from 'zeebe-node';
import { line, serviceTask, userTask } from '../support/bpmn.js';
import { Code, FIRST_KEY, grpcError, UNKNOWN_KEY } from '../support/gateway.js';
import { activatableNow, activateJobs, takeJob } from '../support/jobs.js';
import { engineSuite } from '../support/suite.js';
import { eventually, sleep } from '../support/wait.js';

const t = engineSuite('jobs');
const { deploy, start } = t;

beforeAll(async () => {
  await t.zbc.topology(); // connected before the long-polling measurements
});

/** One service task of `type` between start and end. */
async function oneTask(processId: string, type: string, opts: Parameters<typeof serviceTask>[2] = {}): Promise<void> {
  await deploy(processId, line(processId, serviceTask('task', type, opts)));
}

describe('ActivateJobs (docs.camunda.io "Job workers" + gRPC reference, ActivateJobs RPC)', () => {
  it('hands out at most maxJobsToActivate jobs, oldest first', async () => {
    await oneTask('jobs-fifo', 'jobs-fifo');
    const instances: string[] = [];
    for (let n = 0; n < 5; n++) instances.push(await start('jobs-fifo', { n }));

    const first = await activateJobs(t.zbc, { type: 'jobs-fifo', maxJobsToActivate: 3 });
    expect(first.jobs).toHaveLength(3);
    expect(first.jobs.map((j) => j.variables['n'])).toEqual([0, 1, 2]);
    expect(first.jobs.map((j) => j.processInstanceKey)).toEqual(instances.slice(0, 3));

    const rest = await activateJobs(t.zbc, { type: 'jobs-fifo', maxJobsToActivate: 3 });
    expect(rest.jobs.map((j) => j.variables['n'])).toEqual([3, 4]);
    for (const j of [...first.jobs, ...rest.jobs]) await t.zbc.completeJob({ jobKey: j.key, variables: {} });
  });

  it('describes each job: worker, deadline = now + timeout, retries, custom headers and variables as JSON objects', async () => {
    await oneTask('jobs-fields', 'jobs-fields', { retries: '5', headers: { channel: 'counter', priority: '2' } });
    const variables = { caseNo: 'A-17', amount: 12.5, tags: ['urgent'], applicant: { name: 'Li', district: 3 } };
    const pik = await start('jobs-fields', variables);

    const before = Date.now();
    const { jobs } = await activateJobs(t.zbc, { type: 'jobs-fields', worker: 'hall-worker-1', timeout: 45_000, maxJobsToActivate: 10 });
    const after = Date.now();
    expect(jobs).toHaveLength(1);
    const job = jobs[0];
    if (!job) return;
    expect(job.type).toBe('jobs-fields');
    expect(job.worker).toBe('hall-worker-1');
    expect(job.retries).toBe(5);
    expect(job.processInstanceKey).toBe(pik);
    expect(job.bpmnProcessId).toBe('jobs-fields');
    expect(job.processDefinitionVersion).toBe(1);
    expect(job.elementId).toBe('task');
    expect(BigInt(job.key)).toBeGreaterThanOrEqual(FIRST_KEY);
    expect(BigInt(job.elementInstanceKey)).toBeGreaterThanOrEqual(FIRST_KEY);
    expect(BigInt(job.processDefinitionKey)).toBeGreaterThanOrEqual(FIRST_KEY);
    const deadline = Number(job.deadline);
    expect(deadline).toBeGreaterThanOrEqual(before + 45_000 - 50);
    expect(deadline).toBeLessThanOrEqual(after + 45_000 + 50);
    // On the wire both are JSON objects serialised as strings (zeebe-node JSON.parses them).
    expect(typeof job.customHeadersJson).toBe('string');
    expect(job.customHeaders).toEqual({ channel: 'counter', priority: '2' });
    expect(job.variables).toEqual(variables);
    await t.zbc.completeJob({ jobKey: job.key, variables: {} });
  });

  it('sends "{}" for a job without custom headers, and only the fetched variables when fetchVariable is given', async () => {
    await oneTask('jobs-fetch', 'jobs-fetch');
    await start('jobs-fetch', { wanted: 'yes', other: 'no', big: 'x'.repeat(1000) });
    const { jobs } = await activateJobs(t.zbc, { type: 'jobs-fetch', fetchVariable: ['wanted', 'missing'] });
    const job = jobs[0];
    expect(job?.customHeadersJson).toBe('{}');
    expect(job?.variables).toEqual({ wanted: 'yes' });
    if (job) await t.zbc.completeJob({ jobKey: job.key, variables: {} });
  });

  it('evaluates job type and retries given as FEEL expressions (=taskType, =retries)', async () => {
    await oneTask('jobs-feel', '=taskType', { retries: '=retries' });
    const pik = await start('jobs-feel', { taskType: 'jobs-feel-stamp', retries: 7 });
    const job = await takeJob(t.zbc, 'jobs-feel-stamp');
    expect(job.type).toBe('jobs-feel-stamp');
    expect(job.retries).toBe(7);
    expect(job.processInstanceKey).toBe(pik);
    await t.zbc.completeJob({ jobKey: job.key, variables: {} });
  });

  it('activates a job for one worker only: concurrent ActivateJobs calls never get the same job', async () => {
    await oneTask('jobs-race', 'jobs-race');
    for (let n = 0; n < 10; n++) await start('jobs-race', { n });
    const results = await Promise.all(
      ['w1', 'w2', 'w3', 'w4'].map((worker) => activateJobs(t.zbc, { type: 'jobs-race', worker, maxJobsToActivate: 3, requestTimeout: 2_000 })),
    );
    const keys = results.flatMap((r) => r.jobs.map((j) => j.key));
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toHaveLength(10);
    for (const r of results) for (const j of r.jobs) expect(j.worker).not.toBe('');
    for (const k of keys) await t.zbc.completeJob({ jobKey: k, variables: {} });
  });

  it('gives a job that appears while two workers long-poll to exactly one of them', async () => {
    await oneTask('jobs-race-poll', 'jobs-race-poll');
    const a = activateJobs(t.zbc, { type: 'jobs-race-poll', worker: 'a', requestTimeout: 1_200 });
    const b = activateJobs(t.zbc, { type: 'jobs-race-poll', worker: 'b', requestTimeout: 1_200 });
    await sleep(200);
    await start('jobs-race-poll');
    const [ra, rb] = await Promise.all([a, b]);
    const all = [...ra.jobs, ...rb.jobs];
    expect(all).toHaveLength(1);
    const job = all[0];
    if (job) await t.zbc.completeJob({ jobKey: job.key, variables: {} });
  });
});

describe('job timeout (docs.camunda.io "Job workers", section Timeouts)', () => {
  // Zeebe 8.5+ checks deadlines every second (8.3: every 30 s); ours reacts at the deadline.
  it('makes a timed-out job activatable again with its retries unchanged; the late completion gets NOT_FOUND', async () => {
    await oneTask('jobs-timeout', 'jobs-timeout');
    const pik = await start('jobs-timeout');
    const activatedAt = Date.now();
    const first = await takeJob(t.zbc, 'jobs-timeout', { worker: 'slow-worker', timeout: 1_000 });
    expect(first.retries).toBe(3);
    // Inside the activation window nobody else gets it.
    expect(await activatableNow(t.zbc, 'jobs-timeout')).toEqual([]);

    // A long-polling worker is woken when the job times out.
    const second = await takeJob(t.zbc, 'jobs-timeout', { worker: 'fast-worker', waitMs: 6_000 });
    expect(Date.now() - activatedAt).toBeGreaterThanOrEqual(950);
    expect(second.key).toBe(first.key);
    expect(second.worker).toBe('fast-worker');
    expect(second.retries).toBe(3);

    await t.zbc.completeJob({ jobKey: second.key, variables: { by: 'fast-worker' } });
    const late = await grpcError(t.zbc.completeJob({ jobKey: first.key, variables: { by: 'slow-worker' } }));
    expect(late.code).toBe(Code.NOT_FOUND);

    const timedOut = await t.log.find({ processInstanceKey: pik, valueType: 'JOB', intent: 'TIMED_OUT' });
    expect(timedOut).toHaveLength(1);
    expect(timedOut[0]?.key).toBe(first.key);
  });
});

describe('long polling (gRPC reference, ActivateJobsRequest.requestTimeout)', () => {
  it('answers a request made before the instance existed as soon as the job is created', async () => {
    await oneTask('jobs-longpoll', 'jobs-longpoll');
    const pending = activateJobs(t.zbc, { type: 'jobs-longpoll', requestTimeout: 5_000, maxJobsToActivate: 1 });
    await sleep(300);
    const createdAt = Date.now();
    const pik = await start('jobs-longpoll');
    const { jobs, ms } = await pending;
    const sinceCreation = Date.now() - createdAt;
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.processInstanceKey).toBe(pik);
    expect(sinceCreation).toBeLessThan(1_500);
    expect(ms).toBeLessThan(3_000);
    const job = jobs[0];
    if (job) await t.zbc.completeJob({ jobKey: job.key, variables: {} });
  });

  it('ends with no jobs after about requestTimeout when none appears', async () => {
    const { jobs, ms } = await activateJobs(t.zbc, { type: 'jobs-nothing-here', requestTimeout: 1_500 });
    expect(jobs).toEqual([]);
    expect(ms).toBeGreaterThanOrEqual(1_400);
    expect(ms).toBeLessThan(3_500);
  });

  it('answers at once when requestTimeout is negative', async () => {
    const { jobs, ms } = await activateJobs(t.zbc, { type: 'jobs-nothing-here', requestTimeout: -1 });
    expect(jobs).toEqual([]);
    expect(ms).toBeLessThan(500);
  });

  it('rejects a blank type, maxJobsToActivate < 1 and timeout < 1 with INVALID_ARGUMENT', async () => {
    const blank = await grpcError(activateJobs(t.zbc, { type: '' }));
    expect(blank.code).toBe(Code.INVALID_ARGUMENT);
    const noMax = await grpcError(activateJobs(t.zbc, { type: 'jobs-invalid', maxJobsToActivate: 0 }));
    expect(noMax.code).toBe(Code.INVALID_ARGUMENT);
    const noTimeout = await grpcError(activateJobs(t.zbc, { type: 'jobs-invalid', timeout: 0 }));
    expect(noTimeout.code).toBe(Code.INVALID_ARGUMENT);
    expect(noTimeout.details).toContain('timeout');
  });
});

describe('FailJob (gRPC reference, FailJob RPC; "Job workers")', () => {
  it('with retries left makes the job activatable again with the new retries, recording the error message', async () => {
    await oneTask('jobs-fail', 'jobs-fail');
    const pik = await start('jobs-fail');
    const job = await takeJob(t.zbc, 'jobs-fail');
    expect(job.retries).toBe(3);
    await t.zbc.failJob({ jobKey: job.key, retries: 2, errorMessage: 'scanner offline', retryBackOff: 0 });

    const again = await takeJob(t.zbc, 'jobs-fail', { waitMs: 2_000 });
    expect(again.key).toBe(job.key);
    expect(again.retries).toBe(2);
    const failed = await t.log.find({ processInstanceKey: pik, valueType: 'JOB', intent: 'FAILED' });
    expect(failed).toHaveLength(1);
    expect(failed[0]?.value).toMatchObject({ errorMessage: 'scanner offline', retries: 2 });
    await t.zbc.completeJob({ jobKey: again.key, variables: {} });
  });

  it('with a retry backoff keeps the job back until the backoff has passed', async () => {
    await oneTask('jobs-backoff', 'jobs-backoff');
    await start('jobs-backoff');
    const job = await takeJob(t.zbc, 'jobs-backoff');
    const failedAt = Date.now();
    await t.zbc.failJob({ jobKey: job.key, retries: 1, errorMessage: 'try later', retryBackOff: 1_500 });

    expect(await activatableNow(t.zbc, 'jobs-backoff')).toEqual([]);
    await sleep(700);
    expect(await activatableNow(t.zbc, 'jobs-backoff')).toEqual([]);

    const again = await takeJob(t.zbc, 'jobs-backoff', { waitMs: 5_000 });
    expect(Date.now() - failedAt).toBeGreaterThanOrEqual(1_450);
    expect(again.key).toBe(job.key);
    expect(again.retries).toBe(1);
    await t.zbc.completeJob({ jobKey: again.key, variables: {} });
  });

  it('sets its variables local to the task: the retry sees them, the process instance does not', async () => {
    await oneTask('jobs-fail-vars', 'jobs-fail-vars');
    const result = t.zbc.createProcessInstanceWithResult({ bpmnProcessId: 'jobs-fail-vars', variables: { caseNo: 'F-1' }, requestTimeout: 15_000 });
    const job = await takeJob(t.zbc, 'jobs-fail-vars');
    // zeebe-node 8.3.2's FailJobRequest type lacks the proto's `variables` field; the call passes it on.
    const fail: FailJobRequest & { variables: string } = {
      jobKey: job.key,
      retries: 1,
      errorMessage: 'retry with context',
      retryBackOff: 0,
      variables: JSON.stringify({ attempt: 1, lastError: 'timeout' }),
    };
    await t.zbc.failJob(fail);

    const again = await takeJob(t.zbc, 'jobs-fail-vars', { waitMs: 2_000 });
    expect(again.variables).toMatchObject({ caseNo: 'F-1', attempt: 1, lastError: 'timeout' });
    const created = await t.log.find({ processInstanceKey: again.processInstanceKey, valueType: 'VARIABLE', intent: 'CREATED' });
    const attempt = created.find((r) => r.value['name'] === 'attempt');
    expect(String(attempt?.value['scopeKey'])).toBe(again.elementInstanceKey);

    await t.zbc.completeJob({ jobKey: again.key, variables: { done: true } });
    const { variables } = await result;
    expect(variables).toEqual({ caseNo: 'F-1', done: true });
  });

  it('with no retries left leaves a job that can no longer be completed (FAILED_PRECONDITION)', async () => {
    await oneTask('jobs-failed-complete', 'jobs-failed-complete');
    await start('jobs-failed-complete');
    const job = await takeJob(t.zbc, 'jobs-failed-complete');
    await t.zbc.failJob({ jobKey: job.key, retries: 0, errorMessage: 'broken', retryBackOff: 0 });
    const rejected = await grpcError(t.zbc.completeJob({ jobKey: job.key, variables: {} }));
    expect(rejected.code).toBe(Code.FAILED_PRECONDITION);
    expect(rejected.details).toContain(job.key);
  });
});

describe('CompleteJob and UpdateJobRetries rejections (gRPC reference)', () => {
  it('answers NOT_FOUND for a job key that does not exist', async () => {
    const missing = await grpcError(t.zbc.completeJob({ jobKey: UNKNOWN_KEY, variables: {} }));
    expect(missing.code).toBe(Code.NOT_FOUND);
    expect(missing.details).toContain(UNKNOWN_KEY);
  });

  it('rejects UpdateJobRetries with retries < 1 as INVALID_ARGUMENT', async () => {
    await oneTask('jobs-retries', 'jobs-retries');
    await start('jobs-retries');
    const job = await takeJob(t.zbc, 'jobs-retries');
    expect((await grpcError(t.zbc.updateJobRetries({ jobKey: job.key, retries: 0 }))).code).toBe(Code.INVALID_ARGUMENT);
    expect((await grpcError(t.zbc.updateJobRetries({ jobKey: job.key, retries: -1 }))).code).toBe(Code.INVALID_ARGUMENT);
    // A valid update still works on the same job.
    await t.zbc.updateJobRetries({ jobKey: job.key, retries: 4 });
    await t.zbc.completeJob({ jobKey: job.key, variables: {} });
  });
});

describe('job-based user tasks (docs.camunda.io 8.3 "User tasks"; zeebe-protocol.md §5)', () => {
  it('makes a bpmn:userTask a job of type io.camunda.zeebe:userTask with its assignment, schedule and form as headers', async () => {
    const xml = line(
      'jobs-user-task',
      userTask('review', {
        assignee: 'clerk-7',
        candidateGroups: 'intake, legal',
        candidateUsers: 'u1,u2',
        dueDate: '2026-12-01T10:15:30+02:00',
        followUpDate: '2026-11-28T09:00:30Z',
        formKey: 'my-app:intake-form',
      }),
      userTask('approve', { assignee: '=approver', candidateGroups: '=groups', candidateUsers: '=["x", "y"]', dueDate: '=deadline' }),
    );
    await deploy('jobs-user-task', xml);
    const pik = await start('jobs-user-task', { approver: 'head-1', groups: ['heads', 'board'], deadline: '2026-12-24T12:00:30+01:00' });

    const review = await takeJob(t.zbc, 'io.camunda.zeebe:userTask');
    expect(review.type).toBe('io.camunda.zeebe:userTask');
    expect(review.elementId).toBe('review');
    expect(review.processInstanceKey).toBe(pik);
    const h = review.customHeaders;
    expect(h['io.camunda.zeebe:assignee']).toBe('clerk-7');
    expect(typeof h['io.camunda.zeebe:candidateGroups']).toBe('string');
    expect(JSON.parse(String(h['io.camunda.zeebe:candidateGroups']))).toEqual(['intake', 'legal']);
    expect(JSON.parse(String(h['io.camunda.zeebe:candidateUsers']))).toEqual(['u1', 'u2']);
    expect(h['io.camunda.zeebe:dueDate']).toBe('2026-12-01T10:15:30+02:00');
    expect(h['io.camunda.zeebe:followUpDate']).toBe('2026-11-28T09:00:30Z');
    expect(h['io.camunda.zeebe:formKey']).toBe('my-app:intake-form');
    await t.zbc.completeJob({ jobKey: review.key, variables: { reviewed: true } });

    const approve = await takeJob(t.zbc, 'io.camunda.zeebe:userTask');
    expect(approve.elementId).toBe('approve');
    const a = approve.customHeaders;
    expect(a['io.camunda.zeebe:assignee']).toBe('head-1');
    expect(typeof a['io.camunda.zeebe:candidateGroups']).toBe('string');
    expect(JSON.parse(String(a['io.camunda.zeebe:candidateGroups']))).toEqual(['heads', 'board']);
    expect(JSON.parse(String(a['io.camunda.zeebe:candidateUsers']))).toEqual(['x', 'y']);
    expect(a['io.camunda.zeebe:dueDate']).toBe('2026-12-24T12:00:30+01:00');
    expect(a['io.camunda.zeebe:formKey']).toBeUndefined();
    await t.zbc.completeJob({ jobKey: approve.key, variables: {} });
  });
});

describe('a zeebe-node worker (docs.camunda.io "Job workers")', () => {
  it('processes many jobs, each exactly once, and every instance completes', async () => {
    await oneTask('jobs-many', 'jobs-many');
    const handled = new Map<string, number>();
    const worker = t.zbc.createWorker({
      taskType: 'jobs-many',
      loglevel: 'NONE',
      maxJobsToActivate: 8,
      timeout: 30_000,
      taskHandler: (job) => {
        handled.set(job.key, (handled.get(job.key) ?? 0) + 1);
        return job.complete({ handled: true });
      },
    });
    try {
      const COUNT = 60;
      const instances = await Promise.all(Array.from({ length: COUNT }, (_, n) => start('jobs-many', { n })));
      expect(new Set(instances).size).toBe(COUNT);
      await eventually(
        async () => {
          const [row] = await t.sql`select count(*)::int as n from engine.process_instances where bpmn_process_id = 'jobs-many' and state = 'COMPLETED'`;
          return row?.['n'] === COUNT ? true : undefined;
        },
        20_000,
        `${COUNT} completed instances`,
      );
      expect(handled.size).toBe(COUNT);
      expect([...handled.values()].every((n) => n === 1)).toBe(true);
    } finally {
      await worker.close();
    }
  });
});
