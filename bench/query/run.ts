// `npm run bench:query`: the supervisors' read API (engine/query/) at the size the issue names —
// 100,000 finished and 10,000 running instances, seeded with SQL into a fresh database on a real
// PostgreSQL (embedded, fsync on; or DATABASE_URL) — measured through the query functions
// themselves (no HTTP). Target: a search by a variable value answers in ≤ 50 ms p99.
// Then what the query indexes cost the engine's writes: the variables upsert the state writer
// sends in every group commit, timed and its WAL counted, with and without each index.
// Flags: --finished N, --running N, --iterations N, --out FILE.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import postgres, { type Sql } from 'postgres';
import { migrate } from '../../db/migrate.js';
import { searchElementInstances } from '../../engine/query/element-instances.js';
import { processInstanceHistory } from '../../engine/query/history.js';
import { searchIncidents } from '../../engine/query/incidents.js';
import { searchJobs } from '../../engine/query/jobs.js';
import { searchProcessInstances, type ProcessInstanceSearchRequest } from '../../engine/query/process-instances.js';
import { elementStatistics, waitStateStatistics } from '../../engine/query/statistics.js';
import { searchVariables } from '../../engine/query/variables.js';
import { openBenchDatabase } from '../engine/database.js';
import { round, summarize, type Summary } from '../engine/stats.js';
import { applicantIdOf, caseNoOf, instanceKey, PROCESS_ID, seed, subItemOf, TOWNS } from './seed.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');

const { values: flags } = parseArgs({
  options: {
    finished: { type: 'string' },
    running: { type: 'string' },
    iterations: { type: 'string' },
    out: { type: 'string' },
  },
});
const int = (v: string | undefined, fallback: number): number => {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`bench:query: expected a positive integer, got '${v}'`);
  return n;
};
const config = {
  finished: int(flags.finished, 100_000),
  running: int(flags.running, 10_000),
  iterations: int(flags.iterations, 300),
  warmup: 20,
};
const total = config.finished + config.running;
const log = (s: string): void => console.log(`bench:query: ${s}`);

/** A deterministic pseudo-random sequence, so runs ask the same questions. */
function rng(seedValue: number): () => number {
  let s = seedValue >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
const random = rng(42);
const pick = (from: number, to: number): number => from + Math.floor(random() * (to - from + 1));
const anyInstance = (): number => pick(1, total);
const runningInstance = (): number => pick(config.finished + 1, total);
const finishedInstance = (): number => pick(1, config.finished);

interface Measured {
  readonly name: string;
  readonly ms: Summary;
  /** Items returned / totalItems of the last call, to see the question was a real one. */
  readonly sample: string;
}

async function measure(name: string, run: () => Promise<unknown>, iterations = config.iterations): Promise<Measured> {
  let last: unknown;
  for (let i = 0; i < config.warmup; i++) last = await run();
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    last = await run();
    times.push(performance.now() - t);
  }
  const r = last as { items?: unknown[]; page?: { totalItems?: number; hasMoreTotalItems?: boolean } } | undefined;
  const sample = r?.items
    ? `${r.items.length} items${r.page ? ` of ${r.page.totalItems}${r.page.hasMoreTotalItems ? '+' : ''}` : ''}`
    : '';
  const m = { name, ms: summarize(times), sample };
  log(`${name}: p50 ${round(m.ms.p50, 2)} ms, p99 ${round(m.ms.p99, 2)} ms (${sample})`);
  return m;
}

const pi = (sql: Sql, request: ProcessInstanceSearchRequest): Promise<unknown> => searchProcessInstances(sql, request);

