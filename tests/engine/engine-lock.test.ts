import { readdirSync } from 'node:fs';
// engine.md, "Single writer per database": one engine process owns a database (an advisory lock
// taken at start); a second engine on the same database stops with a clear message. Zeebe's own
// rule is the same: one leader per partition does all the processing
// (docs.camunda.io/docs/components/zeebe/technical-concepts/clustering/, "Raft consensus and
// replication protocol"), and its state lives on after a restart.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../db/embedded.js';
import { EngineLockedError, startEngine, type RunningEngine } from '../../engine/engine.js';
import { line, serviceTask } from '../support/bpmn.js';
import { startChild } from '../support/child-process.js';
import { createTestDatabase } from '../support/db.js';
import { startTestEngine, type TestEngine } from '../support/engine.js';
import { takeJob } from '../support/jobs.js';

const flow = (id: string): Buffer => Buffer.from(line(id, serviceTask('work', `${id}-work`)));

describe('one engine per database', () => {
  let databaseUrl: string;
  let first: TestEngine | undefined;
  const others: RunningEngine[] = [];
  beforeAll(async () => {
    databaseUrl = await createTestDatabase('engine_lock');
  });
  afterAll(async () => {
    await first?.stop();
    for (const o of others) await o.stop();
  });

  it('refuses a second engine on the same database with a message that says why, and lets the next one start after the first stops', async () => {
    first = await startTestEngine('engine_lock', { databaseUrl });
    const zbc = first.client();
    await zbc.deployResource({ name: 'locked.bpmn', process: flow('locked') });
    const before = await zbc.createProcessInstance({ bpmnProcessId: 'locked', variables: {} });

    const second = startEngine({ databaseUrl, port: 0 });
    await expect(second).rejects.toBeInstanceOf(EngineLockedError);
    await expect(second).rejects.toThrow(/Another engine already owns this database/);

    // The refused start did not disturb the engine that owns the database.
    const still = await zbc.createProcessInstance({ bpmnProcessId: 'locked', variables: {} });
    expect(BigInt(still.processInstanceKey)).toBeGreaterThan(BigInt(before.processInstanceKey));

    await first.stop();
    first = undefined;

    // Now the database is free: a new engine starts (running the migrations a second time) and
    // carries on with the state the first one left — the deployed process, the waiting instances,
    // and keys that continue instead of starting over.
    const next = await startTestEngine('engine_lock', { databaseUrl });
    first = next;
    const zbc2 = next.client();
    const job = await takeJob(zbc2, 'locked-work');
    expect([before.processInstanceKey, still.processInstanceKey]).toContain(job.processInstanceKey);
    const after = await zbc2.createProcessInstance({ bpmnProcessId: 'locked', variables: {} });
    expect(after.processDefinitionKey).toBe(before.processDefinitionKey);
    expect(BigInt(after.processInstanceKey)).toBeGreaterThan(BigInt(still.processInstanceKey));

    const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    try {
      const migrations = await sql<{ version: string }[]>`select version from engine.migrations order by version`;
      // Each migration applied exactly once, however many engines started on the database.
      const files = readdirSync(new URL('../../engine/state/migrations/', import.meta.url)).filter((f) => f.endsWith('.sql')).sort();
      expect(migrations.map((m) => m.version).sort()).toEqual(files);
      const [active] = await sql<{ n: string }[]>`select count(*) as n from engine.process_instances where bpmn_process_id = 'locked' and state = 'ACTIVE'`;
      expect(Number(active?.n)).toBe(3);
    } finally {
      await sql.end();
    }
  });

  it('lets exactly one of two engines that start at the same moment on a fresh database win', async () => {
    const fresh = await createTestDatabase('engine_lock_race');
    const results = await Promise.allSettled([startEngine({ databaseUrl: fresh, port: 0 }), startEngine({ databaseUrl: fresh, port: 0 })]);
    for (const r of results) if (r.status === 'fulfilled') others.push(r.value);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(others.length).toBe(1);
    expect(refused.length).toBe(1);
    expect(refused[0]?.reason).toBeInstanceOf(EngineLockedError);
  });

  it('the engine command (npm run engine) exits with code 2 and says another engine owns the database', async () => {
    const port = await freePort();
    const owner = await startTestEngine('engine_lock_cli');
    try {
      const start = startChild('engine/main.ts', 'engine: Zeebe gateway listening', {
        DATABASE_URL: owner.databaseUrl,
        GATEWAY_PORT: String(port),
        GATEWAY_HOST: '127.0.0.1',
      });
      const error = (await start.then(
        async (c) => {
          await c.stop();
          return undefined;
        },
        (e: unknown) => e,
      )) as { exitCode?: number; output?: string } | undefined;
      expect(error?.exitCode).toBe(2);
      expect(error?.output).toMatch(/Another engine already owns this database/);
    } finally {
      await owner.stop();
    }
  });
});
