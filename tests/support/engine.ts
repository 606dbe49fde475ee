// A real engine for a test file: its own database, a free gRPC port, and zeebe-node clients
// pointed at it — the way a user's worker would reach it.
import { ZBClient } from 'zeebe-node';
import { startEngine, type RunningEngine } from '../../engine/engine.js';
import { createTestDatabase } from './db.js';

export interface TestEngine {
  readonly engine: RunningEngine;
  readonly databaseUrl: string;
  readonly address: string;
  /** A zeebe-node client; closed by stop(). */
  client(): ZBClient;
  stop(): Promise<void>;
}

export interface TestEngineOptions {
  /** An existing database (e.g. one another engine used before); a new one named after `label` unless given. */
  readonly databaseUrl?: string;
  /** Serve the read API too, on this port (0 picks a free one). */
  readonly httpPort?: number;
}

export async function startTestEngine(label: string, options: TestEngineOptions = {}): Promise<TestEngine> {
  const url = options.databaseUrl ?? (await createTestDatabase(label));
  const engine = await startEngine({
    databaseUrl: url,
    port: 0,
    ...(options.httpPort !== undefined ? { httpPort: options.httpPort } : {}),
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
      const c = zeebeClient(engine.address);
      clients.push(c);
      return c;
    },
    async stop() {
      await Promise.all(clients.map((c) => c.close(2_000).catch(() => undefined)));
      await engine.stop();
    },
  };
}

/** A zeebe-node client for a test engine at `address`: plain text, no retries, quiet. */
export function zeebeClient(address: string): ZBClient {
  return new ZBClient(address, { loglevel: 'NONE', useTLS: false, retry: false });
}