async function queries(sql: Sql, label: string): Promise<Measured[]> {
  const out: Measured[] = [];
  const m = async (name: string, run: () => Promise<unknown>, iterations?: number): Promise<void> => {
    out.push(await measure(`${label}${name}`, run, iterations));
  };
  await m('process instances by variable equality (applicantId, any of 110k)', () =>
    pi(sql, { filter: { variables: [{ name: 'applicantId', value: { $eq: JSON.stringify(applicantIdOf(anyInstance())) } }] } }),
    config.iterations * 3,
  );
  await m('… same, running instances only (state ACTIVE)', () =>
    pi(sql, { filter: { state: { $eq: 'ACTIVE' }, variables: [{ name: 'applicantId', value: { $eq: JSON.stringify(applicantIdOf(runningInstance())) } }] } }),
  );
  await m('… by a common value (subItem: ~2,200 matches), newest 50 first', () =>
    pi(sql, {
      filter: { variables: [{ name: 'subItem', value: { $eq: JSON.stringify(subItemOf(pick(0, 49))) } }] },
      sort: [{ field: 'startDate', order: 'DESC' }],
      page: { limit: 50 },
    }),
  );
  await m('… two variables at once (town and subItem of one instance)', () => {
    const i = anyInstance();
    return pi(sql, {
      filter: {
        variables: [
          { name: 'town', value: { $eq: JSON.stringify(TOWNS[i % TOWNS.length]) } },
          { name: 'subItem', value: { $eq: JSON.stringify(subItemOf(i)) } },
        ],
      },
      page: { limit: 50 },
    });
  });
  await m('… variable contains, ASCII (caseNo *-01234*)', () =>
    pi(sql, { filter: { variables: [{ name: 'caseNo', value: { $like: `*${caseNoOf(anyInstance()).slice(7, 13)}*` } }] } }),
  );
  await m('… variable contains, Chinese (applicantName *伟华*)', () =>
    pi(sql, { filter: { variables: [{ name: 'applicantName', value: { $like: '*伟华*' } }] }, page: { limit: 50 } }),
  );
  await m('… variable exists (assignee) and ACTIVE', () =>
    pi(sql, { filter: { state: { $eq: 'ACTIVE' }, variables: [{ name: 'assignee', value: { $exists: true } }] }, page: { limit: 50 } }),
  );
  await m('process instances ACTIVE with incident', () => pi(sql, { filter: { state: { $eq: 'ACTIVE' }, hasIncident: true } }));
  const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString();
  await m('process instances by process id, started in the last 7 days, newest first', () =>
    pi(sql, {
      filter: { processDefinitionId: { $eq: PROCESS_ID }, processDefinitionVersion: { $eq: 1 }, startDate: { $gte: Date.parse(weekAgo) } },
      sort: [{ field: 'startDate', order: 'DESC' }],
      page: { limit: 50 },
    }),
  );
  await m('process instances, no filter, first page', () => pi(sql, { page: { limit: 50 } }));
  // Page 3 by cursor of a search by town (1 in 12 instances).
  const common: ProcessInstanceSearchRequest = {
    filter: { variables: [{ name: 'town', value: { $eq: JSON.stringify(TOWNS[3]) } }] },
    sort: [{ field: 'startDate', order: 'DESC' }],
    page: { limit: 50 },
  };
  const p1 = await searchProcessInstances(sql, common);
  const p2 = await searchProcessInstances(sql, { ...common, page: { limit: 50, after: p1.page.endCursor ?? '' } });
  await m('… by town, page 3 by cursor (after), newest first', () => pi(sql, { ...common, page: { limit: 50, after: p2.page.endCursor ?? '' } }));
  await m('incidents ACTIVE, JOB_NO_RETRIES', () => searchIncidents(sql, { filter: { state: { $eq: 'ACTIVE' }, errorType: { $eq: 'JOB_NO_RETRIES' } } }));
  await m('jobs by type, CREATED, not activated, retries ≥ 1', () =>
    searchJobs(sql, { filter: { type: { $eq: 'intake-check' }, state: { $eq: 'CREATED' }, deadline: { $exists: false }, retries: { $gte: 1 } } }),
  );
  await m('element instances of one finished instance (record log)', () =>
    searchElementInstances(sql, { filter: { processInstanceKey: { $eq: instanceKey(finishedInstance()) } } }),
  );
  await m('element instances ACTIVE at review, all instances, 50', () =>
    searchElementInstances(sql, { filter: { state: { $eq: 'ACTIVE' }, elementId: { $eq: 'review' } }, page: { limit: 50 } }),
  );
  await m('history (records) of one instance', () => processInstanceHistory(sql, instanceKey(anyInstance()), {}));
  await m('per-element counts of one instance', () => elementStatistics(sql, instanceKey(anyInstance())));
  await m('variables of one instance', () => searchVariables(sql, { filter: { processInstanceKey: { $eq: instanceKey(anyInstance()) } } }));
  await m('wait-state statistics, all processes', () => waitStateStatistics(sql, {}), Math.min(config.iterations, 100));
  return out;
}

