// engine.md, "Durable before acknowledged": a gRPC answer goes out only after its state change is
// committed, so `kill -9` of the engine at any moment loses nothing that was acknowledged; timers,
// job deadlines, buffered messages, incidents and waiting instances resume after a restart.
// The engine runs as a child process here (tests/support/engine-process.ts) so it can really be
// killed; the restarted engine uses the same database and the same port, and the same zeebe-node
// client reconnects to it as a user's worker would.
import postgres from 'postgres';
import type { ZBClient } from 'zeebe-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../db/embedded.js';
import { line, messageCatch, serviceTask, timerCatch, userTask } from '../support/bpmn.js';
import { startChild, type Child } from '../support/child-process.js';
import { createTestDatabase } from '../support/db.js';
import { zeebeClient } from '../support/engine.js';
import { takeJob } from '../support/jobs.js';
import { eventually, sleep } from '../support/wait.js';

const USER_TASK = 'io.camunda.zeebe:userTask';

/** One engine process at a time on a database of its own, restartable on the same port. */
class CrashableEngine {
  child: Child | undefined;
  readonly clients: ZBClient[] = [];
  sql!: postgres.Sql;
  private constructor(
    readonly databaseUrl: string,
    readonly port: number,
  ) {}

  static async create(label: string): Promise<CrashableEngine> {
    const e = new CrashableEngine(await createTestDatabase(label), await freePort());
    e.sql = postgres(e.databaseUrl, { max: 2, onnotice: () => {} });
    await e.start();
    return e;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = await startChild('tests/support/engine-process.ts', 'engine-process ready', { DATABASE_URL: this.databaseUrl, GATEWAY_PORT: String(this.port) });
  }

  /** `kill -9`: no shutdown hook of the engine runs. */
  async crash(): Promise<void> {
    await this.child?.kill();
    this.child = undefined;
  }

  client(): ZBClient {
    const c = zeebeClient(this.address);
    this.clients.push(c);
    return c;
  }

  async stop(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.close(2_000).catch(() => undefined)));
    await this.child?.stop();
    await this.sql.end();
  }
}

