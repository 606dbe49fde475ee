// Paging and sorting as Camunda 8's REST API v2 search endpoints do it:
//   request  { sort: [{field, order}], page: {limit, after | before | from} }
//   response { items, page: {totalItems, hasMoreTotalItems, startCursor, endCursor} }
// Cursors are keyset positions (the sort values of the first / last item, plus the unique key
// that breaks ties), so a page costs the same however deep it is and rows written meanwhile
// never shift it. They are opaque strings tied to the sort they were made with.
import type { Fragment, Sql } from 'postgres';
import { z } from 'zod';
import { and, or } from './filters.js';
import { badRequest } from './errors.js';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 10_000;
/** Counting stops here; past it totalItems is a lower bound and hasMoreTotalItems is true. */
export const COUNT_CAP = 10_000;

export const pageSchema = z
  .strictObject({
    limit: z.int().min(1).max(MAX_LIMIT).optional(),
    from: z.int().min(0).optional(),
    after: z.string().min(1).optional(),
    before: z.string().min(1).optional(),
  })
  .refine((p) => [p.from, p.after, p.before].filter((v) => v !== undefined).length <= 1, {
    message: 'Use only one of from, after and before',
  });
export type PageRequest = z.output<typeof pageSchema>;

export type SortOrder = 'ASC' | 'DESC';
const order = z
  .enum(['ASC', 'DESC', 'asc', 'desc'])
  .transform((o): SortOrder => (o.toUpperCase() === 'DESC' ? 'DESC' : 'ASC'));

export function sortSchema<const F extends readonly [string, ...string[]]>(fields: F) {
  return z.array(z.strictObject({ field: z.enum(fields), order: order.optional() })).max(10);
}

/** How a sortable field reads in SQL: a NON-NULL expression (coalesce nullable columns) and its type. */
export interface SortColumn {
  readonly expr: Fragment;
  readonly type: 'bigint' | 'int' | 'text' | 'boolean';
}

interface ResolvedSort extends SortColumn {
  readonly name: string;
  readonly order: SortOrder;
}

export interface PageInfo {
  readonly totalItems: number;
  readonly hasMoreTotalItems: boolean;
  readonly startCursor: string | null;
  readonly endCursor: string | null;
}

export interface SearchResult<T> {
  readonly items: T[];
  readonly page: PageInfo;
}

export type DbRow = Record<string, unknown>;

export interface SearchPlan {
  /** Columns of an item (cheap ones: per-page extras are better fetched afterwards by key). */
  readonly select: Fragment;
  /** A table or a parenthesised subquery with an alias. */
  readonly from: Fragment;
  readonly where: readonly Fragment[];
  /** All sortable fields of the resource by API name. */
  readonly columns: Readonly<Record<string, SortColumn>>;
  /** The fields that make the order total (a unique key), appended after the requested sort. */
  readonly tiebreak: readonly string[];
  /** When the request names no sort. */
  readonly defaultSort?: readonly { readonly field: string; readonly order: SortOrder }[];
  readonly sort: readonly { readonly field: string; readonly order?: SortOrder | undefined }[] | undefined;
  readonly page: PageRequest | undefined;
}

interface Cursor {
  readonly s: string;
  readonly v: string[];
}

const encodeCursor = (c: Cursor): string => Buffer.from(JSON.stringify(c)).toString('base64url');

function decodeCursor(text: string, signature: string, field: 'after' | 'before', width: number): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const c = parsed as Partial<Cursor> | undefined;
  if (!c || typeof c !== 'object' || typeof c.s !== 'string' || !Array.isArray(c.v) || !c.v.every((x) => typeof x === 'string')) {
    throw badRequest(`page.${field}: Not a cursor of this API (use startCursor or endCursor from a previous page)`);
  }
  if (c.s !== signature || c.v.length !== width) {
    throw badRequest(`page.${field}: The cursor was made for another sort order; send the same sort as the request that returned it`);
  }
  return c.v;
}

function resolveSort(plan: SearchPlan): ResolvedSort[] {
  const requested = plan.sort && plan.sort.length > 0 ? plan.sort : (plan.defaultSort ?? []);
  const out: ResolvedSort[] = [];
  const seen = new Set<string>();
  const add = (name: string, o: SortOrder): void => {
    const col = plan.columns[name];
    if (!col) throw new Error(`sort field '${name}' has no column`);
    if (seen.has(name)) return;
    seen.add(name);
    out.push({ ...col, name, order: o });
  };
  for (const s of requested) add(s.field, s.order ?? 'ASC');
  for (const t of plan.tiebreak) add(t, 'ASC');
  return out;
}

/** Cursor values are text; typed parameters would go through the client's own serializers (booleans!). */
const cast = (sql: Sql, value: string, type: SortColumn['type']): Fragment => {
  switch (type) {
    case 'bigint':
      return sql`${value}::bigint`;
    case 'int':
      return sql`${value}::text::int`;
    case 'boolean':
      return sql`${value}::text::boolean`;
    case 'text':
      return sql`${value}::text`;
  }
};

