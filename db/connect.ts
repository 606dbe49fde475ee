// Where the database is: DATABASE_URL when set, otherwise the embedded server in DATA_DIR.
import postgres, { type Sql } from 'postgres';
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded.js';

export interface Database {
  readonly url: string;
  /** Stops the embedded server if we started one; external servers are left alone. */
  close(): Promise<void>;
}

export async function openDatabase(env: NodeJS.ProcessEnv = process.env): Promise<Database> {
  if (env['DATABASE_URL']) return { url: env['DATABASE_URL'], close: async () => {} };
  const server: EmbeddedServer = await startEmbeddedPostgres(env['DATA_DIR'] ?? './.data');
  const admin = postgres(server.adminUrl, { max: 1, onnotice: () => {} });
  try {
    const exists = await admin`select 1 from pg_database where datname = 'onewindow'`;
    if (exists.length === 0) await admin.unsafe('create database onewindow');
  } finally {
    await admin.end();
  }
  return { url: server.adminUrl.replace(/\/postgres$/, '/onewindow'), close: () => server.stop() };
}

/** A client with the settings every part uses: quiet notices, undefined as null. bigint columns come back as strings. */
export function connect(url: string, options: { max?: number } = {}): Sql {
  return postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    transform: { undefined: null },
  });
}
