// Camunda 8 REST API v2 filter properties (StringFilterProperty, IntegerFilterProperty,
// DateTimeFilterProperty, key and enum filters) as zod schemas, and their translation to SQL.
// Every property takes the shorthand value (`"ACTIVE"`, `"2251799813685249"`) or an object of
// operators (`{"$in": [...]}`); the shorthand is normalised to `{$eq: value}` so that the SQL
// side handles one shape.
import type { Fragment, Sql } from 'postgres';
import { z } from 'zod';

/**
 * A filter property: `shorthand` (a valid value, taken as `{$eq: value}`) or an object of
 * operators. An invalid shorthand is reported at the property itself ("filter.state: Expected
 * one of ACTIVE, … or an object of operators"), not at a `$eq` the caller never wrote.
 */
function advanced<S extends z.ZodRawShape>(shape: S, shorthand: z.ZodType, what: string) {
  const ops = Object.keys(shape).join(', ');
  return z.preprocess(
    (v) => (typeof v !== 'object' && shorthand.safeParse(v).success ? { $eq: v } : v),
    z.strictObject(shape, { error: `Expected ${what} or an object of operators (${ops})` }),
  );
}

// ---------------------------------------------------------------- strings

export const stringFilter = advanced(
  {
    $eq: z.string().optional(),
    $neq: z.string().optional(),
    $exists: z.boolean().optional(),
    $in: z.array(z.string()).optional(),
    $notIn: z.array(z.string()).optional(),
    $like: z.string().optional(),
  },
  z.string(),
  'a string',
);
export type StringFilter = z.output<typeof stringFilter>;

// ---------------------------------------------------------------- keys (int64 as strings)

/** Zeebe keys are int64: strings on the wire (numbers are accepted when they are exact). */
export const keyValue = z.union([z.string().regex(/^-?\d{1,19}$/, 'Expected a key: a string of digits'), z.int()]).transform((v) => String(v));

export const keyFilter = advanced(
  {
    $eq: keyValue.optional(),
    $neq: keyValue.optional(),
    $exists: z.boolean().optional(),
    $in: z.array(keyValue).optional(),
    $notIn: z.array(keyValue).optional(),
  },
  keyValue,
  'a key (a string of digits)',
);
export type KeyFilter = z.output<typeof keyFilter>;

// ---------------------------------------------------------------- integers

export const integerFilter = advanced(
  {
    $eq: z.int().optional(),
    $neq: z.int().optional(),
    $exists: z.boolean().optional(),
    $gt: z.int().optional(),
    $gte: z.int().optional(),
    $lt: z.int().optional(),
    $lte: z.int().optional(),
    $in: z.array(z.int()).optional(),
  },
  z.int(),
  'an integer',
);
export type IntegerFilter = z.output<typeof integerFilter>;

// ---------------------------------------------------------------- date-times

/** RFC 3339 date-time with an offset (`2025-03-01T08:00:00Z`, `…+08:00`), as epoch ms. */
const dateTime = z.iso.datetime({ offset: true, error: 'Expected an RFC 3339 date-time such as 2025-03-01T08:00:00.000Z' }).transform((s) => Date.parse(s));

export const dateTimeFilter = advanced(
  {
    $eq: dateTime.optional(),
    $neq: dateTime.optional(),
    $exists: z.boolean().optional(),
    $gt: dateTime.optional(),
    $gte: dateTime.optional(),
    $lt: dateTime.optional(),
    $lte: dateTime.optional(),
    $in: z.array(dateTime).optional(),
  },
  dateTime,
  'an RFC 3339 date-time (2025-03-01T08:00:00Z)',
);
export type DateTimeFilter = z.output<typeof dateTimeFilter>;

// ---------------------------------------------------------------- enums

export function enumFilter<const T extends readonly [string, ...string[]]>(values: T) {
  const value = z.enum(values);
  return advanced(
    {
      $eq: value.optional(),
      $neq: value.optional(),
      $exists: z.boolean().optional(),
      $in: z.array(value).optional(),
      $notIn: z.array(value).optional(),
    },
    value,
    `one of ${values.join(', ')}`,
  );
}
export interface EnumFilter {
  readonly $eq?: string | undefined;
  readonly $neq?: string | undefined;
  readonly $exists?: boolean | undefined;
  readonly $in?: readonly string[] | undefined;
  readonly $notIn?: readonly string[] | undefined;
}

// ---------------------------------------------------------------- SQL

export function and(sql: Sql, parts: readonly Fragment[]): Fragment {
  if (parts.length === 0) return sql`true`;
  return parts.map((p) => sql`(${p})`).reduce((a, b) => sql`${a} and ${b}`);
}

