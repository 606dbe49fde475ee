// `npm run bench`: the engine benchmark. The case flow (service task → service task → exclusive
// gateway → user task → service task) through real zeebe-node workers over gRPC, with durable
// commits on a real PostgreSQL (fsync on). In the same invocation, as yardsticks:
//  - a NULL GATEWAY serving the same traffic with no engine work (the client's own ceiling), and
//  - the same flow on bpmn-engine in memory.
// Flags: --quick, --instances N, --clients N, --concurrency N, --window N, --max-jobs N,
// --poll-ms N, --long-poll-ms N, --rate N, --rate-seconds N, --waiting N, --baseline N,
// --only baseline,null,engine,memory, --flow case|coverage|all (coverage: call activity, parallel
// countersign of 3, timer boundary; engine only, see flow.ts; all: the case flow's phases, then
// the coverage flow on the engine; default case), --profile (engine CPU profile), --heap-snapshot (engine heap
// with the waiting instances), --engine-flags "…" (node flags for the engine process, e.g.
// --max-semi-space-size=2), --out FILE. bench/engine/profile-summary.ts reads profiles and snapshots.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runBaseline, type BaselineResult } from './baseline-bpmn-engine.js';
import {
  activeIncidents,
  commitLatencies,
  instanceStates,
  jobTimes,
  lastPosition,
  openBenchDatabase,
  pgStats,
  pgUse,
  readOnly,
  sampleBackends,
  type BenchDatabase,
} from './database.js';
import type { Diagnostics } from './engine-process.js';
import { FLOWS, JOB_TYPES, isFlowName, type FlowSpec } from './flow.js';
import type { WorkerConfig } from './load-process.js';
import { printReport, type LatencyResults, type MemoryResults, type Results, type ServerResults, type Throughput } from './report.js';
import { Setup, awaitQuiet, cpuUse } from './servers.js';
import { MiB, summarize } from './stats.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    instances: { type: 'string' },
    clients: { type: 'string' },
    concurrency: { type: 'string' },
    window: { type: 'string' },
    'max-jobs': { type: 'string' },
    'poll-ms': { type: 'string' },
    'long-poll-ms': { type: 'string' },
    rate: { type: 'string' },
    'rate-seconds': { type: 'string' },
    waiting: { type: 'string' },
    baseline: { type: 'string' },
    only: { type: 'string' },
    flow: { type: 'string', default: 'case' },
    profile: { type: 'boolean', default: false },
    'heap-snapshot': { type: 'boolean', default: false },
    'engine-flags': { type: 'string' },
    out: { type: 'string' },
  },
});

const num = (v: string | undefined, fallback: number): number => {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`bench: expected a number, got '${v}'`);
  return n;
};
const quick = flags.quick;
const config = {
  /** Instances timed for throughput (after a warm-up that is not timed). */
  instances: num(flags.instances, quick ? 300 : 5000),
  warmup: quick ? 50 : 300,
  /** Load processes, each one ZBClient + one worker per job type. */
  clients: num(flags.clients, 2),
  /** CreateProcessInstance calls in flight per load process. */
  concurrency: num(flags.concurrency, 32),
  /** Instances created but not yet completed, over all load processes. */
  window: num(flags.window, 1000),
  rate: num(flags.rate, 100),
  rateSeconds: num(flags['rate-seconds'], quick ? 3 : 10),
  waiting: num(flags.waiting, quick ? 5_000 : 100_000),
  waitingConcurrency: 64,
  /**
   * Seconds the engine sits idle with the waiting instances before their cost is read again: it
   * folds instances untouched for ~5 s (engine/state/folding.ts), and V8 hands back the pages the
   * creation burst left behind only once the process is idle (its memory reducer).
   */
  settleSeconds: quick ? 15 : 20,
  baseline: num(flags.baseline, quick ? 100 : 1000),
  /** A throughput run during which other processes used more cores than this is run again (twice at most). */
  noisyCores: 0.25,
  workers: {
    maxJobsToActivate: num(flags['max-jobs'], 128),
    pollIntervalMs: num(flags['poll-ms'], 5),
    longPollMs: num(flags['long-poll-ms'], 10_000),
  } satisfies WorkerConfig,
};
const flowFlag = flags.flow;
if (!isFlowName(flowFlag) && flowFlag !== 'all') throw new Error(`bench: --flow is case, coverage or all, got '${flowFlag}'`);
/** The case flow's phases run unless --flow coverage; the coverage flow runs on the engine only. */
const runCase = flowFlag !== 'coverage';
const runCoverage = flowFlag === 'coverage' || flowFlag === 'all';
const phases = new Set((flags.only ?? 'baseline,null,engine,memory').split(',').map((s) => s.trim()));
const outFile = path.resolve(flags.out ?? path.join(root, 'bench', 'results', 'latest.json'));
const profileDir = path.join(path.dirname(outFile), 'profiles');
const engineFlags = (flags['engine-flags'] ?? '').split(/\s+/).filter(Boolean);

