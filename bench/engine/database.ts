// The durable store for the bench: a real PostgreSQL with fsync on — the embedded server in a
// temporary directory on disk, or the server DATABASE_URL points at — and a fresh database per
// measurement. Also what the bench reads back from the engine's tables.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import postgres, { type Sql } from 'postgres';
import { startEmbeddedPostgres } from '../../db/embedded.js';
import { parentOf } from './procs.js';

export interface BenchDatabase {
  readonly kind: 'embedded' | 'external';
  /** The PostgreSQL server's postmaster pid, when it runs on this machine (for its CPU time). */
  readonly postmasterPid: number | undefined;
  readonly settings: Record<string, string>;
  /** A new, empty database; returns its URL. */
  create(label: string): Promise<string>;
  close(): Promise<void>;
}

export async function openBenchDatabase(): Promise<BenchDatabase> {
  const external = process.env['DATABASE_URL'];
  let adminUrl: string;
  let stopServer: () => Promise<void> = async () => {};
  let postmasterPid: number | undefined;
  let dir: string | undefined;
  if (external) {
    adminUrl = external;
  } else {
    // os.tmpdir() is on the root ext4 disk here (not tmpfs), so fsync really goes to the disk.
    dir = mkdtempSync(path.join(os.tmpdir(), 'onewindow-bench-pg-'));
    const server = await startEmbeddedPostgres(dir); // no throwAway: fsync and full_page_writes stay on
    adminUrl = server.adminUrl;
    stopServer = () => server.stop();
    postmasterPid = Number(readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  }
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  if (!external) {
    // Our own throw-away server: let pg_stat_wal say how long WAL writes and fsyncs take.
    await admin.unsafe('alter system set track_wal_io_timing = on');
    await admin.unsafe('select pg_reload_conf()');
  }
  const settings: Record<string, string> = {};
  for (const r of await admin<{ name: string; setting: string }[]>`
      select name, setting from pg_settings where name in ('fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method', 'server_version', 'max_wal_size', 'shared_buffers', 'track_wal_io_timing')`) {
    settings[r.name] = r.setting;
  }
  if (settings['fsync'] !== 'on' || settings['synchronous_commit'] === 'off') {
    console.warn(`bench: this PostgreSQL does not make commits durable (fsync=${settings['fsync']}, synchronous_commit=${settings['synchronous_commit']})`);
  }
  if (postmasterPid === undefined) {
    // An external server on this machine: its backends' parent is the postmaster.
    const [row] = await admin<{ pid: number }[]>`select pg_backend_pid() as pid`;
    postmasterPid = row ? parentOf(row.pid) : undefined;
  }
  const created: string[] = [];
  return {
    kind: external ? 'external' : 'embedded',
    postmasterPid,
    settings,
    async create(label) {
      const name = `bench_${label}_${randomBytes(3).toString('hex')}`;
      await admin.unsafe(`create database ${name}`);
      created.push(name);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    async close() {
      for (const name of created) await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => undefined);
      await admin.end();
      await stopServer();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Round trip + fsync of one tiny commit, ms, each of `n` in a row: the floor under any group commit. */
export async function commitLatencies(url: string, n = 200): Promise<number[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`create table if not exists bench_commit_probe (id serial primary key, at bigint not null)`;
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      await sql`insert into bench_commit_probe (at) values (${Date.now()})`;
      out.push(performance.now() - t);
    }
    return out;
  } finally {
    await sql.end();
  }
}

export function readOnly(url: string): Sql {
  return postgres(url, { max: 2, onnotice: () => {} });
}

export async function lastPosition(sql: Sql): Promise<number> {
  const [row] = await sql<{ p: string | null }[]>`select max(position)::text as p from engine.records`;
  return Number(row?.p ?? 0);
}

export interface JobTimes {
  /** job key → [type, created ms] */
  readonly created: Map<string, [string, number]>;
  /** job key → activated ms (the JOB_BATCH ACTIVATED record listing it) */
  readonly activated: Map<string, number>;
}

/** Job creation and activation times from engine.records after `position`. */
export async function jobTimes(sql: Sql, afterPosition: number): Promise<JobTimes> {
  const created = new Map<string, [string, number]>();
  for (const r of await sql<{ key: string; type: string; ts: string }[]>`
      select key::text as key, value->>'type' as type, timestamp::text as ts from engine.records
      where position > ${afterPosition} and value_type = 'JOB' and intent = 'CREATED'`) {
    created.set(r.key, [r.type, Number(r.ts)]);
  }
  const activated = new Map<string, number>();
  for (const r of await sql<{ key: string; ts: string }[]>`
      select jsonb_array_elements(value->'jobKeys')::text as key, timestamp::text as ts from engine.records
      where position > ${afterPosition} and value_type = 'JOB_BATCH' and intent = 'ACTIVATED'`) {
    if (!activated.has(r.key)) activated.set(r.key, Number(r.ts));
  }
  return { created, activated };
}

export async function instanceStates(sql: Sql): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const r of await sql<{ state: string; n: string }[]>`select state, count(*)::text as n from engine.process_instances group by state`) {
    out[r.state] = Number(r.n);
  }
  return out;
}

