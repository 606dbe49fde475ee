// Writes a sealed batch in ONE statement: data-modifying CTEs, one per table and operation, so a
// group commit costs one round trip and one fsync however many commands it carries. That is why a
// batch never upserts and deletes the same row (CTEs of one statement don't see each other's rows).
import type { Sql } from 'postgres';
import type { SealedBatch } from './batch.js';
import { ALL_TABLES, INSERT_TABLES } from './tables.js';

export class StateWriter {
  private constructor(
    private readonly sql: Sql,
    /** The one statement every batch runs, with a parameter per table and operation. */
    private readonly statement: string,
  ) {}

  static async create(sql: Sql): Promise<StateWriter> {
    const rows = await sql<{ table_name: string; column_name: string }[]>`
      select table_name, column_name from information_schema.columns
      where table_schema = 'engine' order by table_name, ordinal_position`;
    const columns = new Map<string, string[]>();
    for (const r of rows) {
      const list = columns.get(r.table_name) ?? [];
      list.push(r.column_name);
      columns.set(r.table_name, list);
    }
    // Always the same shape — every table present, empty arrays where a batch has nothing — so
    // PostgreSQL parses and plans it once per connection (prepared), not once per commit, and
    // the number of prepared statements stays one.
    const parts: string[] = [];
    let p = 0;
    const param = (): string => `$${++p}::text::jsonb`;
    for (const name of INSERT_TABLES) {
      parts.push(`i_${name} as (insert into engine.${name} select * from jsonb_populate_recordset(null::engine.${name}, ${param()}))`);
    }
    for (const t of ALL_TABLES) {
      const set = (columns.get(t.name) ?? []).filter((c) => !t.key.includes(c)).map((c) => `${c} = excluded.${c}`);
      parts.push(
        `u_${t.name} as (insert into engine.${t.name} select * from jsonb_populate_recordset(null::engine.${t.name}, ${param()}) ` +
          `on conflict (${t.key.join(', ')}) do update set ${set.join(', ')})`,
      );
      const match = t.key.map((k) => `t.${k} = d.${k}`).join(' and ');
      parts.push(`d_${t.name} as (delete from engine.${t.name} t using jsonb_populate_recordset(null::engine.${t.name}, ${param()}) d where ${match})`);
    }
    // The record log: one JSON array per row (state/batch.ts, recordJson), in column order.
    parts.push(
      `r as (insert into engine.records (position, key, timestamp, record_type, value_type, intent, process_instance_key, value) ` +
        `select (e->>0)::bigint, (e->>1)::bigint, (e->>2)::bigint, e->>3, e->>4, e->>5, (e->>6)::bigint, e->7 from jsonb_array_elements(${param()}) e)`,
    );
    const statement = `with ${parts.join(',\n')}\nupdate engine.meta set next_key = $${p + 1}::bigint, next_position = $${p + 2}::bigint where id = 1`;
    return new StateWriter(sql, statement);
  }

  async write(batch: SealedBatch, meta: { nextKey: number; nextPosition: number }): Promise<void> {
    const params: string[] = [];
    const json = (rows: readonly unknown[] | undefined): string => (rows && rows.length > 0 ? JSON.stringify(rows) : '[]');
    const inserts = new Map(batch.inserts.map((t) => [t.name, t.rows]));
    const tables = new Map(batch.tables.map((t) => [t.name, t]));
    for (const name of inserts.keys()) if (!INSERT_TABLES.includes(name)) throw new Error(`The writer has no place for inserts into engine.${name}`);
    for (const name of tables.keys()) if (!ALL_TABLES.some((t) => t.name === name)) throw new Error(`The writer has no place for rows of engine.${name}`);
    for (const name of INSERT_TABLES) params.push(json(inserts.get(name)));
    for (const t of ALL_TABLES) {
      const changes = tables.get(t.name);
      params.push(json(changes?.upserts), json(changes?.deletes));
    }
    params.push(`[${batch.records.join(',')}]`, String(meta.nextKey), String(meta.nextPosition));
    await this.sql.unsafe(this.statement, params, { prepare: true });
  }
}