// ---------------------------------------------------------------- what the indexes cost the writer

interface WriteCost {
  readonly indexes: string;
  readonly insertUsPerRow: number;
  readonly updateUsPerRow: number;
  readonly insertWalBytesPerRow: number;
  readonly updateWalBytesPerRow: number;
}

const BATCH = 200;
const BATCHES = 40;

/** The statement engine/state/writer.ts sends for engine.variables, timed and its WAL counted. */
async function upsertCost(sql: Sql, rows: () => Record<string, unknown>[]): Promise<{ usPerRow: number; walPerRow: number }> {
  const statement = `insert into engine.variables select * from jsonb_populate_recordset(null::engine.variables, $1::text::jsonb)
    on conflict (scope_key, name) do update set value = excluded.value, process_instance_key = excluded.process_instance_key`;
  const times: number[] = [];
  let wal = 0;
  for (let b = 0; b < BATCHES; b++) {
    const batch = JSON.stringify(rows());
    await sql.begin(async (tx) => {
      const [before] = await tx<{ lsn: string }[]>`select pg_current_wal_insert_lsn()::text as lsn`;
      const t = performance.now();
      await tx.unsafe(statement, [batch]);
      times.push(performance.now() - t);
      const [after] = await tx<{ bytes: string }[]>`select pg_wal_lsn_diff(pg_current_wal_insert_lsn(), ${before?.lsn ?? '0/0'}::pg_lsn)::text as bytes`;
      wal += Number(after?.bytes ?? 0);
    });
  }
  return { usPerRow: (summarize(times).p50 * 1000) / BATCH, walPerRow: wal / (BATCH * BATCHES) };
}

