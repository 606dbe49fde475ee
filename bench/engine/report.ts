// The results: their shape (also what bench/results/latest.json holds) and the printed table.
import type { BaselineResult } from './baseline-bpmn-engine.js';
import type { PgUse } from './database.js';
import type { Diagnostics } from './engine-process.js';
import type { CpuUse } from './servers.js';
import { FLOWS } from './flow.js';
import { MiB, type Summary } from './stats.js';

export const TARGETS = {
  instancesPerSecond: 500,
  activationP99Ms: 25,
  waitingRssMiB: 256,
} as const;

export interface Throughput {
  readonly instances: number;
  /** First create to last completion. */
  readonly seconds: number;
  readonly instancesPerSecond: number;
  readonly cpu: CpuUse;
  readonly serverPeakRss: number;
  /** Longest time without any instance completing, ms (a reconnect, a GC, a stuck pipeline). */
  readonly longestStallMs: number;
  /** Failed gRPC attempts so far, "call code" → count (retried ones included). */
  readonly callErrors: Record<string, number>;
  readonly diagnostics: Diagnostics;
  /** Which attempt was kept (a run disturbed by other processes on the machine is repeated). */
  readonly attempts?: number;
  /** What the engine's writes cost PostgreSQL (engine only). */
  readonly postgres?: PgUse & { readonly backends: Record<string, number> };
}

export interface LatencyResults {
  readonly rate: number;
  readonly seconds: number;
  /** Jobs of the fixed-rate run that were matched to their creation. */
  readonly jobs: number;
  readonly unmatched: number;
  /** Job created (server clock) → the worker's handler has it (client clock; same machine), ms. */
  readonly delivered: Summary;
  /** Job created → activated, both as the server noted them (engine: its records, ms resolution). */
  readonly activation: Summary;
  readonly deliveredByType: Record<string, Summary>;
  readonly diagnostics: Diagnostics;
  /** Cores other processes on the machine used meanwhile. */
  readonly otherCores: number;
}

export interface ServerResults {
  readonly throughput: Throughput;
  readonly latency: LatencyResults;
  readonly checks: { readonly ok: boolean; readonly notes: string[]; readonly states?: Record<string, number>; readonly records?: number };
}

export interface MemoryResults {
  readonly instances: number;
  readonly createSeconds: number;
  readonly createsPerSecond: number;
  readonly createRetries: number;
  readonly createCpu: CpuUse;
  readonly rssBefore: number;
  readonly rssAfter: number;
  readonly peakRss: number;
  /** process.memoryUsage() in the engine after a full GC, idle and with the instances. */
  readonly heapBefore: NodeJS.MemoryUsage;
  readonly heapAfter: NodeJS.MemoryUsage;
  readonly bytesPerInstance: number;
  readonly heapBytesPerInstance: number;
  /** After the engine sat idle with the instances for `seconds` (they fold; V8 returns the burst's pages): the steady state. */
  readonly settled: {
    readonly seconds: number;
    readonly rss: number;
    readonly heap: NodeJS.MemoryUsage;
    readonly bytesPerInstance: number;
    readonly heapBytesPerInstance: number;
  };
  readonly restart: { readonly seconds: number; readonly rss: number; readonly peakRss: number; readonly settledSeconds: number; readonly settledRss: number };
  readonly heapSnapshot?: string;
  readonly checks: { readonly ok: boolean; readonly notes: string[]; readonly states: Record<string, number> };
}

export interface Results {
  readonly at: string;
  readonly machine: { readonly cpus: number; readonly cpuModel: string; readonly memoryMiB: number; readonly node: string };
  readonly config: Record<string, unknown>;
  baseline?: BaselineResult[];
  nullGateway?: ServerResults;
  engine?: ServerResults;
  /** `--flow coverage|all`: the coverage flow (flow.ts) on the engine. */
  coverage?: ServerResults;
  memory?: MemoryResults;
  database?: { kind: string; settings: Record<string, string>; commitMs: Summary };
  wallSeconds?: number;
}

const f0 = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(0));
const f1 = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(1));
const f2 = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(2));
const mib = (b: number): string => `${(b / MiB).toFixed(0)} MiB`;
const pct = (v: number): string => `${(v * 100).toFixed(0)}%`;
const pad = (s: string, n: number): string => (s.length >= n ? s + ' ' : s + ' '.repeat(n - s.length));
const verdict = (ok: boolean): string => (ok ? 'met' : 'NOT met');