const log = (s: string): void => console.log(`bench: ${s}`);
const wallNow = (): number => performance.timeOrigin + performance.now();

/** Splits `n` into `parts` nearly equal integers. */
const split = (n: number, parts: number): number[] => Array.from({ length: parts }, (_, i) => Math.floor(n / parts) + (i < n % parts ? 1 : 0));

interface Hooks {
  beforeThroughput?: () => Promise<void>;
  afterThroughput?: () => Promise<void>;
  beforeRate?: () => Promise<void>;
}

interface FlowRun {
  readonly throughput: Throughput;
  /** Instances created in all, warm-up and rate run included. */
  readonly created: number;
  readonly receipts: [string, string, number][];
  readonly rateDiagnostics: Diagnostics;
  readonly rateOtherCores: number;
}

/** Creates `count` instances as fast as the server takes them, within the window. */
async function createFlat(setup: Setup, count: number, seed: number): Promise<number> {
  const completedBase = setup.completed;
  const peers = setup.loads.length;
  const stats = await Promise.all(
    split(count, peers).map((n, i) =>
      setup.loads[i]?.call('throughput', { count: n, concurrency: config.concurrency, window: config.window, peers, completedBase, seed: seed + i * 1e6 }),
    ),
  );
  return Math.min(...stats.map((s) => s?.firstAt ?? Infinity));
}

async function throughputOnce(setup: Setup, label: string, seed: number, hooks: Hooks): Promise<Throughput> {
  await awaitQuiet(log);
  await setup.server.call('diagnostics', null);
  await hooks.beforeThroughput?.();
  const target = setup.completed + config.instances;
  const before = setup.cpu();
  // Both at once, so a run that stops making progress fails instead of waiting forever.
  const [first] = await Promise.all([createFlat(setup, config.instances, seed), setup.completedAtLeast(target)]);
  const after = setup.cpu();
  const diagnostics = await setup.server.call('diagnostics', null);
  await hooks.afterThroughput?.();
  const seconds = (setup.lastCompletionAt - first) / 1000;
  const t: Throughput = {
    instances: config.instances,
    seconds,
    instancesPerSecond: config.instances / seconds,
    cpu: cpuUse(before, after, config.instances),
    serverPeakRss: setup.serverMemory().hwm,
    longestStallMs: setup.longestStall(first, setup.lastCompletionAt),
    callErrors: await callErrors(setup),
    diagnostics,
  };
  log(
    `${label}: ${t.instancesPerSecond.toFixed(0)} instances/s (cores: server ${t.cpu.serverCores.toFixed(2)}, PostgreSQL ${t.cpu.postgresCores.toFixed(2)}, ` +
      `clients ${t.cpu.loadCores.toFixed(2)}, other processes ${t.cpu.otherCores.toFixed(2)})`,
  );
  return t;
}

