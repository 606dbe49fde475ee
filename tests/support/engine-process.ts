// The engine as a process of its own, for tests that kill it (`kill -9`) and start it again:
// `node --import tsx tests/support/engine-process.ts` with DATABASE_URL and GATEWAY_PORT set.
// Prints `engine-process ready <address>` once the gateway accepts calls; a locked database
// exits with code 2 and the engine's message on stderr. SIGTERM stops it gracefully.
import { EngineLockedError, startEngine } from '../../engine/engine.js';

async function main(): Promise<void> {
  const databaseUrl = process.env['DATABASE_URL'];
  if (!databaseUrl) throw new Error('engine-process: DATABASE_URL is not set');
  const engine = await startEngine({ databaseUrl, port: Number(process.env['GATEWAY_PORT'] ?? 0) });
  process.stdout.write(`engine-process ready ${engine.address}\n`);
  process.once('SIGTERM', () => {
    void engine.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

main().catch((error: unknown) => {
  console.error(`engine-process: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(error instanceof EngineLockedError ? 2 : 1);
});
