// `npm run engine`: the engine alone, as a production process. DATABASE_URL or the embedded
// PostgreSQL in DATA_DIR; the gateway on GATEWAY_PORT (default 26500).
import { openDatabase } from '../db/connect.js';
import { startEngine, EngineLockedError } from './engine.js';

async function main(): Promise<void> {
  const db = await openDatabase();
  const port = Number(process.env['GATEWAY_PORT'] ?? 26500);
  let engine;
  try {
    engine = await startEngine({ databaseUrl: db.url, port, host: process.env['GATEWAY_HOST'] ?? '0.0.0.0', httpPort: Number(process.env['ENGINE_HTTP_PORT'] ?? 8088) });
  } catch (error) {
    await db.close();
    if (error instanceof EngineLockedError) {
      console.error(`engine: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  console.log(`engine: Zeebe gateway listening on ${engine.address}; read API on port ${String(engine.httpPort)} (/v2/…)`);
  const stop = async (): Promise<void> => {
    await engine.stop();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error('engine: failed to start:', error);
  process.exit(1);
});