async function runFlow(setup: Setup, label: string, hooks: Hooks = {}, flow: FlowSpec = FLOWS.case): Promise<FlowRun> {
  const { loads } = setup;
  await loads[0]?.call('deploy', flow.name);
  await Promise.all(loads.map((l) => l.call('startWorkers', { ...config.workers, flow: flow.name })));

  // Warm-up: the JIT, connections and pools settle before anything is timed.
  await Promise.all([createFlat(setup, config.warmup, 0), setup.completedAtLeast(config.warmup)]);
  let created = config.warmup;

  log(`${label}: throughput, ${config.instances} instances (${loads.length} client processes × ${config.concurrency} create lanes, ≤ ${config.window} unfinished)`);
  let throughput: Throughput | undefined;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const t = await throughputOnce(setup, label, 1e7 * attempt, hooks);
    created += config.instances;
    if (!throughput || t.cpu.otherCores < throughput.cpu.otherCores) throughput = { ...t, attempts: attempt };
    if (t.cpu.otherCores <= config.noisyCores) break;
    if (attempt < 3) log(`${label}: other processes took ${t.cpu.otherCores.toFixed(2)} cores during that run; running it again`);
  }
  if (!throughput) throw new Error('no throughput run');

  // Activation latency at a fixed rate.
  const count = Math.round(config.rate * config.rateSeconds);
  log(`${label}: activation latency at ${config.rate} instances/s for ${config.rateSeconds} s`);
  await awaitQuiet(log);
  await hooks.beforeRate?.();
  await Promise.all(loads.map((l) => l.call('record', true)));
  await setup.server.call('record', true);
  await setup.server.call('diagnostics', null);
  const target = setup.completed + count;
  const before = setup.cpu();
  await Promise.all([
    ...split(count, loads.length).map((c, i) =>
      loads[i]?.call('rate', { count: c, perSecond: config.rate / loads.length, offsetMs: (i * 1000) / config.rate, seed: 1e8 + i * 1e6 }),
    ),
    setup.completedAtLeast(target),
  ]);
  const rateOtherCores = cpuUse(before, setup.cpu(), count).otherCores;
  created += count;
  const rateDiagnostics = await setup.server.call('diagnostics', null);
  await Promise.all(loads.map((l) => l.call('record', false)));
  await setup.server.call('record', false);
  const receipts = (await Promise.all(loads.map((l) => l.call('receipts', null)))).flat();
  return { throughput, created, receipts, rateDiagnostics, rateOtherCores };
}

/** Failed gRPC attempts ("call code" → count, retried ones included) over all load processes so far. */
async function callErrors(setup: Setup): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const l of setup.loads) for (const [key, n] of Object.entries(await l.call('callErrors', null))) out[key] = (out[key] ?? 0) + n;
  return out;
}

function latencyFrom(run: FlowRun, created: Map<string, [string, number]>, activated: Map<string, number>): LatencyResults {
  const delivered: number[] = [];
  const serverSide: number[] = [];
  const perType: Record<string, number[]> = {};
  let unmatched = 0;
  for (const [key, type, at] of run.receipts) {
    const c = created.get(key);
    if (!c) {
      unmatched++;
      continue;
    }
    delivered.push(at - c[1]);
    (perType[type] ??= []).push(at - c[1]);
    const a = activated.get(key);
    if (a !== undefined) serverSide.push(a - c[1]);
  }
  return {
    rate: config.rate,
    seconds: config.rateSeconds,
    jobs: delivered.length,
    unmatched,
    delivered: summarize(delivered),
    activation: summarize(serverSide),
    deliveredByType: Object.fromEntries(Object.entries(perType).map(([t, v]) => [t, summarize(v)])),
    diagnostics: run.rateDiagnostics,
    otherCores: run.rateOtherCores,
  };
}

async function nullGatewayPhase(): Promise<ServerResults> {
  log('null gateway: starting');
  const setup = await Setup.start({ kind: 'null', clients: config.clients });
  try {
    const run = await runFlow(setup, 'null gateway');
    const t = await setup.server.call('nullTimings', null);
    const types = new Map(run.receipts.map(([k, type]) => [k, type]));
    const created = new Map<string, [string, number]>(t.created.map(([k, at]) => [k, [types.get(k) ?? '?', at]]));
    const notes: string[] = [];
    const errors = await callErrors(setup);
    if (Object.keys(errors).length > 0) notes.push(`null gateway: failed gRPC attempts (retried by zeebe-node where it could): ${JSON.stringify(errors)}`);
    if (t.dropped > 0) notes.push(`null gateway: ${t.dropped} jobs were handed to ActivateJobs calls already cancelled`);
    return { throughput: run.throughput, latency: latencyFrom(run, created, new Map(t.activated)), checks: { ok: notes.length === 0, notes } };
  } finally {
    await setup.stop();
  }
}

