// One measured setup: a server child (the engine, or the null gateway) and the load children
// pointed at it. Starting them, summing the load's progress, and reading CPU and RSS from /proc.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerApi, ServerReady } from './engine-process.js';
import type { LoadApi, Progress } from './load-process.js';
import { Child, cpuMsOf, machineBusyMs, memoryOf, treeCpuMsOf, type Memory } from './procs.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface SetupOptions {
  readonly kind: 'engine' | 'null';
  readonly databaseUrl?: string;
  readonly clients: number;
  /** Extra node flags for the server child (e.g. --cpu-prof). */
  readonly serverFlags?: readonly string[];
  readonly postmasterPid?: number;
}

export interface CpuSnapshot {
  readonly server: number;
  readonly load: number;
  readonly postgres: number;
  /** The bench's own process (orchestration, sampling). */
  readonly bench: number;
  /** Everything busy on the machine. */
  readonly machine: number;
  readonly at: number;
}

export class Setup {
  private readonly progress: Progress[];
  private waiters: { target: number; resolve: () => void }[] = [];
  /** [ms, total completed] each time a load process reports, for stall detection. */
  readonly timeline: [number, number][] = [];

  private constructor(
    readonly options: SetupOptions,
    readonly server: Child<ServerApi>,
    readonly port: number,
    readonly loads: Child<LoadApi>[],
  ) {
    this.progress = loads.map(() => ({ completed: 0, lastAt: 0 }));
    loads.forEach((load, i) =>
      load.on('progress', (data) => {
        this.progress[i] = data as Progress;
        const total = this.completed;
        this.timeline.push([performance.timeOrigin + performance.now(), total]);
        for (const l of this.loads) l.post({ event: 'completed-total', data: total });
        const ready = this.waiters.filter((w) => total >= w.target);
        this.waiters = this.waiters.filter((w) => total < w.target);
        for (const w of ready) w.resolve();
      }),
    );
  }

  static async start(options: SetupOptions): Promise<Setup> {
    const { child: server, ready } = await Child.start<ServerApi>(options.kind, path.join(here, 'engine-process.ts'), {
      args: [options.kind],
      env: { ...process.env, ...(options.databaseUrl ? { BENCH_DATABASE_URL: options.databaseUrl } : {}) },
      nodeFlags: ['--expose-gc', ...(options.serverFlags ?? [])],
    });
    const port = (ready as ServerReady).port;
    const loads: Child<LoadApi>[] = [];
    try {
      for (let i = 0; i < options.clients; i++) {
        const { child } = await Child.start<LoadApi>(`load-${i + 1}`, path.join(here, 'load-process.ts'), { args: [`127.0.0.1:${port}`] });
        loads.push(child);
      }
    } catch (error) {
      server.kill();
      for (const l of loads) l.kill();
      throw error;
    }
    return new Setup(options, server, port, loads);
  }

  /** Instances whose final job was completed, over all load processes. */
  get completed(): number {
    return this.progress.reduce((a, p) => a + p.completed, 0);
  }

  get lastCompletionAt(): number {
    return Math.max(...this.progress.map((p) => p.lastAt));
  }

  /** Resolves once `target` instances are complete; rejects if nothing completes for `stallMs`. */
  async completedAtLeast(target: number, stallMs = 30_000): Promise<void> {
    if (this.completed >= target) return;
    let seen = this.completed;
    let since = Date.now();
    await new Promise<void>((resolve, reject) => {
      const check = setInterval(() => {
        if (this.completed !== seen) {
          seen = this.completed;
          since = Date.now();
        } else if (Date.now() - since > stallMs) {
          clearInterval(check);
          const detail = Promise.race([
            Promise.all(this.loads.map((l) => l.call('state', null).catch((e: unknown) => String(e)))),
            new Promise<string>((r) => setTimeout(() => r('(no answer)'), 2_000)),
          ]);
          void detail.then((states) =>
            reject(new Error(`${this.options.kind}: stuck at ${seen}/${target} completed instances for ${stallMs / 1000} s; load processes: ${JSON.stringify(states)}`)),
          );
        }
      }, 250);
      this.waiters.push({
        target,
        resolve: () => {
          clearInterval(check);
          resolve();
        },
      });
    });
  }

  /** The longest time between `from` and `to` in which no instance completed, ms. */
  longestStall(from: number, to: number): number {
    let longest = 0;
    let last = from;
    let lastTotal = -1;
    for (const [at, total] of this.timeline) {
      if (at < from || at > to || total === lastTotal) continue;
      longest = Math.max(longest, at - last);
      last = at;
      lastTotal = total;
    }
    return Math.max(longest, to - last);
  }

  cpu(): CpuSnapshot {
    return {
      server: cpuMsOf(this.server.pid),
      load: this.loads.reduce((a, l) => a + cpuMsOf(l.pid), 0),
      postgres: this.options.postmasterPid !== undefined ? treeCpuMsOf(this.options.postmasterPid) : 0,
      bench: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
      machine: machineBusyMs(),
      at: performance.timeOrigin + performance.now(),
    };
  }

  serverMemory(): Memory {
    return memoryOf(this.server.pid);
  }

  async stop(): Promise<void> {
    await Promise.all(this.loads.map((l) => l.stop(5_000)));
    await this.server.stop(15_000);
  }
}

export interface CpuUse {
  /** Wall time of the measurement, s. */
  readonly seconds: number;
  /** CPU ms per instance in each part. */
  readonly serverMsPerInstance: number;
  readonly loadMsPerInstance: number;
  readonly postgresMsPerInstance: number;
  /** Share of one core each part used on average. */
  readonly serverCores: number;
  readonly loadCores: number;
  readonly postgresCores: number;
  /** Cores busy with processes that are not part of this bench (other work on the machine). */
  readonly otherCores: number;
}

export function cpuUse(a: CpuSnapshot, b: CpuSnapshot, instances: number): CpuUse {
  const wall = b.at - a.at;
  return {
    seconds: wall / 1000,
    serverMsPerInstance: (b.server - a.server) / instances,
    loadMsPerInstance: (b.load - a.load) / instances,
    postgresMsPerInstance: (b.postgres - a.postgres) / instances,
    serverCores: (b.server - a.server) / wall,
    loadCores: (b.load - a.load) / wall,
    postgresCores: (b.postgres - a.postgres) / wall,
    otherCores: Math.max(0, b.machine - a.machine - (b.server - a.server) - (b.load - a.load) - (b.postgres - a.postgres) - (b.bench - a.bench)) / wall,
  };
}

/**
 * This machine is shared (other test runs, builds): wait until it has been nearly idle for a
 * second before a timed run — at most `maxWaitMs`. Returns the cores others used in the last second.
 */
export async function awaitQuiet(log: (s: string) => void, maxWaitMs = 120_000, threshold = 0.25): Promise<number> {
  const until = Date.now() + maxWaitMs;
  let warned = false;
  for (;;) {
    const a = machineBusyMs();
    await new Promise((r) => setTimeout(r, 1_000));
    const busy = (machineBusyMs() - a) / 1_000;
    if (busy <= threshold) return busy;
    if (Date.now() > until) {
      log(`the machine is still busy (${busy.toFixed(1)} cores used by other processes); measuring anyway`);
      return busy;
    }
    if (!warned) {
      log(`waiting for the machine to be quiet (${busy.toFixed(1)} cores busy with other processes)`);
      warned = true;
    }
  }
}
