// app.forms: the fixed-format forms as versions. The starter files (processes/forms) are stored as
// version 1 of every key the table does not have yet, once per api process, before the first read:
// the api's start sequence stays as it is, and a key added to the files later still arrives.
import type { Sql } from 'postgres';
import { loadStarterForms } from '../../processes/forms/load.js';
import { checkSample, dataKeys, formTitle } from '../../processes/forms/schema-check.js';
import { audit } from '../audit.js';
import { conflict } from '../http/errors.js';

export interface FormVersion {
  readonly key: string;
  readonly version: number;
  readonly schema: Record<string, unknown>;
  readonly sample: Record<string, unknown> | null;
  readonly author: string;
  readonly note: string | null;
  readonly createdAt: Date;
}

export const SEED_AUTHOR = 'system';

type Json = Parameters<Sql['json']>[0];

const seeded = new WeakMap<Sql, Promise<void>>();

/** Stores the starter forms the table lacks (version 1, author `system`); once per connection pool. */
export function ensureSeeded(sql: Sql): Promise<void> {
  let done = seeded.get(sql);
  if (!done) {
    done = seed(sql).catch((error: unknown) => {
      seeded.delete(sql); // try again on the next request rather than never
      throw error;
    });
    seeded.set(sql, done);
  }
  return done;
}

async function seed(sql: Sql): Promise<void> {
  for (const f of loadStarterForms()) {
    await sql`insert into app.forms (key, version, schema, sample, author, note)
      select ${f.key}, 1, ${sql.json(f.schema as Json)}, ${f.sample ? sql.json(f.sample as Json) : null}, ${SEED_AUTHOR}, '初始导入（processes/forms）'
      where not exists (select 1 from app.forms where key = ${f.key})
      on conflict do nothing`;
  }
}

const COLUMNS = 'key, version, schema, sample, author, note, created_at as "createdAt"';

/** The latest version of `key`, or the one asked; undefined when there is none. */
export async function readForm(sql: Sql, key: string, version?: number): Promise<FormVersion | undefined> {
  await ensureSeeded(sql);
  const [row] = version === undefined
    ? await sql<FormVersion[]>`select ${sql.unsafe(COLUMNS)} from app.forms where key = ${key} order by version desc limit 1`
    : await sql<FormVersion[]>`select ${sql.unsafe(COLUMNS)} from app.forms where key = ${key} and version = ${version}`;
  return row;
}

/** The latest version of every form. */
export async function latestForms(sql: Sql): Promise<FormVersion[]> {
  await ensureSeeded(sql);
  return sql<FormVersion[]>`select distinct on (key) ${sql.unsafe(COLUMNS)} from app.forms order by key, version desc`;
}

export async function formVersions(sql: Sql, key: string): Promise<FormVersion[]> {
  await ensureSeeded(sql);
  return sql<FormVersion[]>`select ${sql.unsafe(COLUMNS)} from app.forms where key = ${key} order by version desc`;
}

export interface SaveForm {
  readonly key: string;
  /** Checked already (checkFormSchema). */
  readonly schema: Record<string, unknown>;
  /** Checked already; undefined = keep the previous version's sample (its fields that still exist). */
  readonly sample: Record<string, unknown> | null | undefined;
  readonly note: string | undefined;
  /** The version the designer edited: a newer one by someone else makes this a 409. */
  readonly baseVersion: number | undefined;
  readonly author: string;
  readonly at: Date;
}

/** Stores a new version of a form (the first one of a new key), audited in the same transaction. */
export async function saveForm(sql: Sql, s: SaveForm): Promise<FormVersion> {
  await ensureSeeded(sql);
  return sql.begin(async (tx) => {
    // One writer per key at a time: the version number is the previous one plus one.
    await tx`select pg_advisory_xact_lock(hashtext(${`app.forms:${s.key}`}))`;
    const [previous] = await tx<FormVersion[]>`select ${tx.unsafe(COLUMNS)} from app.forms where key = ${s.key} order by version desc limit 1`;
    const latest = previous?.version ?? 0;
    if (s.baseVersion !== undefined && s.baseVersion !== latest) {
      throw conflict(`表格 ${s.key} 已被更新为第 ${String(latest)} 版（您编辑的是第 ${String(s.baseVersion)} 版），请重新打开后再修改`);
    }
    const sample = s.sample !== undefined ? s.sample : carriedSample(s.schema, previous?.sample ?? null);
    const version = latest + 1;
    const [row] = await tx<FormVersion[]>`insert into app.forms (key, version, schema, sample, author, note, created_at)
      values (${s.key}, ${version}, ${tx.json(s.schema as Json)}, ${sample ? tx.json(sample as Json) : null}, ${s.author}, ${s.note ?? null}, ${s.at})
      returning ${tx.unsafe(COLUMNS)}`;
    if (!row) throw new Error(`app.forms: inserting ${s.key} v${String(version)} returned no row`);
    await audit(tx, {
      actor: s.author,
      action: 'form.save',
      subjectType: 'form',
      subjectId: s.key,
      detail: { version, fields: dataKeys(s.schema).length, title: formTitle(s.schema) ?? null, ...(s.note ? { note: s.note } : {}) },
    }, s.at);
    return row;
  });
}

/** The previous sample, without values for fields the new version no longer has. */
function carriedSample(schema: Record<string, unknown>, sample: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!sample) return null;
  const stale = new Set(checkSample(schema, sample).map((i) => i.path));
  return Object.fromEntries(Object.entries(sample).filter(([k]) => !stale.has(k)));
}