export async function activeIncidents(sql: Sql): Promise<number> {
  const [row] = await sql<{ n: string }[]>`select count(*)::text as n from engine.incidents where state = 'ACTIVE'`;
  return Number(row?.n ?? 0);
}

export interface PgStats {
  readonly at: number;
  /** pg_stat_wal: records, full-page images, bytes, writes, fsyncs, and their times (ms). */
  readonly wal: Record<string, number>;
  /** pg_stat_checkpointer (PostgreSQL 17) or pg_stat_bgwriter: checkpoints so far. */
  readonly checkpoints: number;
  /** Rows inserted / updated / deleted per engine table. */
  readonly tables: Record<string, { ins: number; upd: number; del: number }>;
}

/** Cumulative server statistics; diff two of them. Backends flush their counters about once a second. */
export async function pgStats(sql: Sql): Promise<PgStats> {
  const [w] = await sql<Record<string, string>[]>`
      select wal_records::text, wal_fpi::text, wal_bytes::text, wal_write::text, wal_sync::text,
             wal_write_time::text, wal_sync_time::text, wal_buffers_full::text from pg_stat_wal`;
  const wal: Record<string, number> = {};
  for (const [k, v] of Object.entries(w ?? {})) wal[k] = Number(v);
  let checkpoints = 0;
  try {
    const [c] = await sql<{ n: string }[]>`select (num_timed + num_requested)::text as n from pg_stat_checkpointer`;
    checkpoints = Number(c?.n ?? 0);
  } catch {
    const [c] = await sql<{ n: string }[]>`select (checkpoints_timed + checkpoints_req)::text as n from pg_stat_bgwriter`;
    checkpoints = Number(c?.n ?? 0);
  }
  const tables: Record<string, { ins: number; upd: number; del: number }> = {};
  for (const r of await sql<{ t: string; i: string; u: string; d: string }[]>`
      select relname as t, n_tup_ins::text as i, n_tup_upd::text as u, n_tup_del::text as d
      from pg_stat_user_tables where schemaname = 'engine'`) {
    tables[r.t] = { ins: Number(r.i), upd: Number(r.u), del: Number(r.d) };
  }
  return { at: performance.timeOrigin + performance.now(), wal, checkpoints, tables };
}

export interface PgUse {
  /** WAL per instance: bytes, records, full-page images. */
  readonly walBytesPerInstance: number;
  readonly walRecordsPerInstance: number;
  readonly walFullPagesPerInstance: number;
  /** WAL fsyncs and the time spent in WAL write / fsync, ms per second of wall time. */
  readonly walSyncs: number;
  readonly walWriteMsPerSecond: number;
  readonly walSyncMsPerSecond: number;
  readonly checkpoints: number;
  /** Row changes per instance, per engine table. */
  readonly rowsPerInstance: Record<string, { ins: number; upd: number; del: number }>;
}

export function pgUse(a: PgStats, b: PgStats, instances: number): PgUse {
  const d = (k: string): number => (b.wal[k] ?? 0) - (a.wal[k] ?? 0);
  const seconds = (b.at - a.at) / 1000;
  const rows: Record<string, { ins: number; upd: number; del: number }> = {};
  for (const [t, v] of Object.entries(b.tables)) {
    const o = a.tables[t] ?? { ins: 0, upd: 0, del: 0 };
    const r = { ins: (v.ins - o.ins) / instances, upd: (v.upd - o.upd) / instances, del: (v.del - o.del) / instances };
    if (r.ins + r.upd + r.del > 0) rows[t] = r;
  }
  return {
    walBytesPerInstance: d('wal_bytes') / instances,
    walRecordsPerInstance: d('wal_records') / instances,
    walFullPagesPerInstance: d('wal_fpi') / instances,
    walSyncs: d('wal_sync'),
    walWriteMsPerSecond: d('wal_write_time') / seconds,
    walSyncMsPerSecond: d('wal_sync_time') / seconds,
    checkpoints: b.checkpoints - a.checkpoints,
    rowsPerInstance: rows,
  };
}

/**
 * Samples what the engine's PostgreSQL backends are doing (pg_stat_activity: running, or waiting
 * on the client, the WAL, a lock…) every `everyMs` until stopped; returns each state's share.
 */
export function sampleBackends(sql: Sql, database: string, everyMs = 5): { stop(): Promise<Record<string, number>> } {
  const counts = new Map<string, number>();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const rows = await sql<{ s: string }[]>`
          select coalesce(state, '?') || coalesce(': ' || wait_event_type || '/' || wait_event, '') as s
          from pg_stat_activity where datname = ${database} and pid <> pg_backend_pid() and backend_type = 'client backend'`;
      samples++;
      for (const r of rows) counts.set(r.s, (counts.get(r.s) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const out: Record<string, number> = {};
      for (const [k, v] of [...counts].sort((a, b) => b[1] - a[1])) out[k] = v / Math.max(1, samples);
      return out;
    },
  };
}
