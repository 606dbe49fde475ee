// Child process entry: the load. One zeebe-node ZBClient (its own connection for creates and
// completions) and one worker per job type of the case flow (each worker has its own connection,
// as zeebe-node gives it). The bench starts several of these so one grpc-js client is not the
// limit, and sums what they report.
import { ZBClient, type ZBWorker } from 'zeebe-node';
import { FLOWS, completionVariables, type FlowName, type FlowSpec } from './flow.js';
import { notify, serve } from './procs.js';

export interface WorkerConfig {
  /** Jobs a worker holds at once (zeebe-node's maxJobsToActivate). */
  readonly maxJobsToActivate: number;
  /** How often an idle worker may open its next ActivateJobs, ms. */
  readonly pollIntervalMs: number;
  /** How long an ActivateJobs waits for jobs (requestTimeout), ms. */
  readonly longPollMs: number;
}

export interface CreateStats {
  readonly created: number;
  /** Creates answered RESOURCE_EXHAUSTED / UNAVAILABLE and tried again. */
  readonly retried: number;
  readonly firstAt: number;
  readonly lastAckAt: number;
}

export interface Progress {
  /** Instances whose final job this process completed (the completion was acknowledged). */
  readonly completed: number;
  readonly lastAt: number;
}

export type LoadApi = {
  /** Deploys the flow's processes (called ones first); answers the main process's definition key. */
  deploy: (flow: FlowName) => Promise<string>;
  /** Starts the workers of `flow`; this process creates instances of `flow` from now on. */
  startWorkers: (config: WorkerConfig & { readonly flow: FlowName }) => void;
  /** Creates `count` instances, at most `concurrency` calls in flight and `window` unfinished instances overall. */
  throughput: (config: { count: number; concurrency: number; window: number; peers: number; completedBase: number; seed: number }) => Promise<CreateStats>;
  /** Creates `count` instances at a fixed rate. */
  rate: (config: { count: number; perSecond: number; offsetMs: number; seed: number }) => Promise<CreateStats>;
  /** Creates without workers: the instances stay waiting at their first task. */
  createOnly: (config: { count: number; concurrency: number; seed: number }) => Promise<CreateStats>;
  record: (on: boolean) => void;
  /** [job key, job type, ms when the worker's handler got it] while recording. */
  receipts: (arg: null) => [string, string, number][];
  progress: (arg: null) => Progress;
  /** What the process is doing, for a stuck run's error message. */
  state: (arg: null) => Record<string, unknown>;
  /** Failed gRPC attempts by "call code", retried ones included. */
  callErrors: (arg: null) => Record<string, number>;
  stop: (arg: null) => void;
};

export interface LoadReady {
  readonly pid: number;
}