let fresh = 0;
let updates = 0;
async function writeCost(sql: Sql, indexes: string): Promise<WriteCost> {
  // New variables of new scopes (an instance starting), then new values of existing root variables.
  const inserted = await upsertCost(sql, () =>
    Array.from({ length: BATCH }, () => {
      fresh++;
      const scope = String(9_000_000_000_000_000n + BigInt(fresh));
      return { scope_key: scope, name: `v${fresh % 7}`, value: `申请事项-${fresh}-${'x'.repeat(fresh % 40)}`, process_instance_key: scope };
    }),
  );
  const updated = await upsertCost(sql, () =>
    Array.from({ length: BATCH }, () => {
      const i = 1 + (updates++ % total);
      return { scope_key: instanceKey(i), name: 'amount', value: pick(0, 1_000_000), process_instance_key: instanceKey(i) };
    }),
  );
  const c = {
    indexes,
    insertUsPerRow: round(inserted.usPerRow, 1),
    updateUsPerRow: round(updated.usPerRow, 1),
    insertWalBytesPerRow: Math.round(inserted.walPerRow),
    updateWalBytesPerRow: Math.round(updated.walPerRow),
  };
  log(`write cost, ${indexes}: insert ${c.insertUsPerRow} µs/row (${c.insertWalBytesPerRow} B WAL), update ${c.updateUsPerRow} µs/row (${c.updateWalBytesPerRow} B WAL)`);
  return c;
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const db = await openBenchDatabase();
  try {
    const url = await db.create('query');
    const seeding = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await migrate(seeding, 'engine', path.join(root, 'engine', 'state', 'migrations'));
      const [trgm] = await seeding<{ n: number }[]>`select count(*)::int as n from pg_indexes where indexname = 'variables_value_trgm_idx'`;
      log(`PostgreSQL ${db.settings['server_version'] ?? '?'} (${db.kind}), trigram index ${trgm?.n ? 'present' : 'absent'}`);
      const t = performance.now();
      await seed(seeding, { finished: config.finished, running: config.running, now: Date.now() }, log);
      log(`seeded ${config.finished} finished + ${config.running} running instances in ${((performance.now() - t) / 1000).toFixed(0)} s`);
      const sizes = await seeding<{ rel: string; rows: string; size: string }[]>`
        select c.relname as rel, c.reltuples::bigint::text as rows, pg_size_pretty(pg_total_relation_size(c.oid)) as size
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'engine' and c.relkind = 'r' and c.reltuples > 0 order by c.relname`;
      for (const s of sizes) log(`  engine.${s.rel}: ${s.rows} rows, ${s.size}`);
    } finally {
      await seeding.end();
    }

    // The same pool settings as db/connect.ts.
    const sql = postgres(url, { max: 4, onnotice: () => {}, transform: { undefined: null } });
    try {
      const results = await queries(sql, '');
      const costs: WriteCost[] = [await writeCost(sql, 'all query indexes (0003)')];
      const [trgm] = await sql<{ n: number }[]>`select count(*)::int as n from pg_indexes where indexname = 'variables_value_trgm_idx'`;
      if (trgm?.n) {
        await sql`drop index engine.variables_value_trgm_idx`;
        costs.push(await writeCost(sql, 'without the trigram index'));
        results.push(
          await measure('without trigram index: variable contains, ASCII (caseNo *-01234*)', () =>
            pi(sql, { filter: { variables: [{ name: 'caseNo', value: { $like: `*${caseNoOf(anyInstance()).slice(7, 13)}*` } }] } }),
          ),
        );
      }
      await sql`drop index engine.variables_name_value_idx`;
      costs.push(await writeCost(sql, 'no query index (0001 only)'));
      results.push(
        await measure('without any query index: by variable equality (applicantId)', () =>
          pi(sql, { filter: { variables: [{ name: 'applicantId', value: { $eq: JSON.stringify(applicantIdOf(anyInstance())) } }] } }),
          50,
        ),
      );

      console.log('\nquery                                                                          p50 ms   p99 ms   result');
      for (const r of results) console.log(`${r.name.padEnd(78)} ${String(round(r.ms.p50, 2)).padStart(7)}  ${String(round(r.ms.p99, 2)).padStart(7)}   ${r.sample}`);
      console.log('\nvariables upsert (writer statement, 200 rows/batch)     insert µs/row  WAL B/row   update µs/row  WAL B/row');
      for (const c of costs) {
        console.log(
          `${c.indexes.padEnd(56)} ${String(c.insertUsPerRow).padStart(13)}  ${String(c.insertWalBytesPerRow).padStart(9)}   ${String(c.updateUsPerRow).padStart(13)}  ${String(c.updateWalBytesPerRow).padStart(9)}`,
        );
      }
      const target = results[0];
      if (target) console.log(`\ntarget: variable-equality search p99 ${round(target.ms.p99, 2)} ms (≤ 50 ms: ${target.ms.p99 <= 50 ? 'met' : 'NOT met'})`);
      if (flags.out) {
        writeFileSync(path.resolve(flags.out), JSON.stringify({ config, settings: db.settings, queries: results, writeCosts: costs }, null, 2));
        log(`wrote ${flags.out}`);
      }
    } finally {
      await sql.end();
    }
  } finally {
    await db.close();
  }
}

await main();
