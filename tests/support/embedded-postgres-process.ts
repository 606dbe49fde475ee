// An embedded PostgreSQL owned by a process of its own, for the test that kills that process
// (`kill -9`) and checks what the next start does with the debris: `node --import tsx
// tests/support/embedded-postgres-process.ts` with DATA_DIR set. It writes a row through the
// server, then prints `embedded-postgres ready <port>` and waits. SIGTERM stops it gracefully.
import postgres from 'postgres';
import { startEmbeddedPostgres } from '../../db/embedded.js';

async function main(): Promise<void> {
  const dataDir = process.env['DATA_DIR'];
  if (!dataDir) throw new Error('embedded-postgres-process: DATA_DIR is not set');
  const server = await startEmbeddedPostgres(dataDir);
  const sql = postgres(server.adminUrl, { max: 1, onnotice: () => {} });
  try {
    await sql`create table if not exists crash_probe (id int primary key, note text not null)`;
    await sql`insert into crash_probe (id, note) values (1, 'written before the crash') on conflict (id) do nothing`;
  } finally {
    await sql.end();
  }
  process.stdout.write(`embedded-postgres ready ${server.port}\n`);
  const keepAlive = setInterval(() => {}, 60_000);
  process.once('SIGTERM', () => {
    clearInterval(keepAlive);
    void server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

main().catch((error: unknown) => {
  console.error(`embedded-postgres-process: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
