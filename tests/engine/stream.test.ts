// StreamActivatedJobs (experimental in 8.3): a worker keeps one call open and the gateway pushes
// jobs to it as they become activatable, instead of the worker polling. zeebe-node 8.3.2 does not
// call it, so the raw gateway client does, as the Java/Go clients' `streamEnabled` workers would.
// References: gateway.proto shipped with zeebe-node ("StreamActivatedJobs": "stream jobs back to
// the client as they become activatable"; INVALID_ARGUMENT for a blank type or a timeout < 1),
// docs.camunda.io/docs/8.4/components/concepts/job-workers/ ("Job streaming") and
// docs.camunda.io/docs/8.3/apis-tools/grpc/ (ActivatedJob, CompleteJob).
import { beforeAll, describe, expect, it } from 'vitest';
import { line, serviceTask } from '../support/bpmn.js';
import { Code, grpcError, type Message, type RawStream } from '../support/gateway.js';
import { activatableNow, activatedJob, type ActivatedJob, takeJob } from '../support/jobs.js';
import { engineSuite } from '../support/suite.js';
import { eventually } from '../support/wait.js';

const t = engineSuite('stream');
const { deploy, start, instanceState } = t;

/** Process instances started only to learn that a stream is registered; their jobs are not the test's. */
const warmUps = new Set<string>();

beforeAll(async () => {
  for (const type of ['st-push', 'st-fetch', 'st-retry', 'st-share', 'st-close']) {
    await deploy(type, line(type, serviceTask('task', type, { headers: { region: 'north', priority: 'high' } })));
  }
});

/** A job as the stream pushed it, its deadline as epoch ms. */
type PushedJob = Omit<ActivatedJob, 'deadline'> & { readonly deadline: number };

function parsed(m: Message): PushedJob {
  const job = activatedJob(m);
  return { ...job, deadline: Number(job.deadline) };
}

/** The jobs a stream received, without the warm-up ones. */
function jobsOf(s: RawStream): PushedJob[] {
  return s.received.map(parsed).filter((j) => !warmUps.has(j.processInstanceKey));
}

function open(type: string, opts: { worker?: string; timeout?: number; fetchVariable?: string[] } = {}): RawStream {
  return t.raw.stream('StreamActivatedJobs', {
    type,
    worker: opts.worker ?? 'stream-worker',
    timeout: String(opts.timeout ?? 60_000),
    fetchVariable: opts.fetchVariable ?? [],
    tenantIds: [],
  });
}

/**
 * Nothing tells a client when the gateway has registered its stream, and only jobs that become
 * activatable afterwards are pushed. So: start warm-up instances of `type` until every stream
 * has been pushed one (completing them), then the test's own jobs can't race the registration.
 */
async function ready(type: string, streams: RawStream[]): Promise<void> {
  const until = Date.now() + 10_000;
  const seen = new Set<RawStream>();
  const missed: string[] = [];
  while (seen.size < streams.length) {
    if (Date.now() > until) throw new Error(`streams of '${type}' were not registered within 10 s`);
    const pi = await start(type);
    warmUps.add(pi);
    const got = await eventually(
      () => streams.find((s) => s.received.some((m) => String(m['processInstanceKey']) === pi)),
      300,
      'a warm-up job',
    ).catch(() => undefined);
    const job = got?.received.map(parsed).find((j) => j.processInstanceKey === pi);
    if (got && job) {
      seen.add(got);
      await t.zbc.completeJob({ jobKey: job.key, variables: {} });
    } else missed.push(pi);
  }
  // A warm-up job sent before the stream was registered is still waiting: don't leave it for the test.
  for (const pi of missed) {
    const pushed = streams.flatMap((s) => s.received.map(parsed)).find((j) => j.processInstanceKey === pi);
    if (pushed) await t.zbc.completeJob({ jobKey: pushed.key, variables: {} });
    else await t.zbc.cancelProcessInstance(pi);
  }
}

