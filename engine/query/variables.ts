// POST /v2/variables/search — Camunda 8 "Search variables".
// Rows: engine.variables. A live scope's variables are there; when a scope ends its local
// variables go and the root scope's (the process instance's) stay, so a finished instance keeps
// its process variables. Values are compared and returned as serialized JSON, as in Camunda
// (a string variable `张三` is found with the filter value `"\"张三\""`).
import type { Fragment, Sql } from 'postgres';
import { z } from 'zod';
import { and, keyFilter, keySql, likePattern, or, stringFilter, stringSql, type StringFilter } from './filters.js';
import { pageSchema, runSearch, sortSchema, str, type DbRow, type SearchResult, type SortColumn } from './paging.js';
import { TENANT, tenantSql } from './tenant.js';

/** Camunda truncates values in search results above this many characters unless asked not to. */
export const TRUNCATE_AT = 8191;
/** The index on engine.variables covers this many characters of a name (see 0003_query_indexes.sql). */
const NAME_PREFIX = 500;

const filterSchema = z.strictObject({
  name: stringFilter.optional(),
  value: stringFilter.optional(),
  scopeKey: keyFilter.optional(),
  processInstanceKey: keyFilter.optional(),
  tenantId: stringFilter.optional(),
});

export const variableSearchRequest = z.strictObject({
  filter: filterSchema.optional(),
  sort: sortSchema(['name', 'value', 'scopeKey', 'processInstanceKey', 'tenantId']).optional(),
  page: pageSchema.optional(),
});
export type VariableSearchRequest = z.output<typeof variableSearchRequest>;

export interface VariableResult {
  readonly variableKey: string | null;
  readonly name: string;
  readonly value: string;
  readonly isTruncated: boolean;
  readonly scopeKey: string;
  readonly processInstanceKey: string;
  readonly tenantId: string;
}

/**
 * A filter value as the JSON the engine stored: `"\"abc\""` → `"abc"`, `"42"` → `42`. Text that
 * is not JSON is taken as a string (`abc` finds the string "abc"), so a person typing a value
 * needs no quotes.
 */
export function asJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return JSON.stringify(text);
  }
}

/**
 * Equality in the form the (name, md5(value)) index serves: md5 of the jsonb text (canonical,
 * so equal values have equal hashes), then the value itself on the rows found.
 */
function valueEquals(sql: Sql, col: Fragment, text: string): Fragment {
  const json = asJson(text);
  // ::text first: a parameter typed jsonb would be JSON-encoded once more by the client.
  return sql`md5((${col})::text) = md5(${json}::text::jsonb::text) and ${col} = ${json}::text::jsonb`;
}

/**
 * Conditions on a variable's jsonb value column from a StringFilterProperty on its serialized
 * JSON. `$exists` is the caller's: a variable that exists has a value (null is the JSON `null`).
 */
export function variableValueSql(sql: Sql, col: Fragment, f: StringFilter | undefined): Fragment[] {
  if (!f) return [];
  const out: Fragment[] = [];
  if (f.$eq !== undefined) out.push(valueEquals(sql, col, f.$eq));
  if (f.$neq !== undefined) out.push(sql`${col} is distinct from ${asJson(f.$neq)}::text::jsonb`);
  if (f.$in !== undefined) out.push(or(sql, f.$in.map((v) => valueEquals(sql, col, v))));
  if (f.$notIn !== undefined) out.push(and(sql, f.$notIn.map((v) => sql`${col} is distinct from ${asJson(v)}::text::jsonb`)));
  if (f.$like !== undefined) out.push(sql`(${col})::text like ${likePattern(f.$like)}`);
  return out;
}

/**
 * `name = n` in the form the (left(name, 500), md5(value)) index matches. Only a name of 500
 * characters or more can share the indexed prefix with another name, so only then is the whole
 * name compared (on the table).
 */
export function variableNameEquals(sql: Sql, col: Fragment, name: string): Fragment {
  const prefix = sql`left(${col}, ${NAME_PREFIX}) = left(${name}::text, ${NAME_PREFIX})`;
  return name.length < NAME_PREFIX ? prefix : sql`${prefix} and ${col} = ${name}`;
}