const RETRYABLE = new Set([8 /* RESOURCE_EXHAUSTED */, 14 /* UNAVAILABLE */]);
const now = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function main(): void {
  const address = process.argv[2];
  if (!address) throw new Error('load-process: pass the gateway address (127.0.0.1:port)');
  // zeebe-node's defaults, as a production worker runs: retry on (UNAVAILABLE and
  // RESOURCE_EXHAUSTED are tried again after a back-off), logs off.
  const zbc = new ZBClient(address, { loglevel: 'NONE', useTLS: false });
  const workers: ZBWorker<Record<string, unknown>, Record<string, string>, Record<string, unknown>>[] = [];

  let flowSpec: FlowSpec = FLOWS.case;
  let completed = 0;
  let lastAt = 0;
  let globalCompleted = 0;
  let recording = false;
  let receipts: [string, string, number][] = [];
  let onCompletion: (() => void)[] = [];
  // Failed gRPC attempts by call and code, retried ones included: zeebe-node retries some and
  // job.complete() swallows the rest (that job then waits for its timeout), so the bench counts
  // them where the ZBClient makes the call. (Workers activate jobs on connections of their own.)
  const callErrors: Record<string, number> = {};
  const grpc = (zbc as unknown as { grpc: Record<string, unknown> }).grpc;
  for (const name of ['completeJobSync', 'createProcessInstanceSync']) {
    const call = grpc[name];
    if (typeof call !== 'function') throw new Error(`load-process: zeebe-node's grpc client has no ${name}`);
    const fn = call as (request: unknown) => Promise<unknown>;
    grpc[name] = (request: unknown) =>
      fn.call(grpc, request).catch((error: unknown) => {
        const e = error as { code?: number; details?: string } | null;
        const key = `${name.replace(/Sync$/, '')} ${String(e?.code ?? '?')}`;
        if (!callErrors[key]) console.error(`load-process: ${name} failed (${key}): ${e?.details ?? String(error)}`);
        callErrors[key] = (callErrors[key] ?? 0) + 1;
        throw error;
      });
  }

  // The parent relays the total of completed instances over all load processes (for the window).
  process.on('message', (m: unknown) => {
    const n = m as { event?: string; data?: unknown } | null;
    if (n?.event === 'completed-total' && typeof n.data === 'number') {
      globalCompleted = n.data;
      const waiting = onCompletion;
      onCompletion = [];
      for (const w of waiting) w();
    }
  });

  let reported = 0;
  const progressTimer = setInterval(() => {
    if (completed !== reported) {
      reported = completed;
      notify('progress', { completed, lastAt } satisfies Progress);
    }
  }, 20);
  progressTimer.unref();

  let issuedTotal = 0;
  let createsInFlight = 0;
  const create = async (i: number, stats: { retried: number; lastAckAt: number }): Promise<void> => {
    issuedTotal++;
    for (;;) {
      try {
        createsInFlight++;
        await zbc.createProcessInstance({ bpmnProcessId: flowSpec.processId, variables: flowSpec.variables(i) }).finally(() => createsInFlight--);
        stats.lastAckAt = now();
        return;
      } catch (error) {
        const code = (error as { code?: number } | null)?.code;
        if (code === undefined || !RETRYABLE.has(code)) throw error;
        stats.retried++;
        await sleep(10);
      }
    }
  };

  const api: LoadApi = {
    deploy: async (flow) => {
      let key = '';
      for (const resource of FLOWS[flow].resources()) {
        const r = await zbc.deployResource({ name: resource.name, process: Buffer.from(resource.xml) });
        const p = r.deployments[0];
        if (!p || !('process' in p)) throw new Error('load-process: the deployment holds no process');
        key = p.process.processDefinitionKey;
      }
      return key;
    },

    startWorkers: (config) => {
      flowSpec = FLOWS[config.flow];
      for (const type of flowSpec.jobTypes) {
        const variables = completionVariables(type);
        const final = type === flowSpec.finalJobType;
        workers.push(
          zbc.createWorker<Record<string, unknown>, Record<string, string>, Record<string, unknown>>({
            taskType: type,
            loglevel: 'NONE',
            maxJobsToActivate: config.maxJobsToActivate,
            pollInterval: config.pollIntervalMs,
            longPoll: config.longPollMs,
            timeout: 60_000,
            taskHandler: async (job) => {
              if (recording) receipts.push([job.key, type, now()]);
              const ack = await job.complete(variables);
              if (final) {
                completed++;
                lastAt = now();
                const waiting = onCompletion;
                onCompletion = [];
                for (const w of waiting) w();
              }
              return ack;
            },
          }),
        );
      }
    },

    throughput: async ({ count, concurrency, window, peers, completedBase, seed }) => {
      const stats = { created: 0, retried: 0, firstAt: now(), lastAckAt: 0 };
      let issued = 0;
      // Every process keeps issued_i ≤ (completions since the call, over all processes + window) /
      // peers, so the unfinished instances of all processes stay ≤ window; a process that is
      // ahead waits for the others, and none can starve (the total it waits for includes its own).
      // The parent relays the total; `completedBase` is that total when this call was made.
      globalCompleted = Math.max(globalCompleted, completedBase);
      const mayIssue = (): boolean => issued < (globalCompleted - completedBase + window) / peers;
      const lane = async (): Promise<void> => {
        while (issued < count) {
          if (!mayIssue()) {
            await new Promise<void>((r) => onCompletion.push(r));
            continue;
          }
          const i = seed + issued++;
          await create(i, stats);
          stats.created++;
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
      return stats;
    },

    rate: async ({ count, perSecond, offsetMs, seed }) => {
      const stats = { created: 0, retried: 0, firstAt: 0, lastAckAt: 0 };
      const interval = 1000 / perSecond;
      const start = now() + offsetMs;
      stats.firstAt = start;
      const calls: Promise<void>[] = [];
      for (let j = 0; j < count; j++) {
        const due = start + j * interval;
        const wait = due - now();
        if (wait > 1) await sleep(wait);
        calls.push(create(seed + j, stats).then(() => void stats.created++));
      }
      await Promise.all(calls);
      return stats;
    },

    createOnly: async ({ count, concurrency, seed }) => {
      const stats = { created: 0, retried: 0, firstAt: now(), lastAckAt: 0 };
      let issued = 0;
      const lane = async (): Promise<void> => {
        while (issued < count) {
          const i = seed + issued++;
          await create(i, stats);
          stats.created++;
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
      return stats;
    },

    record: (on) => {
      recording = on;
      if (on) receipts = [];
    },
    receipts: () => receipts,
    progress: () => ({ completed, lastAt }),
    callErrors: () => callErrors,
    state: () => ({
      completed,
      globalCompleted,
      issued: issuedTotal,
      createsInFlight,
      waitingForWindow: onCompletion.length,
      callErrors,
      workers: workers.map((w) => {
        const x = w as unknown as { taskType: string; activeJobs: number; pollMutex: boolean; jobStream?: unknown; stalled: boolean; connected: boolean };
        return { type: x.taskType, activeJobs: x.activeJobs, polling: x.pollMutex, stream: x.jobStream !== undefined, stalled: x.stalled, connected: x.connected };
      }),
    }),

    stop: () => {
      setImmediate(() => {
        clearInterval(progressTimer);
        Promise.all(workers.map((w) => w.close(1_000).catch(() => null)))
          .then(() => zbc.close(2_000))
          .catch(() => null)
          .finally(() => process.exit(0));
      });
    },
  };
  serve(api);
  notify('ready', { pid: process.pid } satisfies LoadReady);
}

main();
