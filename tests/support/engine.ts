// A real engine for a test file: its own database, a free gRPC port, and zeebe-node clients
// pointed at it — the way a user's worker would reach it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ZBClient } from 'zeebe-node';
import { startEngine, type RunningEngine } from '../../engine/engine.js';
import { createTestDatabase } from './db.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface TestEngine {
  readonly engine: RunningEngine;
  readonly databaseUrl: string;
  readonly address: string;
  /** A zeebe-node client; closed by stop(). */
  client(): ZBClient;
  stop(): Promise<void>;
}

export async function startTestEngine(label: string, databaseUrl?: string): Promise<TestEngine> {
  const url = databaseUrl ?? (await createTestDatabase(label));
  const engine = await startEngine({
    databaseUrl: url,
    port: 0,
    onFatal: (error) => {
      throw error;
    },
  });
  const clients: ZBClient[] = [];
  return {
    engine,
    databaseUrl: url,
    address: engine.address,
    client() {
      const c = new ZBClient(engine.address, { loglevel: 'NONE', useTLS: false, retry: false });
      clients.push(c);
      return c;
    },
    async stop() {
      await Promise.all(clients.map((c) => c.close(2_000).catch(() => undefined)));
      await engine.stop();
    },
  };
}

export function fixture(name: string): Buffer {
  return readFileSync(path.join(here, '..', 'fixtures', 'bpmn', name));
}

/** Polls `probe` until it returns a value (not undefined) or the time is up. */
export async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
