// Versioned SQL migrations: numbered files (0001_name.sql) per schema, each applied once in its
// own transaction and remembered in <schema>.migrations. Safe to run twice, and safe when two
// processes start at once (a transaction-level advisory lock serialises them).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Sql } from 'postgres';

export async function migrate(sql: Sql, schema: string, directory: string): Promise<string[]> {
  const files = readdirSync(directory)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort();
  const applied: string[] = [];
  await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext(${'migrate:' + schema}))`;
    await tx.unsafe(`create schema if not exists ${schema}; create table if not exists ${schema}.migrations (
      version text primary key, applied_at timestamptz not null default now())`);
    const done = new Set((await tx.unsafe(`select version from ${schema}.migrations`)).map((r) => String(r['version'])));
    for (const file of files) {
      if (done.has(file)) continue;
      await tx.unsafe(readFileSync(path.join(directory, file), 'utf8'));
      await tx.unsafe(`insert into ${schema}.migrations (version) values ($1)`, [file]);
      applied.push(file);
    }
  });
  return applied;
}
