// engine.md, "A crash leaves debris; clean it up": after `kill -9` of our process the embedded
// PostgreSQL it started keeps running as an orphan holding DATA_DIR through postmaster.pid, or
// postmaster.pid names a process that no longer exists. The next start (db/embedded.ts) must
// recover on its own — stop the orphan, or ignore the stale file — and keep every committed row.
// Not a Zeebe behaviour; the PostgreSQL side is postgresql.org/docs/current/server-start.html
// (the postmaster.pid lock file) and postgresql.org/docs/current/wal-intro.html (committed data
// survives a crash).
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../db/embedded.js';
import { startChild, type Child } from '../support/child-process.js';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function rows(server: EmbeddedServer): Promise<{ id: number; note: string }[]> {
  const sql = postgres(server.adminUrl, { max: 1, onnotice: () => {} });
  try {
    return await sql<{ id: number; note: string }[]>`select id, note from crash_probe order by id`;
  } finally {
    await sql.end();
  }
}

async function insert(server: EmbeddedServer, id: number, note: string): Promise<void> {
  const sql = postgres(server.adminUrl, { max: 1, onnotice: () => {} });
  try {
    await sql`insert into crash_probe (id, note) values (${id}, ${note})`;
  } finally {
    await sql.end();
  }
}

describe('the embedded PostgreSQL after a crash', () => {
  let dir: string;
  let pidFile: string;
  let child: Child | undefined;
  let server: EmbeddedServer | undefined;
  const postmasters: number[] = [];

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'onewindow-embedded-restart-'));
    pidFile = path.join(dir, 'pg', 'postmaster.pid');
  });
  afterAll(async () => {
    await server?.stop().catch(() => undefined);
    await child?.kill();
    // Any postmaster this file started and that is somehow still up: stop it by its pid.
    for (const pid of postmasters) if (alive(pid)) process.kill(pid, 'SIGINT');
    for (let i = 0; i < 100 && postmasters.some(alive); i++) await new Promise((r) => setTimeout(r, 50));
    rmSync(dir, { recursive: true, force: true });
  });

  const postmasterPid = (): number => Number(readFileSync(pidFile, 'utf8').split('\n')[0]);

  it('comes up on a data directory whose previous owner was killed with -9, stopping the orphaned server and keeping its rows', { timeout: 90_000 }, async () => {
    child = await startChild('tests/support/embedded-postgres-process.ts', 'embedded-postgres ready', { DATA_DIR: dir }, 60_000);
    const orphan = postmasterPid();
    postmasters.push(orphan);
    expect(alive(orphan)).toBe(true);

    await child.kill();
    child = undefined;
    // The debris: the server outlived the process that started it and still holds the directory.
    expect(alive(orphan)).toBe(true);
    expect(existsSync(pidFile)).toBe(true);

    server = await startEmbeddedPostgres(dir);
    const mine = postmasterPid();
    postmasters.push(mine);
    expect(mine).not.toBe(orphan);
    expect(alive(orphan)).toBe(false);
    expect(await rows(server)).toEqual([{ id: 1, note: 'written before the crash' }]);
    await insert(server, 2, 'written after the restart');
  });

  it('comes up when postmaster.pid names a process that is no longer running', { timeout: 60_000 }, async () => {
    expect(server).toBeDefined();
    const lockFile = readFileSync(pidFile, 'utf8');
    await server!.stop();
    server = undefined;
    expect(existsSync(pidFile)).toBe(false);

    // The lock file as a dead server leaves it, naming a pid that has exited.
    const gone = spawnSync('true').pid;
    expect(alive(gone)).toBe(false);
    writeFileSync(pidFile, lockFile.replace(/^\d+/, String(gone)));

    server = await startEmbeddedPostgres(dir);
    postmasters.push(postmasterPid());
    expect(postmasterPid()).not.toBe(gone);
    expect(await rows(server)).toEqual([
      { id: 1, note: 'written before the crash' },
      { id: 2, note: 'written after the restart' },
    ]);
  });

  it('comes up after the PostgreSQL server itself was killed with -9, with every committed row', { timeout: 60_000 }, async () => {
    expect(server).toBeDefined();
    await insert(server!, 3, 'committed just before the server died');
    const dead = postmasterPid();
    process.kill(dead, 'SIGKILL');
    for (let i = 0; i < 100 && alive(dead); i++) await new Promise((r) => setTimeout(r, 20));
    expect(alive(dead)).toBe(false);
    expect(existsSync(pidFile)).toBe(true); // stale: nobody removed it

    server = await startEmbeddedPostgres(dir);
    postmasters.push(postmasterPid());
    expect((await rows(server)).map((r) => r.id)).toEqual([1, 2, 3]);
  });
});