/** Retries a call until the restarted engine answers it: the client reconnects on its own, after a backoff. */
async function untilAnswered<T>(what: string, fn: () => Promise<T>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (Date.now() > until) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; last error: ${error instanceof Error ? error.message : String(error)}`);
      await sleep(50);
    }
  }
}

// docs.camunda.io/docs/components/zeebe/technical-concepts/internal-processing/ and
// .../technical-concepts/clustering/ ("Commit"): a command's follow-up events are committed before
// the broker answers, so an acknowledged command survives a broker crash.
// docs.camunda.io/docs/components/concepts/job-workers/ ("Timeouts"): a job is exclusively handed to
// one worker; a completed job is never handed out again.
describe('kill -9 in the middle of a flow', () => {
  let e: CrashableEngine;
  beforeAll(async () => {
    e = await CrashableEngine.create('crash_mid_flow');
  });
  afterAll(async () => e?.stop());

  it('finishes every instance exactly once and never re-activates a job whose completion was acknowledged', { timeout: 90_000 }, async () => {
    const N = 20;
    const KILL_AT = [15, 40]; // two crashes, after this many of the 3 × N CompleteJob calls
    const zbc = e.client();
    await zbc.deployResource({
      name: 'crash-flow.bpmn',
      process: Buffer.from(line('crash-flow', serviceTask('check', 'crash-check'), userTask('review'), serviceTask('archive', 'crash-archive'))),
    });
    const instances: string[] = [];
    for (let i = 0; i < N; i++) {
      instances.push((await zbc.createProcessInstance({ bpmnProcessId: 'crash-flow', variables: { caseNo: `C-${i}` } })).processInstanceKey);
    }

    const acknowledged = new Set<string>();
    const violations: string[] = [];
    let sent = 0;
    const kills: Promise<void>[] = [];
    let activations = 0;
    let unacknowledged = 0;
    const handler = async (job: { key: string; type: string; elementId: string; forward: () => unknown }): Promise<never> => {
      activations++;
      if (acknowledged.has(job.key)) violations.push(`${job.type} job ${job.key} (${job.elementId}) was activated again after its completion had been acknowledged`);
      await sleep(5 + Math.floor(Math.random() * 25));
      // Through the client rather than job.complete(): zeebe-node 8.3.2's job.complete()
      // swallows a failed CompleteJob, and this test must know which ones were acknowledged.
      const completion = zbc.completeJob({ jobKey: job.key, variables: { [job.elementId]: 'done' } });
      if (KILL_AT.includes(++sent)) kills.push(e.crash()); // the engine dies with completions in flight
      try {
        await completion;
        acknowledged.add(job.key);
      } catch {
        unacknowledged++; // the engine may or may not have committed it; either is allowed
      }
      return job.forward() as never;
    };
    const workers = ['crash-check', USER_TASK, 'crash-archive'].map((taskType) =>
      zbc.createWorker({ taskType, taskHandler: handler, maxJobsToActivate: 4, timeout: 3_000, pollInterval: 100, loglevel: 'NONE' }),
    );

    try {
      for (const [i, at] of KILL_AT.entries()) {
        await eventually(() => (kills[i] ? true : undefined), 30_000, `${at} CompleteJob calls before kill ${i + 1}`);
        await kills[i];
        const acknowledgedBeforeCrash = acknowledged.size;
        await sleep(200); // let the in-flight calls fail
        await e.start();
        console.log(`crash mid-flow: killed after ${at} CompleteJob calls, ${acknowledgedBeforeCrash} acknowledged, ${unacknowledged} unanswered so far; restarted`);
      }

      await eventually(
        async () => {
          const [row] = await e.sql<{ n: string }[]>`select count(*) as n from engine.process_instances where bpmn_process_id = 'crash-flow' and state = 'COMPLETED'`;
          return Number(row?.n) === N ? true : undefined;
        },
        45_000,
        `all ${N} instances to complete after the restart`,
      );
    } finally {
      await Promise.all(workers.map((w) => w.close(2_000).catch(() => undefined)));
    }

    expect(violations).toEqual([]);
    expect(unacknowledged, 'CompleteJob calls cut off by the kills').toBeGreaterThanOrEqual(KILL_AT.length);
    expect(activations).toBeGreaterThanOrEqual(3 * N);

    // The record log: each instance's process completed exactly once, each of its three tasks too.
    const completed = await e.sql<{ pik: string; element: string; n: string }[]>`
      select process_instance_key::text as pik, value->>'elementId' as element, count(*) as n
        from engine.record_log
       where value_type = 'PROCESS_INSTANCE' and intent = 'ELEMENT_COMPLETED'
         and value->>'bpmnElementType' in ('PROCESS', 'SERVICE_TASK', 'USER_TASK')
         and value->>'bpmnProcessId' = 'crash-flow'
       group by 1, 2`;
    for (const pik of instances) {
      const mine = Object.fromEntries(completed.filter((r) => r.pik === pik).map((r) => [r.element, Number(r.n)]));
      expect(mine, `instance ${pik}`).toEqual({ 'crash-flow': 1, check: 1, review: 1, archive: 1 });
    }
    expect(new Set(completed.map((r) => r.pik))).toEqual(new Set(instances));

    // Every acknowledged CompleteJob is in the log, exactly once.
    const jobCompletions = await e.sql<{ key: string; n: string }[]>`
      select key::text as key, count(*) as n from engine.records where value_type = 'JOB' and intent = 'COMPLETED' group by 1`;
    const completions = new Map(jobCompletions.map((r) => [r.key, Number(r.n)]));
    for (const key of acknowledged) expect(completions.get(key), `JOB COMPLETED records of acknowledged job ${key}`).toBe(1);
    expect(jobCompletions.every((r) => Number(r.n) === 1)).toBe(true);
    expect(jobCompletions.length).toBe(3 * N);
  });
});

describe('waiting states survive kill -9', () => {
  let e: CrashableEngine;
  beforeAll(async () => {
    e = await CrashableEngine.create('crash_waiting');
  });
  afterAll(async () => e?.stop());

  // docs.camunda.io/docs/components/modeler/bpmn/timer-events/ (a timer catch event fires when
  // its duration has passed), docs.camunda.io/docs/components/concepts/job-workers/ ("Timeouts":
  // an activated job not completed within its timeout is made available to workers again),
  // docs.camunda.io/docs/components/concepts/messages/ ("Message buffering": a message with a
  // time-to-live correlates to an instance that subscribes later), and
  // docs.camunda.io/docs/components/concepts/incidents/ (an incident stays until it is resolved;
  // a job's incident is resolved by giving the job retries and resolving the incident).
  it('keeps a pending timer, an activated job past its deadline, a buffered message and an incident', { timeout: 90_000 }, async () => {
    const zbc = e.client();
    for (const [id, xml] of [
      ['crash-timer', line('crash-timer', timerCatch('wait', { duration: 'PT2S' }))],
      ['crash-deadline', line('crash-deadline', serviceTask('work', 'crash-deadline-work'))],
      ['crash-message', line('crash-message', messageCatch('parcel', 'parcel-arrived', '=caseNo'))],
      ['crash-incident', line('crash-incident', serviceTask('print', 'crash-print', { retries: '1' }))],
    ] as const) {
      await zbc.deployResource({ name: `${id}.bpmn`, process: Buffer.from(xml) });
    }

    // An incident: the worker fails the job with no retries left.
    const broken = await zbc.createProcessInstance({ bpmnProcessId: 'crash-incident', variables: {} });
    const printJob = await takeJob(zbc, 'crash-print', { timeout: 60_000 });
    expect(printJob.processInstanceKey).toBe(broken.processInstanceKey);
    await zbc.failJob({ jobKey: printJob.key, retries: 0, errorMessage: 'printer on fire', retryBackOff: 0 });
    const incidentBefore = await eventually(async () => {
      const [row] = await e.sql<{ key: string; state: string }[]>`select key::text as key, state from engine.incidents where job_key = ${printJob.key}`;
      return row;
    });
    expect(incidentBefore.state).toBe('ACTIVE');

    // A buffered message nobody waits for yet.
    await zbc.publishMessage({ name: 'parcel-arrived', correlationKey: 'C-7', timeToLive: 60_000, variables: { parcel: 'arrived' } });

    // An activated job whose deadline passes while the engine is down.
    const waitingJob = await zbc.createProcessInstance({ bpmnProcessId: 'crash-deadline', variables: {} });
    const job = await takeJob(zbc, 'crash-deadline-work', { timeout: 1_500 });
    expect(job.processInstanceKey).toBe(waitingJob.processInstanceKey);
    const deadline = Number(job.deadline);

    // A timer that is still pending when the engine dies.
    const timerStarted = Date.now();
    const timed = await zbc.createProcessInstance({ bpmnProcessId: 'crash-timer', variables: {} });

    await e.crash();
    expect(Date.now() - timerStarted, 'the timer is still pending at the crash').toBeLessThan(2_000);
    while (Date.now() <= deadline + 50) await sleep(50); // the job's deadline passes while the engine is down
    await e.start();

    // The timer fires after the restart — not before its 2 s are up.
    await eventually(
      async () => {
        const [row] = await e.sql<{ state: string }[]>`select state from engine.process_instances where key = ${timed.processInstanceKey}`;
        return row?.state === 'COMPLETED' ? true : undefined;
      },
      15_000,
      'the timer instance to complete after the restart',
    );
    const [triggered] = await e.sql<{ timestamp: string }[]>`
      select timestamp::text from engine.records where value_type = 'TIMER' and intent = 'TRIGGERED' and process_instance_key = ${timed.processInstanceKey}`;
    expect(Number(triggered?.timestamp) - timerStarted).toBeGreaterThanOrEqual(2_000);

    // The timed-out job is handed out again, to the worker that asks now.
    await untilAnswered('the client to reach the restarted engine', () => zbc.topology());
    const again = await takeJob(zbc, 'crash-deadline-work', { timeout: 60_000 });
    expect(again.key).toBe(job.key);
    const timedOut = await e.sql`select 1 from engine.records where value_type = 'JOB' and intent = 'TIMED_OUT' and key = ${job.key}`;
    expect(timedOut.length).toBe(1);
    await zbc.completeJob({ jobKey: again.key, variables: {} });

    // The buffered message correlates to an instance created after the restart.
    const result = await zbc.createProcessInstanceWithResult({ bpmnProcessId: 'crash-message', variables: { caseNo: 'C-7' }, requestTimeout: 10_000 });
    expect(result.variables).toMatchObject({ caseNo: 'C-7', parcel: 'arrived' });

    // The incident is still there, and resolving it lets the job run again.
    const [incidentAfter] = await e.sql<{ key: string; state: string; error_message: string }[]>`
      select key::text as key, state, error_message from engine.incidents where job_key = ${printJob.key}`;
    expect(incidentAfter).toMatchObject({ key: incidentBefore.key, state: 'ACTIVE', error_message: 'printer on fire' });
    await zbc.updateJobRetries({ jobKey: printJob.key, retries: 1 });
    await zbc.resolveIncident({ incidentKey: incidentBefore.key });
    const retried = await takeJob(zbc, 'crash-print', { timeout: 60_000 });
    expect(retried.key).toBe(printJob.key);
    await zbc.completeJob({ jobKey: retried.key, variables: {} });

    await eventually(
      async () => {
        const rows = await e.sql<{ n: string }[]>`
          select count(*) as n from engine.process_instances
           where key in (${broken.processInstanceKey}, ${waitingJob.processInstanceKey}) and state = 'COMPLETED'`;
        return Number(rows[0]?.n) === 2 ? true : undefined;
      },
      10_000,
      'the deadline and incident instances to complete',
    );
    const [resolved] = await e.sql<{ state: string }[]>`select state from engine.incidents where key = ${incidentBefore.key}`;
    expect(resolved?.state).toBe('RESOLVED');
  });
});