async function enginePhase(db: BenchDatabase, flow: FlowSpec = FLOWS.case): Promise<ServerResults> {
  const url = await db.create(flow.name === 'case' ? 'flow' : flow.name);
  const label = flow.name === 'case' ? 'engine' : `engine (${flow.name} flow)`;
  log(`${label}: starting`);
  const serverFlags = [...engineFlags, ...(flags.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])];
  if (flags.profile) mkdirSync(profileDir, { recursive: true });
  const setup = await Setup.start({ kind: 'engine', databaseUrl: url, clients: config.clients, serverFlags, postmasterPid: db.postmasterPid });
  const sql = readOnly(url);
  try {
    let ratePosition = 0;
    const pg: { before?: Awaited<ReturnType<typeof pgStats>>; sampler?: ReturnType<typeof sampleBackends>; last?: Throughput['postgres'] } = {};
    const run = await runFlow(setup, label, {
      beforeThroughput: async () => {
        pg.before = await pgStats(sql);
        pg.sampler = sampleBackends(sql, new URL(url).pathname.slice(1));
      },
      afterThroughput: async () => {
        const backends = (await pg.sampler?.stop()) ?? {};
        if (pg.before) pg.last = { ...pgUse(pg.before, await pgStats(sql), config.instances), backends };
      },
      beforeRate: async () => {
        ratePosition = await lastPosition(sql);
      },
    }, flow);
    const times = await jobTimes(sql, ratePosition);
    const records = await lastPosition(sql);
    const states = await instanceStates(sql);
    const incidents = await activeIncidents(sql);
    const notes: string[] = [];
    const expected = run.created * flow.processInstancesPerInstance;
    if ((states['COMPLETED'] ?? 0) !== expected) notes.push(`${label}: expected ${expected} COMPLETED process instances, found ${JSON.stringify(states)}`);
    if (incidents > 0) notes.push(`${label}: ${incidents} active incidents`);
    const errors = await callErrors(setup);
    if (Object.keys(errors).length > 0) notes.push(`${label}: failed gRPC attempts (retried by zeebe-node where it could): ${JSON.stringify(errors)}`);
    // The PostgreSQL numbers belong to the throughput run that was kept; the sampler ran on each.
    const throughput: Throughput = pg.last ? { ...run.throughput, postgres: pg.last } : run.throughput;
    return { throughput, latency: latencyFrom(run, times.created, times.activated), checks: { ok: notes.length === 0, notes, states, records } };
  } finally {
    await sql.end();
    await setup.stop();
  }
}

async function memoryPhase(db: BenchDatabase): Promise<MemoryResults> {
  const url = await db.create('waiting');
  log(`memory: ${config.waiting} instances waiting at their first service task (no workers)`);
  let setup = await Setup.start({ kind: 'engine', databaseUrl: url, clients: config.clients, serverFlags: engineFlags, postmasterPid: db.postmasterPid });
  const sql = readOnly(url);
  try {
    await setup.loads[0]?.call('deploy', 'case');
    await awaitQuiet(log);
    const heapBefore = await setup.server.call('gc', null);
    const before = setup.serverMemory();
    const cpu0 = setup.cpu();
    const t0 = wallNow();
    const creates = await Promise.all(
      split(config.waiting, setup.loads.length).map((count, i) =>
        setup.loads[i]?.call('createOnly', { count, concurrency: config.waitingConcurrency, seed: 3e8 + i * 1e6 }),
      ),
    );
    const seconds = (wallNow() - t0) / 1000;
    const cpu = cpuUse(cpu0, setup.cpu(), config.waiting);
    const peak = setup.serverMemory().hwm;
    const heapAfter = await setup.server.call('gc', null);
    const after = setup.serverMemory();
    log(`memory: ${(after.rss / MiB).toFixed(0)} MiB right after creating; idle for ${config.settleSeconds} s`);
    await new Promise((r) => setTimeout(r, config.settleSeconds * 1000));
    const heapSettled = await setup.server.call('gc', null);
    const settled = setup.serverMemory();
    let snapshot: string | undefined;
    if (flags['heap-snapshot']) {
      mkdirSync(profileDir, { recursive: true });
      log('memory: writing a heap snapshot of the engine');
      snapshot = await setup.server.call('heapSnapshot', profileDir);
    }
    const states = await instanceStates(sql);
    const notes: string[] = [];
    if ((states['ACTIVE'] ?? 0) !== config.waiting) notes.push(`expected ${config.waiting} ACTIVE instances, found ${JSON.stringify(states)}`);

    // A restart reloads every waiting instance: how long, and what it costs then.
    await setup.stop();
    const r0 = wallNow();
    setup = await Setup.start({ kind: 'engine', databaseUrl: url, clients: 1, serverFlags: engineFlags, postmasterPid: db.postmasterPid });
    const restartSeconds = (wallNow() - r0) / 1000;
    const restartPeak = setup.serverMemory().hwm;
    await setup.server.call('gc', null);
    const restart = setup.serverMemory();
    // A restart loads every instance unfolded; the engine folds them again in the background.
    await new Promise((r) => setTimeout(r, config.settleSeconds * 2000));
    await setup.server.call('gc', null);
    const restartSettled = setup.serverMemory();

    return {
      instances: config.waiting,
      createSeconds: seconds,
      createsPerSecond: config.waiting / seconds,
      createRetries: creates.reduce((a, c) => a + (c?.retried ?? 0), 0),
      createCpu: cpu,
      rssBefore: before.rss,
      rssAfter: after.rss,
      peakRss: Math.max(peak, after.hwm),
      heapBefore,
      heapAfter,
      bytesPerInstance: (after.rss - before.rss) / config.waiting,
      heapBytesPerInstance: (heapAfter.heapUsed - heapBefore.heapUsed) / config.waiting,
      settled: {
        seconds: config.settleSeconds,
        rss: settled.rss,
        heap: heapSettled,
        bytesPerInstance: (settled.rss - before.rss) / config.waiting,
        heapBytesPerInstance: (heapSettled.heapUsed - heapBefore.heapUsed) / config.waiting,
      },
      restart: {
        seconds: restartSeconds,
        rss: restart.rss,
        peakRss: Math.max(restartPeak, restart.hwm, restartSettled.hwm),
        settledSeconds: config.settleSeconds * 2,
        settledRss: restartSettled.rss,
      },
      ...(snapshot ? { heapSnapshot: snapshot } : {}),
      checks: { ok: notes.length === 0, notes, states },
    };
  } finally {
    await sql.end();
    await setup.stop();
  }
}

