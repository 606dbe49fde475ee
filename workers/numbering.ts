// Running numbers for documents, kept in app.document_sequences per kind, scope and year: one
// `insert … on conflict … returning` takes the next number atomically, so two workers (or two
// worker processes) never hand out the same one.
import type { Db } from './case-row.js';

export async function nextSequence(sql: Db, kind: string, scope: string, year: number): Promise<number> {
  const [row] = await sql<{ last: number }[]>`
    insert into app.document_sequences (kind, scope, year, last) values (${kind}, ${scope}, ${year}, 1)
    on conflict (kind, scope, year) do update set last = app.document_sequences.last + 1
    returning last`;
  if (!row) throw new Error(`no running number for ${kind}/${scope}/${year}`);
  return row.last;
}
