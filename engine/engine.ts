// Starting and stopping an engine: migrate engine.*, take the database's engine lock, load the
// live state, arm the due queue, open the gateway.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Sql } from 'postgres';
import { connect } from '../db/connect.js';
import { migrate } from '../db/migrate.js';
import { Committer } from './state/committer.js';
import { LiveState, type FoldingOptions } from './state/live-state.js';
import { loadState } from './state/load.js';
import { StateWriter } from './state/writer.js';
import { DueQueue, type DueEntry } from './scheduler/due-queue.js';
import { Runtime } from './runtime/runtime.js';
import { startGateway, type GatewayServer } from './gateway/server.js';
import { startEngineHttp } from './http.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Any constant will do: it names "the engine of this database" among advisory locks. */
const ENGINE_LOCK = 26500_2251;

export interface EngineOptions {
  readonly databaseUrl: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly host?: string;
  /** Serve the read API (engine/query) over HTTP on this port (0 = a free one); unset = no HTTP. */
  readonly httpPort?: number;
  /** Called when the engine can't go on (a failed write); the default logs and exits. */
  readonly onFatal?: (error: Error) => void;
  /**
   * Folding instances that wait untouched into their compact form (state/folding.ts): how often
   * to sweep and how; `false` keeps every instance unfolded. Default: a sweep every 200 ms of at
   * most 5 ms, folding instances untouched for 25 sweeps (~5 s).
   */
  readonly folding?: (FoldingOptions & { readonly intervalMs: number }) | false;
}

const DEFAULT_FOLDING = { intervalMs: 200, idleSweeps: 25, budgetMs: 5 } as const;

export interface RunningEngine {
  readonly port: number;
  /** The read API's port, when `httpPort` was given. */
  readonly httpPort?: number;
  readonly address: string;
  readonly runtime: Runtime;
  stop(): Promise<void>;
}

export class EngineLockedError extends Error {
  constructor(detail: string) {
    super(
      `Another engine already owns this database${detail}. Only one engine may run per database: ` +
        'stop the other one, or give this one its own DATABASE_URL.',
    );
    this.name = 'EngineLockedError';
  }
}

export async function startEngine(options: EngineOptions): Promise<RunningEngine> {
  const sql = connect(options.databaseUrl, { max: 4 });
  let lock: Awaited<ReturnType<Sql['reserve']>> | undefined;
  try {
    // The lock comes first: an engine that may not run must not migrate a database in use.
    lock = await sql.reserve();
    const [got] = await lock`select pg_try_advisory_lock(${ENGINE_LOCK}) as ok`;
    if (!got?.['ok']) {
      const holders = await sql`select pid from pg_locks where locktype = 'advisory' and objid = ${ENGINE_LOCK % 2 ** 32} and granted`;
      const pid = holders[0]?.['pid'];
      throw new EngineLockedError(pid ? ` (its PostgreSQL backend pid is ${String(pid)})` : '');
    }
    await migrate(sql, 'engine', path.join(here, 'state', 'migrations'));

    const state = new LiveState();
    let rt: Runtime | undefined;
    const due = new DueQueue((entries) => rt && onDue(rt, entries));
    const writer = await StateWriter.create(sql);
    const onFatal =
      options.onFatal ??
      ((error: Error) => {
        console.error(`engine: writing state failed, stopping so that a restart reloads the durable state: ${error.message}`);
        process.exit(1);
      });
    const committer = new Committer(writer, () => ({ nextKey: state.nextKey, nextPosition: state.nextPosition }), onFatal);
    rt = new Runtime(state, committer, due);
    await loadState(sql, rt);

    const host = options.host ?? '127.0.0.1';
    const gateway: GatewayServer = await startGateway(rt, { host, port: options.port });
    const http = options.httpPort === undefined ? undefined : await startEngineHttp(options.databaseUrl, { host, port: options.httpPort });
    const runtime = rt;
    const heldLock = lock;
    // The lock lives as long as its session. If that session is lost (PostgreSQL restarted, a
    // network cut) another engine could start on the database, so we stop rather than go on
    // as a second writer.
    let stopping = false;
    const lockWatch = setInterval(() => {
      heldLock`select count(*)::int as held from pg_locks where locktype = 'advisory' and objid = ${ENGINE_LOCK % 2 ** 32} and pid = pg_backend_pid() and granted`
        .then((rows) => {
          if (!stopping && rows[0]?.['held'] !== 1) onFatal(new Error('the engine lock on the database was lost'));
        })
        .catch((error: unknown) => {
          if (!stopping) onFatal(new Error(`the engine lock's database session was lost: ${error instanceof Error ? error.message : String(error)}`));
        });
    }, 2_000);
    lockWatch.unref();
    const folding = options.folding === undefined ? DEFAULT_FOLDING : options.folding;
    const foldWatch = folding ? setInterval(() => runtime.foldIdle(folding), folding.intervalMs) : undefined;
    foldWatch?.unref();
    return {
      port: gateway.port,
      ...(http ? { httpPort: http.port } : {}),
      address: `${host}:${gateway.port}`,
      runtime,
      async stop() {
        stopping = true;
        clearInterval(lockWatch);
        if (foldWatch) clearInterval(foldWatch);
        await http?.stop();
        await gateway.stop();
        due.stop();
        await committer.drain().catch(() => {});
        heldLock.release();
        await sql.end({ timeout: 5 });
      },
    };
  } catch (error) {
    lock?.release();
    await sql.end({ timeout: 1 });
    throw error;
  }
}

function onDue(rt: Runtime, entries: DueEntry[]): void {
  void rt
    .execute(() => {
      const at = rt.now;
      for (const e of entries) {
        switch (e.kind) {
          case 'timer':
            rt.timers.fire(e.key, at);
            break;
          case 'jobDeadline':
            rt.jobs.timeOut(e.key, at);
            break;
          case 'jobBackoff':
            rt.jobs.recur(e.key, at);
            break;
          case 'messageTtl':
            rt.messages.expire(e.key, at);
            break;
        }
      }
    }, { exemptFromBackpressure: true })
    .catch((error: unknown) => console.error('engine: processing due timers failed', error));
}