async function main(): Promise<void> {
  const started = wallNow();
  log(`${quick ? 'quick run' : 'full run'} on ${os.cpus().length} CPUs, Node ${process.version}; config ${JSON.stringify(config)}`);
  const results: Results = {
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '?', memoryMiB: Math.round(os.totalmem() / MiB), node: process.version },
    config: { ...config, engineFlags, flow: flowFlag, jobTypes: [...JOB_TYPES], ...(runCoverage ? { coverageJobTypes: [...FLOWS.coverage.jobTypes] } : {}) },
  };

  if (runCase && phases.has('baseline')) {
    log(`bpmn-engine: ${config.baseline} instances in memory, twice (XML parsed per instance / pre-parsed)`);
    const runs: BaselineResult[] = [];
    for (const mode of ['source', 'preparsed'] as const) {
      await awaitQuiet(log);
      runs.push(await runBaseline({ instances: config.baseline, concurrency: 1, mode }));
    }
    results.baseline = runs;
    log(`bpmn-engine: ${runs.map((r) => `${r.mode} ${r.instancesPerSecond.toFixed(0)}/s`).join(', ')}`);
  }

  if (runCase && phases.has('null')) results.nullGateway = await nullGatewayPhase();

  if (runCoverage) log('coverage flow: engine only (the null gateway walks one job per step and cannot fan out a multi-instance task; bpmn-engine is not run for it)');
  if (phases.has('engine') || (runCase && phases.has('memory'))) {
    const db = await openBenchDatabase();
    try {
      const probe = await db.create('probe');
      results.database = { kind: db.kind, settings: db.settings, commitMs: summarize(await commitLatencies(probe)) };
      if (runCase && phases.has('engine')) results.engine = await enginePhase(db);
      if (runCase && phases.has('memory')) results.memory = await memoryPhase(db);
      if (runCoverage && phases.has('engine')) results.coverage = await enginePhase(db, FLOWS.coverage);
    } finally {
      await db.close();
    }
  }

  results.wallSeconds = (wallNow() - started) / 1000;
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, JSON.stringify(results, null, 2) + '\n');
  printReport(results);
  log(`results written to ${path.relative(process.cwd(), outFile)}${flags.profile ? `; engine CPU profile in ${path.relative(process.cwd(), profileDir)}` : ''}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('bench: failed:', error);
    process.exit(1);
  },
);
