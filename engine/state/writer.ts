// Writes a sealed batch in ONE statement: data-modifying CTEs, one per table, so a group commit
// costs one round trip and one fsync however many commands it carries. That is why a batch never
// upserts and deletes the same row (CTEs of one statement don't see each other's rows).
import type { Sql } from 'postgres';
import type { SealedBatch } from './batch.js';

export class StateWriter {
  private constructor(
    private readonly sql: Sql,
    private readonly columns: ReadonlyMap<string, readonly string[]>,
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
    return new StateWriter(sql, columns);
  }

  async write(batch: SealedBatch, meta: { nextKey: number; nextPosition: number }): Promise<void> {
    const parts: string[] = [];
    const params: string[] = [];
    const param = (rows: unknown[]): string => {
      params.push(JSON.stringify(rows));
      return `$${params.length}::text::jsonb`;
    };
    let n = 0;
    for (const t of batch.inserts) {
      if (t.rows.length === 0) continue;
      parts.push(`w${n++} as (insert into engine.${t.name} select * from jsonb_populate_recordset(null::engine.${t.name}, ${param(t.rows)}))`);
    }
    for (const t of batch.tables) {
      if (t.upserts.length > 0) {
        const cols = this.columns.get(t.name) ?? [];
        const set = cols.filter((c) => !t.key.includes(c)).map((c) => `${c} = excluded.${c}`);
        parts.push(
          `w${n++} as (insert into engine.${t.name} select * from jsonb_populate_recordset(null::engine.${t.name}, ${param(t.upserts)}) ` +
            `on conflict (${t.key.join(', ')}) do update set ${set.join(', ')})`,
        );
      }
      if (t.deletes.length > 0) {
        const match = t.key.map((k) => `t.${k} = d.${k}`).join(' and ');
        parts.push(
          `w${n++} as (delete from engine.${t.name} t using jsonb_populate_recordset(null::engine.${t.name}, ${param(t.deletes)}) d where ${match})`,
        );
      }
    }
    if (batch.records.length > 0) {
      parts.push(`w${n++} as (insert into engine.records select * from jsonb_populate_recordset(null::engine.records, ${param(batch.records)}))`);
    }
    params.push(String(meta.nextKey), String(meta.nextPosition));
    const statement =
      (parts.length > 0 ? `with ${parts.join(',\n')}\n` : '') +
      `update engine.meta set next_key = $${params.length - 1}::bigint, next_position = $${params.length}::bigint where id = 1`;
    // Prepared: a batch's statement has one of a few shapes (which tables changed), so after the
    // first of each shape PostgreSQL skips parsing and planning — most of a small commit's cost.
    await this.sql.unsafe(statement, params, { prepare: true });
  }
}