export function or(sql: Sql, parts: readonly Fragment[]): Fragment {
  if (parts.length === 0) return sql`false`;
  return parts.map((p) => sql`(${p})`).reduce((a, b) => sql`${a} or ${b}`);
}

/** `$exists` on a column that is null when the property is absent. */
function exists(sql: Sql, col: Fragment, want: boolean | undefined): Fragment[] {
  if (want === undefined) return [];
  return [want ? sql`${col} is not null` : sql`${col} is null`];
}

/**
 * Camunda's `$like`: `*` any run of characters, `?` one character, `\` escapes the next one.
 * Becomes a LIKE pattern (`%`, `_`, escape `\`).
 */
export function likePattern(camunda: string): string {
  let out = '';
  for (let i = 0; i < camunda.length; i++) {
    const c = camunda[i] as string;
    if (c === '\\') {
      const next = camunda[i + 1];
      i++;
      if (next === undefined) out += '\\\\';
      else out += next === '%' || next === '_' || next === '\\' ? `\\${next}` : next;
    } else if (c === '*') out += '%';
    else if (c === '?') out += '_';
    else if (c === '%' || c === '_') out += `\\${c}`;
    else out += c;
  }
  return out;
}

/**
 * `array[...]` of text values, sent as one JSON parameter. (The client's own array parameters
 * go wrong for unnamed statements, see paging.ts unprepared.)
 */
export function textArray(sql: Sql, values: readonly string[]): Fragment {
  return sql`array(select jsonb_array_elements_text(${JSON.stringify(values)}::text::jsonb))`;
}

export function stringSql(sql: Sql, col: Fragment, f: StringFilter | EnumFilter | undefined): Fragment[] {
  if (!f) return [];
  const out = exists(sql, col, f.$exists);
  if (f.$eq !== undefined) out.push(sql`${col} = ${f.$eq}`);
  if (f.$neq !== undefined) out.push(sql`${col} <> ${f.$neq}`);
  if (f.$in !== undefined) out.push(sql`${col} = any(${textArray(sql, f.$in)})`);
  if (f.$notIn !== undefined) out.push(sql`not (${col} = any(${textArray(sql, f.$notIn)}))`);
  if ('$like' in f && f.$like !== undefined) out.push(sql`${col} like ${likePattern(f.$like)}`);
  return out;
}

const bigintArray = (keys: readonly string[]): string => `{${keys.join(',')}}`;

/** `col` is a bigint column, null (not -1) when the key is absent. */
export function keySql(sql: Sql, col: Fragment, f: KeyFilter | undefined): Fragment[] {
  if (!f) return [];
  const out = exists(sql, col, f.$exists);
  if (f.$eq !== undefined) out.push(sql`${col} = ${f.$eq}::bigint`);
  if (f.$neq !== undefined) out.push(sql`${col} <> ${f.$neq}::bigint`);
  if (f.$in !== undefined) out.push(sql`${col} = any(${bigintArray(f.$in)}::bigint[])`);
  if (f.$notIn !== undefined) out.push(sql`not (${col} = any(${bigintArray(f.$notIn)}::bigint[]))`);
  return out;
}

/** Integers and epoch-ms date-times (both arrive as numbers). */
export function numberSql(sql: Sql, col: Fragment, f: IntegerFilter | DateTimeFilter | undefined): Fragment[] {
  if (!f) return [];
  const out = exists(sql, col, f.$exists);
  const n = (v: number): string => String(Math.trunc(v));
  if (f.$eq !== undefined) out.push(sql`${col} = ${n(f.$eq)}::bigint`);
  if (f.$neq !== undefined) out.push(sql`${col} <> ${n(f.$neq)}::bigint`);
  if (f.$gt !== undefined) out.push(sql`${col} > ${n(f.$gt)}::bigint`);
  if (f.$gte !== undefined) out.push(sql`${col} >= ${n(f.$gte)}::bigint`);
  if (f.$lt !== undefined) out.push(sql`${col} < ${n(f.$lt)}::bigint`);
  if (f.$lte !== undefined) out.push(sql`${col} <= ${n(f.$lte)}::bigint`);
  if (f.$in !== undefined) out.push(sql`${col} = any(${bigintArray(f.$in.map(n))}::bigint[])`);
  return out;
}

/** The keys an `$eq`/`$in` key filter allows, or undefined when it doesn't pin them down. */
export function pinnedKeys(f: KeyFilter | undefined): string[] | undefined {
  if (!f) return undefined;
  if (f.$eq !== undefined) return f.$in === undefined || f.$in.includes(f.$eq) ? [f.$eq] : [];
  if (f.$in !== undefined) return [...f.$in];
  return undefined;
}
