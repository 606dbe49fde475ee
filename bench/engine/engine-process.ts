// Child process entry: the server under test, alone in its process so /proc/<pid> shows its CPU
// and RSS and nothing else. `engine` starts the real engine on BENCH_DATABASE_URL; `null` starts
// the null gateway. Started with --expose-gc so the parent can ask for a collection before it
// reads RSS (a heap full of garbage says little about what the instances cost).
//
// For the engine it also watches, without changing anything: how long each group commit's write
// takes and how many records it carries (by wrapping StateWriter.prototype.write), and how late
// the event loop runs (perf_hooks.monitorEventLoopDelay).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import path from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { JOB_TYPES } from './flow.js';
import { startNullGateway, type NullTimings } from './null-gateway.js';
import { notify, serve } from './procs.js';
import { summarize, type Summary } from './stats.js';

export interface Diagnostics {
  /** Group commits written. */
  readonly commits: number;
  /** Duration of one commit's write (one statement + fsync), ms. */
  readonly writeMs: Summary;
  /** Records per commit. */
  readonly recordsPerCommit: Summary;
  /** Share of the wall time a write was in flight. */
  readonly writeBusy: number;
  /** How late timers ran: the event loop's delay, ms. */
  readonly eventLoopDelayMs: { readonly p50: number; readonly p99: number; readonly max: number };
}

export type ServerApi = {
  /** Full collection (if --expose-gc), then the heap numbers. */
  gc: (arg: null) => NodeJS.MemoryUsage;
  record: (on: boolean) => void;
  nullTimings: (arg: null) => NullTimings;
  /** Diagnostics since the last call (which resets them). */
  diagnostics: (arg: null) => Diagnostics;
  /** Writes a heap snapshot into `dir`; returns its path. */
  heapSnapshot: (dir: string) => string;
  stop: (arg: null) => void;
};

export interface ServerReady {
  readonly port: number;
}

async function main(): Promise<void> {
  const mode = process.argv[2];
  const host = '127.0.0.1';
  let stop: () => Promise<void>;
  let port: number;
  let record: (on: boolean) => void = () => {};
  let timings = (): NullTimings => ({ created: [], activated: [], dropped: 0 });

  let writes: number[] = [];
  let records: number[] = [];
  let since = performance.now();
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();

  if (mode === 'engine') {
    const databaseUrl = process.env['BENCH_DATABASE_URL'];
    if (!databaseUrl) throw new Error('engine-process: BENCH_DATABASE_URL is not set');
    // Loaded only here, so the null gateway runs whatever state engine/ is in.
    const { startEngine } = await import('../../engine/engine.js');
    const { StateWriter } = await import('../../engine/state/writer.js');
    const write = StateWriter.prototype.write as (this: unknown, ...args: Parameters<typeof StateWriter.prototype.write>) => Promise<void>;
    StateWriter.prototype.write = async function timedWrite(this: unknown, ...args: Parameters<typeof write>): Promise<void> {
      const t = performance.now();
      try {
        await write.apply(this, args);
      } finally {
        writes.push(performance.now() - t);
        records.push(args[0].records.length);
      }
    };
    const engine = await startEngine({ databaseUrl, port: 0, host });
    port = engine.port;
    stop = () => engine.stop();
  } else if (mode === 'null') {
    const gateway = await startNullGateway({ host, port: 0, jobTypes: JOB_TYPES });
    port = gateway.port;
    stop = () => gateway.stop();
    record = (on) => gateway.record(on);
    timings = () => gateway.timings();
  } else {
    throw new Error(`engine-process: expected 'engine' or 'null', got ${String(mode)}`);
  }

  const api: ServerApi = {
    gc: () => {
      const gc = (globalThis as { gc?: () => void }).gc;
      if (gc) {
        gc();
        gc();
      }
      return process.memoryUsage();
    },
    record: (on) => record(on),
    nullTimings: () => timings(),
    diagnostics: () => {
      const wall = performance.now() - since;
      const d: Diagnostics = {
        commits: writes.length,
        writeMs: summarize(writes),
        recordsPerCommit: summarize(records),
        writeBusy: wall > 0 ? writes.reduce((a, b) => a + b, 0) / wall : 0,
        eventLoopDelayMs: { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
      };
      writes = [];
      records = [];
      since = performance.now();
      loop.reset();
      return d;
    },
    heapSnapshot: (dir) => writeHeapSnapshot(path.join(dir, `engine-${process.pid}-${Date.now()}.heapsnapshot`)),
    stop: () => {
      // Answer first, then stop and exit (a --cpu-prof profile is written on exit).
      setImmediate(() => {
        stop().then(
          () => process.exit(0),
          (error: unknown) => {
            console.error('engine-process: stopping failed', error);
            process.exit(1);
          },
        );
      });
    },
  };
  serve(api);
  notify('ready', { port } satisfies ServerReady);
}

main().catch((error: unknown) => {
  console.error('engine-process: failed to start', error);
  process.exit(1);
});