describe('StreamActivatedJobs (gateway.proto; docs "Job workers" → "Job streaming")', () => {
  it('pushes a job created after the stream opened, activated for the stream, and CompleteJob completes it', async () => {
    const s = open('st-push', { worker: 'pusher', timeout: 30_000 });
    try {
      await ready('st-push', [s]);
      const pi = await start('st-push', { caseNo: 'S-1', amount: 12.5 });
      const job = await eventually(() => jobsOf(s).find((j) => j.processInstanceKey === pi), 5_000, 'the pushed job');
      expect(job).toMatchObject({
        type: 'st-push',
        worker: 'pusher',
        elementId: 'task',
        retries: 3,
        variables: { caseNo: 'S-1', amount: 12.5 },
        customHeaders: { region: 'north', priority: 'high' },
      });
      // Activated with the stream's timeout: the deadline is ~30 s from now.
      expect(job.deadline).toBeGreaterThan(Date.now() + 20_000);
      expect(job.deadline).toBeLessThan(Date.now() + 40_000);
      // It was activated for the stream, so a polling worker doesn't get it as well.
      expect(await activatableNow(t.zbc, 'st-push')).toEqual([]);

      await t.zbc.completeJob({ jobKey: job.key, variables: { shipped: true } });
      expect(await instanceState(pi)).toBe('COMPLETED');
      expect(jobsOf(s)).toHaveLength(1);
    } finally {
      s.cancel();
    }
  });

  it('sends only the requested variables when fetchVariable is given', async () => {
    const s = open('st-fetch', { fetchVariable: ['caseNo'] });
    try {
      await ready('st-fetch', [s]);
      const pi = await start('st-fetch', { caseNo: 'S-2', secret: 'not for this worker' });
      const job = await eventually(() => jobsOf(s).find((j) => j.processInstanceKey === pi), 5_000, 'the pushed job');
      expect(job.variables).toEqual({ caseNo: 'S-2' });
      await t.zbc.completeJob({ jobKey: job.key, variables: {} });
    } finally {
      s.cancel();
    }
  });

  it('pushes a job again when a worker fails it with retries left (it becomes activatable again)', async () => {
    const s = open('st-retry');
    try {
      await ready('st-retry', [s]);
      const pi = await start('st-retry');
      const first = await eventually(() => jobsOf(s).find((j) => j.processInstanceKey === pi), 5_000, 'the pushed job');
      await t.zbc.failJob({ jobKey: first.key, retries: 2, errorMessage: 'printer jammed', retryBackOff: 0 });
      const again = await eventually(() => jobsOf(s).filter((j) => j.processInstanceKey === pi)[1], 5_000, 'the job pushed again');
      expect(again.key).toBe(first.key);
      expect(again.retries).toBe(2);
      await t.zbc.completeJob({ jobKey: again.key, variables: {} });
      expect(await instanceState(pi)).toBe('COMPLETED');
    } finally {
      s.cancel();
    }
  });

  it('shares the jobs of one type between two streams, each job to exactly one of them', async () => {
    const a = open('st-share', { worker: 'a' });
    const b = open('st-share', { worker: 'b' });
    try {
      await ready('st-share', [a, b]);
      const instances: string[] = [];
      for (let n = 0; n < 10; n++) instances.push(await start('st-share', { n }));
      await eventually(() => (jobsOf(a).length + jobsOf(b).length >= 10 ? true : undefined), 5_000, 'ten pushed jobs');

      const pushed = [...jobsOf(a), ...jobsOf(b)];
      expect(pushed).toHaveLength(10);
      expect(new Set(pushed.map((j) => j.key)).size).toBe(10);
      expect(new Set(pushed.map((j) => j.processInstanceKey))).toEqual(new Set(instances));
      expect(jobsOf(a).length).toBeGreaterThan(0);
      expect(jobsOf(b).length).toBeGreaterThan(0);
      expect(jobsOf(a).every((j) => j.worker === 'a')).toBe(true);
      expect(jobsOf(b).every((j) => j.worker === 'b')).toBe(true);
      for (const j of pushed) await t.zbc.completeJob({ jobKey: j.key, variables: {} });
    } finally {
      a.cancel();
      b.cancel();
    }
  });

  it('stops pushing once the worker closes its stream; later jobs stay activatable with ActivateJobs', async () => {
    const s = open('st-close');
    await ready('st-close', [s]);
    s.cancel();
    await s.done;
    const before = s.received.length;

    const pi = await start('st-close', { caseNo: 'S-3' });
    const job = await takeJob(t.zbc, 'st-close');
    expect(job.processInstanceKey).toBe(pi);
    expect(job.worker).toBe('engine-test');
    expect(s.received).toHaveLength(before);
    await t.zbc.completeJob({ jobKey: job.key, variables: {} });
    expect(await instanceState(pi)).toBe('COMPLETED');
  });

  it('rejects a blank type or a timeout below 1 with INVALID_ARGUMENT', async () => {
    const blank = await grpcError(open('').done);
    expect(blank.code).toBe(Code.INVALID_ARGUMENT);
    expect(blank.details).toContain('type');

    const noTimeout = await grpcError(open('st-push', { timeout: 0 }).done);
    expect(noTimeout.code).toBe(Code.INVALID_ARGUMENT);
    expect(noTimeout.details).toContain('timeout');
  });
});
