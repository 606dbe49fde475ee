// The app schema (app.*): the service hall's business truth, shared by the api and the workers.
// Migrations are numbered SQL files in ./migrations, applied once each (db/migrate.ts).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Sql } from 'postgres';
import { migrate } from '../migrate.js';

export const APP_MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export function migrateApp(sql: Sql): Promise<string[]> {
  return migrate(sql, 'app', APP_MIGRATIONS_DIR);
}