/** Rows strictly after (or before) the cursor position in the sort order. */
function keyset(sql: Sql, sort: readonly ResolvedSort[], values: readonly string[], backwards: boolean): Fragment {
  const alternatives: Fragment[] = [];
  for (let i = 0; i < sort.length; i++) {
    const parts: Fragment[] = [];
    for (let j = 0; j < i; j++) {
      const s = sort[j] as ResolvedSort;
      parts.push(sql`${s.expr} = ${cast(sql, values[j] as string, s.type)}`);
    }
    const s = sort[i] as ResolvedSort;
    const v = cast(sql, values[i] as string, s.type);
    const forward = (s.order === 'ASC') !== backwards;
    parts.push(forward ? sql`${s.expr} > ${v}` : sql`${s.expr} < ${v}`);
    alternatives.push(and(sql, parts));
  }
  // Implied by the alternatives, but a plain range on the first sort column is what lets an
  // index on it (start_time, say) skip the pages before the cursor.
  const first = sort[0] as ResolvedSort;
  const v0 = cast(sql, values[0] as string, first.type);
  const bound = (first.order === 'ASC') !== backwards ? sql`${first.expr} >= ${v0}` : sql`${first.expr} <= ${v0}`;
  return and(sql, [bound, or(sql, alternatives)]);
}

function orderBy(sql: Sql, sort: readonly ResolvedSort[], backwards: boolean): Fragment {
  return sort
    .map((s) => ((s.order === 'DESC') !== backwards ? sql`${s.expr} desc` : sql`${s.expr} asc`))
    .reduce((a, b) => sql`${a}, ${b}`);
}

/**
 * Runs `query` as an unnamed statement, planned with its parameter values every time. A named
 * (prepared) statement switches to a generic plan after five runs, and for searches that plan
 * can be a disaster: a generic `value like $1` uses the trigram index even for a two-character
 * pattern, which has no trigrams, and reads all of it (seconds instead of milliseconds). The
 * price is planning each time (well under a millisecond here) and one more round trip.
 * (postgres.js has no per-query switch for tagged queries; its Query keeps `options.prepare`.)
 */
export function unprepared<Q extends object>(query: Q): Q {
  const options: unknown = Reflect.get(query, 'options');
  if (options !== null && typeof options === 'object') Reflect.set(options, 'prepare', false);
  return query;
}

/**
 * Runs a search: one query for the page (keyset or offset), one for the (capped) count.
 * Returns the raw rows; the caller shapes them into items.
 */
export async function runSearch(sql: Sql, plan: SearchPlan): Promise<SearchResult<DbRow>> {
  const sort = resolveSort(plan);
  const signature = sort.map((s) => `${s.name}:${s.order}`).join(',');
  const page = plan.page ?? {};
  const limit = page.limit ?? DEFAULT_LIMIT;
  const backwards = page.before !== undefined;
  const where = [...plan.where];
  if (page.after !== undefined) where.push(keyset(sql, sort, decodeCursor(page.after, signature, 'after', sort.length), false));
  if (page.before !== undefined) where.push(keyset(sql, sort, decodeCursor(page.before, signature, 'before', sort.length), true));
  const cursorColumns = sort.map((s, i) => sql`(${s.expr})::text as ${sql(`_c${i}`)}`).reduce((a, b) => sql`${a}, ${b}`);

  const [rows, counted] = await Promise.all([
    unprepared(sql<DbRow[]>`
      select ${plan.select}, ${cursorColumns}
      from ${plan.from}
      where ${and(sql, where)}
      order by ${orderBy(sql, sort, backwards)}
      limit ${limit} offset ${page.from ?? 0}`),
    unprepared(sql<{ n: number }[]>`
      select count(*)::int as n from (select 1 from ${plan.from} where ${and(sql, plan.where)} limit ${COUNT_CAP + 1}) t`),
  ]);
  const list: DbRow[] = [...rows];
  if (backwards) list.reverse();
  const cursorOf = (r: DbRow | undefined): string | null =>
    r === undefined ? null : encodeCursor({ s: signature, v: sort.map((_, i) => String(r[`_c${i}`])) });
  const n = counted[0]?.n ?? 0;
  return {
    items: list,
    page: {
      totalItems: Math.min(n, COUNT_CAP),
      hasMoreTotalItems: n > COUNT_CAP,
      startCursor: cursorOf(list[0]),
      endCursor: cursorOf(list[list.length - 1]),
    },
  };
}

// ---------------------------------------------------------------- row readers

export const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
export const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
export const optStr = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
/** A key column where -1 (or null) means "none". */
export const optKey = (v: unknown): string | null => (v === null || v === undefined || String(v) === '-1' ? null : String(v));
export const iso = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(num(v)).toISOString());
