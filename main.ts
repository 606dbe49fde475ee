// `npm start`: everything onewindow has, in one process, on embedded defaults — PostgreSQL
// (unless DATABASE_URL is set) and the engine's Zeebe gateway (unless ZEEBE_ADDRESS points at a
// real Zeebe), the api (PORT) with the hall's flows deployed, and the job workers.
import { openDatabase } from './db/connect.js';
import { EngineLockedError, startEngine, type RunningEngine } from './engine/engine.js';
import { ZBClient } from 'zeebe-node';
import path from 'node:path';
import { allWorkers, startWorkers } from './workers/index.js';
import { workerContext } from './workers/context.js';
import { startApi } from './api/start.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './api/seed/demo.js';

async function main(): Promise<void> {
  const db = await openDatabase();
  console.log(`onewindow: PostgreSQL ready (${process.env['DATABASE_URL'] ? 'DATABASE_URL' : `embedded, in ${process.env['DATA_DIR'] ?? './.data'}`})`);
  let engine: RunningEngine | undefined;
  const external = process.env['ZEEBE_ADDRESS'];
  if (external) {
    console.log(`onewindow: using the Zeebe gateway at ${external}; the embedded engine stays off`);
  } else {
    try {
      engine = await startEngine({ databaseUrl: db.url, port: Number(process.env['GATEWAY_PORT'] ?? 26500),
      httpPort: Number(process.env['ENGINE_HTTP_PORT'] ?? 8088), host: process.env['GATEWAY_HOST'] ?? '127.0.0.1' });
    } catch (error) {
      await db.close();
      if (error instanceof EngineLockedError) {
        console.error(`onewindow: ${error.message}`);
        process.exit(2);
      }
      throw error;
    }
    console.log(`onewindow: engine's Zeebe gateway on ${engine.address} (point zeebe-node at ZEEBE_ADDRESS=${engine.address}); supervisors' read API on http://127.0.0.1:${String(engine.httpPort)}/v2/`);
  }
  // The job workers reach the engine the way they would reach Zeebe: through the gateway.
  const zbc = new ZBClient(external ?? engine?.address ?? '127.0.0.1:26500', { loglevel: 'NONE' });
  const dataDir = process.env['DATA_DIR'] ?? './.data';
  const api = await startApi({ databaseUrl: db.url, zbc, dataDir, port: Number(process.env['PORT'] ?? 8080), host: process.env['HOST'] ?? '127.0.0.1' });
  // The workers share the api's database connection and dictionary (an edit reaches them at once);
  // they start after the api so the app schema is migrated.
  const workers = startWorkers(zbc, workerContext({
    sql: api.api.ctx.sql,
    dictionary: () => api.api.ctx.dictionary(),
    filesDir: path.join(dataDir, 'files'),
    settings: { publicBaseUrl: process.env['PUBLIC_URL'] ?? '' },
  }));
  console.log(`onewindow: job workers running: ${allWorkers().map((w) => w.taskType).join(', ')}`);
  console.log(`onewindow: api on ${api.url}/api (OpenAPI: ${api.url}/api/docs); flows deployed: ${api.flows.map((f) => `${f.bpmnProcessId} v${String(f.version)}`).join(', ')}`);
  if (api.seededAccounts > 0) {
    console.log(`onewindow: demo accounts (password ${DEMO_PASSWORD}): ${DEMO_ACCOUNTS.map((a) => a.username).join(', ')}`);
  }
  const stop = async (): Promise<void> => {
    console.log('onewindow: stopping');
    await Promise.all(workers.map((w) => w.close(2_000).catch(() => undefined)));
    await api.stop();
    await zbc.close(2_000).catch(() => undefined);
    await engine?.stop();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error('onewindow: failed to start:', error);
  process.exit(1);
});