export function printReport(r: Results): void {
  const W = [40, 22, 18, 30];
  const row = (...cells: string[]): string => cells.map((c, i) => (i < W.length ? pad(c, W[i] ?? 12) : c)).join('').trimEnd();
  const e = r.engine;
  const n = r.nullGateway;
  const m = r.memory;
  const source = r.baseline?.find((b) => b.mode === 'source');
  const pre = r.baseline?.find((b) => b.mode === 'preparsed');
  const out: string[] = [''];
  out.push('Case flow: start → service task → service task → exclusive gateway → user task (job) → service task → end (4 jobs per instance)');
  out.push(
    `Machine: ${r.machine.cpus} × ${r.machine.cpuModel}, Node ${r.machine.node}. Load: ${String(r.config['clients'])} client processes, each 1 zeebe-node ZBClient ` +
      `+ 1 worker per job type; worker settings ${JSON.stringify(r.config['workers'])}`,
  );
  if (r.database) {
    const s = r.database.settings;
    out.push(
      `PostgreSQL ${s['server_version'] ?? '?'} (${r.database.kind}): fsync=${s['fsync']}, synchronous_commit=${s['synchronous_commit']}, ` +
        `wal_sync_method=${s['wal_sync_method']}; one tiny commit takes p50 ${f1(r.database.commitMs.p50)} ms, p99 ${f1(r.database.commitMs.p99)} ms`,
    );
  }
  out.push('');
  out.push(row('', 'engine', 'null gateway', 'bpmn-engine (in memory)', 'target'));
  const tput = e ? `${f0(e.throughput.instancesPerSecond)}` : '—';
  out.push(
    row(
      'throughput, instances/s',
      tput,
      n ? f0(n.throughput.instancesPerSecond) : '—',
      pre || source ? `${f0(pre?.instancesPerSecond)} pre-parsed, ${f0(source?.instancesPerSecond)} parsing` : '—',
      `≥ ${TARGETS.instancesPerSecond}${e ? `: ${verdict(e.throughput.instancesPerSecond >= TARGETS.instancesPerSecond)}` : ''}`,
    ),
  );
  if (e && n) out.push(row('  engine ÷ null gateway', pct(e.throughput.instancesPerSecond / n.throughput.instancesPerSecond)));
  if (e && pre) out.push(row('  engine ÷ bpmn-engine', `${f1(e.throughput.instancesPerSecond / pre.instancesPerSecond)}× pre-parsed`, '', source ? `(${f1(e.throughput.instancesPerSecond / source.instancesPerSecond)}× parsing per instance)` : ''));
  const cpu = (x: ServerResults | undefined, pick: (c: CpuUse) => number): string => (x ? f1(pick(x.throughput.cpu)) : '—');
  out.push(row('CPU ms per instance: server', cpu(e, (c) => c.serverMsPerInstance), cpu(n, (c) => c.serverMsPerInstance), pre ? f1(pre.cpuMsPerInstance) : ''));
  out.push(row('                     PostgreSQL', cpu(e, (c) => c.postgresMsPerInstance), '—'));
  out.push(row('                     zeebe-node clients', cpu(e, (c) => c.loadMsPerInstance), cpu(n, (c) => c.loadMsPerInstance)));
  const cores = (x: ServerResults | undefined, pg: boolean): string =>
    x ? `${f2(x.throughput.cpu.serverCores)}/${pg ? f2(x.throughput.cpu.postgresCores) : '—'}/${f2(x.throughput.cpu.loadCores)}/${f2(x.throughput.cpu.otherCores)}` : '—';
  out.push(row('cores used: server/pg/clients/OTHER', cores(e, true), cores(n, false)));
  if ([e, n].some((x) => x && x.throughput.cpu.otherCores > 0.25)) {
    out.push('  WARNING: other processes on this machine used > 0.25 cores during a throughput run (OTHER); that run is low by about as much.');
  }
  out.push(row('longest time without a completion', e ? `${f0(e.throughput.longestStallMs)} ms` : '—', n ? `${f0(n.throughput.longestStallMs)} ms` : '—'));
  out.push(row('server peak RSS (flow runs)', e ? mib(e.throughput.serverPeakRss) : '—', n ? mib(n.throughput.serverPeakRss) : '—'));
  const lat = (x: ServerResults | undefined, pick: (l: LatencyResults) => Summary): string => (x ? `${f1(pick(x.latency).p50)} / ${f1(pick(x.latency).p99)}` : '—');
  const rate = String(r.config['rate']);
  out.push(
    row(
      `activation latency @${rate}/s, p50 / p99 ms`,
      lat(e, (l) => l.delivered),
      lat(n, (l) => l.delivered),
      '',
      `p99 ≤ ${TARGETS.activationP99Ms}${e ? `: ${verdict(e.latency.delivered.p99 <= TARGETS.activationP99Ms)}` : ''}`,
    ),
  );
  out.push('  (job created → in the worker\'s handler)');
  out.push(row('  of which created → activated (server)', lat(e, (l) => l.activation), lat(n, (l) => l.activation)));
  if (m) {
    out.push(
      row(
        `${m.instances} waiting instances: RSS`,
        `${mib(m.settled.rss)} (${mib(m.rssAfter)} at once)`,
        '',
        '',
        `≤ ${TARGETS.waitingRssMiB} MiB: ${verdict(m.settled.rss <= TARGETS.waitingRssMiB * MiB)}`,
      ),
    );
    out.push(`  (after ${m.settled.seconds} s idle; "at once": right after the creation burst; peak ${mib(m.peakRss)})`);
  }

  out.push('');
  const diag = (d: Diagnostics): string =>
    `${d.commits} commits of ${f0(d.recordsPerCommit.mean)} records (max ${f0(d.recordsPerCommit.max)}); a commit's write takes p50 ${f1(d.writeMs.p50)} / p99 ${f1(d.writeMs.p99)} ms ` +
    `and one is in flight ${pct(d.writeBusy)} of the time; event-loop delay p99 ${f1(d.eventLoopDelayMs.p99)} ms (max ${f0(d.eventLoopDelayMs.max)})`;
  if (e) {
    out.push(`Engine, throughput run: ${diag(e.throughput.diagnostics)}`);
    out.push(`Engine, @${rate}/s run:   ${diag(e.latency.diagnostics)}`);
  }
  const pg = e?.throughput.postgres;
  if (pg) {
    const rows = Object.entries(pg.rowsPerInstance)
      .map(([t, v]) => `${t} ${[v.ins ? `+${f1(v.ins)}` : '', v.upd ? `~${f1(v.upd)}` : '', v.del ? `-${f1(v.del)}` : ''].filter(Boolean).join(' ')}`)
      .join(', ');
    out.push(
      `PostgreSQL per instance: ${f0(pg.walBytesPerInstance / 1024)} KiB of WAL (${f0(pg.walRecordsPerInstance)} WAL records, ${f1(pg.walFullPagesPerInstance)} full pages); ` +
        `WAL writes ${f0(pg.walWriteMsPerSecond)} ms/s, fsyncs ${f0(pg.walSyncMsPerSecond)} ms/s (${pg.walSyncs} fsyncs); ${pg.checkpoints} checkpoints`,
    );
    out.push(`  rows per instance (+insert ~update -delete): ${rows}`);
    out.push(
      `  the engine's connections, sampled (average number in each state): ${Object.entries(pg.backends)
        .slice(0, 5)
        .map(([k, v]) => `${k} ${f2(v)}`)
        .join(', ')}`,
    );
  }
  if (n) {
    out.push(
      `Null gateway: event-loop delay p99 ${f1(n.throughput.diagnostics.eventLoopDelayMs.p99)} ms in the throughput run, ${f1(n.latency.diagnostics.eventLoopDelayMs.p99)} ms @${rate}/s`,
    );
  }
  if (m) {
    out.push(
      `Memory: engine RSS ${mib(m.rssBefore)} idle → ${mib(m.rssAfter)} with ${m.instances} waiting instances, after a full GC: ${f0(m.bytesPerInstance)} B RSS and ` +
        `${f0(m.heapBytesPerInstance)} B of JS heap per instance; heap used ${mib(m.heapAfter.heapUsed)} of ${mib(m.heapAfter.heapTotal)} allocated ` +
        `(idle ${mib(m.heapBefore.heapUsed)} of ${mib(m.heapBefore.heapTotal)})`,
    );
    out.push(
      `  after ${m.settled.seconds} s idle: RSS ${mib(m.settled.rss)}, ${f0(m.settled.bytesPerInstance)} B RSS and ${f0(m.settled.heapBytesPerInstance)} B of JS heap per instance; ` +
        `heap used ${mib(m.settled.heap.heapUsed)} of ${mib(m.settled.heap.heapTotal)} allocated`,
    );
    out.push(
      `  created at ${f0(m.createsPerSecond)}/s (engine ${f2(m.createCpu.serverMsPerInstance)} ms + PostgreSQL ${f2(m.createCpu.postgresMsPerInstance)} ms CPU per create); ` +
        `a restart with them is ready in ${f1(m.restart.seconds)} s at ${mib(m.restart.rss)} RSS (peak ${mib(m.restart.peakRss)}; ` +
        `${mib(m.restart.settledRss)} after ${m.restart.settledSeconds} s, folded again)`,
    );
  }
  const c = r.coverage;
  if (c) {
    // Only the coverage flow was run: the case flow's table would be all dashes.
    if (!e && !n && !m && !r.baseline) out.splice(1, out.length - 1);
    out.push('');
    out.push(`Coverage flow (engine only; the null gateway cannot fan out a multi-instance task): ${FLOWS.coverage.description}`);
    out.push(row('', 'engine', '', '', 'target'));
    out.push(
      row(
        'throughput, instances/s',
        f0(c.throughput.instancesPerSecond),
        '',
        '',
        `≥ ${TARGETS.instancesPerSecond}: ${verdict(c.throughput.instancesPerSecond >= TARGETS.instancesPerSecond)}`,
      ),
    );
    const cc = c.throughput.cpu;
    out.push(row('CPU ms per instance: server/pg/clients', `${f1(cc.serverMsPerInstance)}/${f1(cc.postgresMsPerInstance)}/${f1(cc.loadMsPerInstance)}`));
    out.push(row('cores used: server/pg/clients/OTHER', `${f2(cc.serverCores)}/${f2(cc.postgresCores)}/${f2(cc.loadCores)}/${f2(cc.otherCores)}`));
    out.push(row('longest time without a completion', `${f0(c.throughput.longestStallMs)} ms`));
    out.push(
      row(
        `activation latency @${rate}/s, p50 / p99 ms`,
        `${f1(c.latency.delivered.p50)} / ${f1(c.latency.delivered.p99)}`,
        '',
        '',
        `p99 ≤ ${TARGETS.activationP99Ms}: ${verdict(c.latency.delivered.p99 <= TARGETS.activationP99Ms)}`,
      ),
    );
    out.push(row('  of which created → activated (server)', `${f1(c.latency.activation.p50)} / ${f1(c.latency.activation.p99)}`));
    out.push(
      `  by job type, delivered p50 / p99 ms: ${Object.entries(c.latency.deliveredByType)
        .map(([t, v]) => `${t} ${f1(v.p50)} / ${f1(v.p99)}`)
        .join(', ')}`,
    );
    out.push(`Coverage flow, throughput run: ${diag(c.throughput.diagnostics)}`);
    out.push(`Coverage flow, @${rate}/s run:   ${diag(c.latency.diagnostics)}`);
  }
  const notes = [...(n?.checks.notes ?? []), ...(e?.checks.notes ?? []), ...(m?.checks.notes ?? []), ...(c?.checks.notes ?? [])];
  const noisyRate = [e, n, c].filter((x) => x && x.latency.otherCores > 0.25).length > 0;
  if (noisyRate) out.push('WARNING: other processes used > 0.25 cores during a fixed-rate run; its latencies may be high.');
  out.push(notes.length === 0 ? 'Checks: every instance ended (or waits) as expected; no incidents, no failed calls.' : `CHECKS FAILED: ${notes.join('; ')}`);
  if (r.wallSeconds !== undefined) out.push(`Wall time ${f0(r.wallSeconds)} s.`);
  console.log(out.join('\n'));
}
