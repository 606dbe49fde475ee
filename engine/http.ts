// The engine's HTTP side: the supervisors' read API (engine/query) on its own port and its own
// small connection pool, so a heavy search never queues in front of the engine's commits.
import type { Server } from 'node:http';
import express from 'express';
import { connect } from '../db/connect.js';
import { queryRouter } from './query/router.js';

export interface EngineHttp {
  readonly port: number;
  stop(): Promise<void>;
}

export async function startEngineHttp(databaseUrl: string, options: { host: string; port: number }): Promise<EngineHttp> {
  const sql = connect(databaseUrl, { max: 4 });
  const app = express();
  app.disable('x-powered-by');
  app.use(queryRouter(sql));
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(options.port, options.host, () => resolve(s));
    s.on('error', (error) => reject(new Error(`Could not open the engine's HTTP port ${options.host}:${options.port}: ${error.message}`)));
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sql.end({ timeout: 2 });
    },
  };
}
