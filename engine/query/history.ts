// GET /v2/process-instances/{key}/history — the instance's records in order: what the engine did
// and when (element lifecycle, sequence flows taken, jobs, variables, incidents, timers,
// messages, rejected commands). Camunda's v2 API has no such endpoint (its audit log is about
// operators); this one follows the v2 conventions: keys and positions as strings, dates as
// ISO strings, {items, page} with cursors. Each record is Zeebe's exported record form
// (recordType, valueType, intent, value), `value` in Zeebe's full form (engine.record_value puts
// back what the stored form leaves to the process definition, migrations/0005_compact_records.sql).
import type { Sql } from 'postgres';
import { z } from 'zod';
import { notFound } from './errors.js';
import { textArray } from './filters.js';
import { MAX_LIMIT, runSearch, str, iso, type SearchResult } from './paging.js';

const list = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter((x) => x !== ''))
  .pipe(z.array(z.string().regex(/^[A-Z_]+$/, 'Expected Zeebe names in capitals, e.g. PROCESS_INSTANCE or ELEMENT_ACTIVATED')));

/** Query-string parameters (strings). */
export const historyQuery = z
  .strictObject({
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).optional(),
  after: z.string().min(1).optional(),
  before: z.string().min(1).optional(),
  /** Comma-separated value types, e.g. PROCESS_INSTANCE,INCIDENT. */
  valueType: list.optional(),
  /** Comma-separated intents, e.g. ELEMENT_ACTIVATED,CREATED. */
  intent: list.optional(),
  /** EVENT or COMMAND_REJECTION. */
  recordType: z.enum(['EVENT', 'COMMAND_REJECTION']).optional(),
  order: z.enum(['ASC', 'DESC', 'asc', 'desc']).optional(),
}).refine((q) => q.after === undefined || q.before === undefined, { message: 'Use only one of after and before' });
export type HistoryQuery = z.output<typeof historyQuery>;

export interface RecordResult {
  readonly position: string;
  readonly key: string;
  readonly timestamp: string;
  readonly recordType: string;
  readonly valueType: string;
  readonly intent: string;
  readonly value: unknown;
}

export async function processInstanceHistory(sql: Sql, processInstanceKey: string, query: HistoryQuery): Promise<SearchResult<RecordResult>> {
  const [known] = await sql`select 1 as one from engine.process_instances where key = ${processInstanceKey}::bigint`;
  if (!known) throw notFound(`Process instance with key '${processInstanceKey}' not found`);
  const where = [sql`r.process_instance_key = ${processInstanceKey}::bigint`];
  if (query.valueType) where.push(sql`r.value_type = any(${textArray(sql, query.valueType)})`);
  if (query.intent) where.push(sql`r.intent = any(${textArray(sql, query.intent)})`);
  if (query.recordType) where.push(sql`r.record_type = ${query.recordType}`);
  const result = await runSearch(sql, {
    select: sql`r.position::text as position, r.key::text as key, r.timestamp::float8 as timestamp, r.record_type, r.value_type, r.intent,
      engine.record_value(r.value_type, r.value)::text as value`,
    from: sql`engine.records r`,
    where,
    columns: { position: { expr: sql`r.position`, type: 'bigint' } },
    tiebreak: ['position'],
    sort: [{ field: 'position', order: query.order?.toUpperCase() === 'DESC' ? 'DESC' : 'ASC' }],
    page: { limit: query.limit, after: query.after, before: query.before },
  });
  return {
    items: result.items.map((r) => ({
      position: str(r['position']),
      key: str(r['key']),
      timestamp: iso(r['timestamp']) ?? '',
      recordType: str(r['record_type']),
      valueType: str(r['value_type']),
      intent: str(r['intent']),
      value: JSON.parse(str(r['value'])) as unknown,
    })),
    page: result.page,
  };
}