function nameSql(sql: Sql, col: Fragment, f: StringFilter | undefined): Fragment[] {
  if (!f) return [];
  if (f.$eq === undefined) return stringSql(sql, col, f);
  const { $eq, ...rest } = f;
  return [variableNameEquals(sql, col, $eq), ...stringSql(sql, col, rest)];
}

function sortColumns(sql: Sql): Record<string, SortColumn> {
  return {
    name: { expr: sql`v.name`, type: 'text' },
    value: { expr: sql`coalesce(v.value::text, '')`, type: 'text' },
    scopeKey: { expr: sql`v.scope_key`, type: 'bigint' },
    processInstanceKey: { expr: sql`v.process_instance_key`, type: 'bigint' },
    tenantId: { expr: sql`${TENANT}::text`, type: 'text' },
  };
}

/** The VARIABLE CREATED record's key for each (scope, name): Camunda's variableKey. */
async function variableKeys(sql: Sql, rows: readonly DbRow[]): Promise<Map<string, string>> {
  if (rows.length === 0) return new Map();
  const wanted = rows.map((r) => ({ scope_key: str(r['scope_key']), name: str(r['name']), pi: str(r['process_instance_key']) }));
  const found = await sql<{ scope_key: string; name: string; key: string | null }[]>`
    select x.scope_key::text as scope_key, x.name,
      (select r.key::text from engine.records r
        where r.process_instance_key = x.pi and r.value_type = 'VARIABLE' and r.intent = 'CREATED'
          and r.value->>'name' = x.name and r.value->>'scopeKey' = x.scope_key::text
        order by r.position desc limit 1) as key
    from jsonb_to_recordset(${JSON.stringify(wanted)}::text::jsonb) as x(scope_key bigint, name text, pi bigint)`;
  const out = new Map<string, string>();
  for (const f of found) if (f.key !== null) out.set(`${f.scope_key}:${f.name}`, f.key);
  return out;
}

/** Serialized JSON of a jsonb text column (compact, as JSON.stringify writes it). */
export function serialized(jsonbText: unknown): string {
  if (jsonbText === null || jsonbText === undefined) return 'null';
  return JSON.stringify(JSON.parse(String(jsonbText)));
}

export async function toVariableResults(sql: Sql, rows: readonly DbRow[], truncate: boolean): Promise<VariableResult[]> {
  const keys = await variableKeys(sql, rows);
  return rows.map((r) => {
    const full = serialized(r['value']);
    const cut = truncate && full.length > TRUNCATE_AT;
    return {
      variableKey: keys.get(`${str(r['scope_key'])}:${str(r['name'])}`) ?? null,
      name: str(r['name']),
      value: cut ? full.slice(0, TRUNCATE_AT) : full,
      isTruncated: cut,
      scopeKey: str(r['scope_key']),
      processInstanceKey: str(r['process_instance_key']),
      tenantId: TENANT,
    };
  });
}

export async function searchVariables(
  sql: Sql,
  request: VariableSearchRequest,
  options: { readonly truncateValues?: boolean } = {},
): Promise<SearchResult<VariableResult>> {
  const f = request.filter ?? {};
  const where: Fragment[] = [
    ...nameSql(sql, sql`v.name`, f.name),
    ...variableValueSql(sql, sql`v.value`, f.value),
    ...(f.value?.$exists === false ? [sql`false`] : []),
    ...keySql(sql, sql`v.scope_key`, f.scopeKey),
    ...keySql(sql, sql`v.process_instance_key`, f.processInstanceKey),
    ...tenantSql(sql, f.tenantId),
  ];
  const result = await runSearch(sql, {
    select: sql`v.scope_key::text as scope_key, v.name, v.value::text as value, v.process_instance_key::text as process_instance_key`,
    from: sql`engine.variables v`,
    where,
    columns: sortColumns(sql),
    tiebreak: ['scopeKey', 'name'],
    sort: request.sort,
    page: request.page,
  });
  return { items: await toVariableResults(sql, result.items, options.truncateValues ?? true), page: result.page };
}
