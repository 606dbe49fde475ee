// The built-in functions Zeebe's FEEL has and @bpmn-io/feelin lacks (or implements differently).
// Expectations come from docs.camunda.io, "FEEL built-in functions" (components/modeler/feel/
// builtin-functions/*, 8.3–8.5 pages; the "Camunda Extension" entries) and, where the docs are
// silent, from feel-scala's implementation. Each function is reached under a mangled name that the
// compiler (compile.ts) substitutes for the FEEL name at the call site, so a name like
// `get or else` (where `or` is a keyword) never has to be parsed as a variable name at run time.
import { randomUUID } from 'node:crypto';
import {
  asDateAndTime,
  atTimezone,
  currentDateTime,
  currentLocalDate,
  feelinBuiltin,
  formatDuration,
  isDateTime,
  isDuration,
  temporalKind,
  type LuxonDateTime,
} from './temporal.js';

/** Thrown by `assert()`; the one way a FEEL evaluation fails instead of yielding null. */
export class FeelAssertionError extends Error {
  override readonly name = 'FeelAssertionError';
}

type BuiltinFunction = (...args: unknown[]) => unknown;

export interface Builtin {
  /** The FEEL name, single-spaced, e.g. `get or else`. */
  readonly name: string;
  /** The identifier the compiler puts in its place. */
  readonly mangled: string;
  /** feelin's function object: the implementation with `$args` (parameter names, for named calls). */
  readonly fn: BuiltinFunction;
}

function isContext(value: unknown): value is Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function hasOwn(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** FEEL equality for the values a list can hold, enough for `duplicate values`. */
function feelEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (isDateTime(a) || isDateTime(b)) {
    return isDateTime(a) && isDateTime(b) && temporalKind(a) === temporalKind(b) && a.toMillis() === b.toMillis();
  }
  if (isDuration(a) || isDuration(b)) {
    return isDuration(a) && isDuration(b) && a.as('milliseconds') === b.as('milliseconds');
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    const left: unknown[] = a;
    const right: unknown[] = b;
    return left.every((item, i) => feelEquals(item, right[i]));
  }
  if (isContext(a) && isContext(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => hasOwn(b, key) && feelEquals(a[key], b[key]));
  }
  return false;
}

const feelinDateAndTime = feelinBuiltin('date and time');
const feelinAt = feelinBuiltin('@');
const feelinDateOf = feelinBuiltin('date');
const feelinDuration = feelinBuiltin('duration');
const feelinYearsAndMonths = feelinBuiltin('years and months duration');

/** A FEEL date from its parts, made by feelin itself so feelin treats it as a date. */
function makeDate(year: number, month: number, day: number): unknown {
  return feelinDateOf(year, month, day);
}

function localDateOf(value: LuxonDateTime): { year: number; month: number; day: number } | null {
  const kind = temporalKind(value);
  return kind === 'time' ? null : { year: value.year, month: value.month, day: value.day };
}

const implementations: Record<string, { params: readonly string[]; fn: BuiltinFunction }> = {
  // --- boolean functions (docs: feel-built-in-functions-boolean) ---

  // Since feel-scala 1.17 / Zeebe 8.3, `is defined(null)` is false: a missing variable and a null
  // one both evaluate to null, so the function is a null check (feel-scala PR #712; the 8.4+ page
  // documents it as a breaking change; `is defined(x)` is false when no variable x exists).
  'is defined': {
    params: ['value'],
    fn: (value) => value !== null && value !== undefined,
  },
  'get or else': {
    params: ['value', 'default'],
    fn: (value, fallback) => value ?? fallback ?? null,
  },
  // Fails the evaluation unless the condition is exactly true; the message is the cause, or
  // feel-scala's "The condition is not fulfilled".
  assert: {
    params: ['value', 'condition', 'cause'],
    fn: (value, condition, cause) => {
      if (condition === true) return value ?? null;
      throw new FeelAssertionError(typeof cause === 'string' ? cause : 'The condition is not fulfilled');
    },
  },

  // --- string functions (docs: feel-built-in-functions-string) ---

  extract: {
    params: ['string', 'pattern', 'input'],
    fn: (string, pattern, input) => {
      const text = string ?? input;
      if (typeof text !== 'string' || typeof pattern !== 'string') return null;
      let regex: RegExp;
      try {
        regex = new RegExp(pattern, 'g');
      } catch {
        return null;
      }
      return Array.from(text.matchAll(regex), (match) => match[0]);
    },
  },
  // 8.6+ (feel-scala 1.18), harmless to have earlier
  trim: {
    params: ['string'],
    fn: (string) => (typeof string === 'string' ? string.trim() : null),
  },
  uuid: {
    params: [],
    fn: () => randomUUID(),
  },
  'to base64': {
    params: ['value'],
    fn: (value) => (typeof value === 'string' ? Buffer.from(value, 'utf8').toString('base64') : null),
  },
  // 8.7+ (feel-scala 1.19)
  'is blank': {
    params: ['string'],
    fn: (string) => (typeof string === 'string' ? string.trim() === '' : null),
  },

  // --- list functions (docs: feel-built-in-functions-list) ---

  // feelin has 1–2 arguments; Camunda adds prefix and suffix. Items must be strings or null.
  'string join': {
    params: ['list', 'delimiter', 'prefix', 'suffix'],
    fn: (list, delimiter, prefix, suffix) => {
      if (!Array.isArray(list)) return null;
      const items: unknown[] = list;
      if (!items.every((item) => item === null || typeof item === 'string')) return null;
      if (delimiter !== undefined && delimiter !== null && typeof delimiter !== 'string') return null;
      const wrapped = prefix !== undefined || suffix !== undefined;
      if (wrapped && (typeof prefix !== 'string' || typeof suffix !== 'string')) {
        // string join(list, delimiter, null, null) is the two-argument form
        if (!(prefix === null && suffix === null)) return null;
      }
      const joined = items.filter((item): item is string => typeof item === 'string').join(delimiter ?? '');
      return typeof prefix === 'string' && typeof suffix === 'string' ? `${prefix}${joined}${suffix}` : joined;
    },
  },
  'duplicate values': {
    params: ['list'],
    fn: (list) => {
      if (!Array.isArray(list)) return null;
      const items: unknown[] = list;
      // in the order of their first occurrence: duplicate values([1,2,3,2,1]) = [1,2]
      const duplicates: unknown[] = [];
      for (const item of items) {
        if (duplicates.some((other) => feelEquals(other, item))) continue;
        if (items.filter((other) => feelEquals(other, item)).length > 1) duplicates.push(item);
      }
      return duplicates;
    },
  },
  // 8.6+ (feel-scala 1.18)
  'is empty': {
    params: ['list'],
    fn: (list) => (Array.isArray(list) ? list.length === 0 : null),
  },
  // 8.7+ (feel-scala 1.19): size < 1 gives null
  partition: {
    params: ['list', 'size'],
    fn: (list, size) => {
      if (!Array.isArray(list) || typeof size !== 'number' || !Number.isInteger(size) || size < 1) return null;
      const items: unknown[] = list;
      const parts: unknown[][] = [];
      for (let i = 0; i < items.length; i += size) parts.push(items.slice(i, i + size));
      return parts;
    },
  },

  // --- numeric functions (docs: feel-built-in-functions-numeric) ---

  // feelin's abs takes numbers only; FEEL's also takes durations (docs: temporal, abs(n)).
  abs: {
    params: ['n', 'number'],
    fn: (n, number) => {
      const value = n ?? number;
      if (typeof value === 'number') return Math.abs(value);
      if (isDuration(value)) return value.as('milliseconds') < 0 ? value.negate() : value;
      return null;
    },
  },
  'random number': {
    params: [],
    fn: () => Math.random(),
  },

  // --- context functions (docs: feel-built-in-functions-context) ---

  // feelin's `get value` takes a key; Camunda's also a list of keys (a path).
  'get value': {
    params: ['context', 'key', 'm', 'keys'],
    fn: (context, key, m, keys) => {
      const target = context ?? m;
      const path = key ?? keys;
      if (!isContext(target)) return null;
      if (typeof path === 'string') return hasOwn(target, path) ? (target[path] ?? null) : null;
      if (!Array.isArray(path) || path.length === 0) return null;
      let current: unknown = target;
      for (const segment of path as unknown[]) {
        if (typeof segment !== 'string' || !isContext(current) || !hasOwn(current, segment)) return null;
        current = current[segment];
      }
      return current ?? null;
    },
  },

  // feelin's `context put` cannot create a nested path that does not exist yet; the docs'
  // context put({x:1}, ["y", "z"], 2) is {x:1, y: {z:2}}.
  'context put': {
    params: ['context', 'key', 'value', 'keys'],
    fn: (context, key, value, keys) => {
      const path: unknown = key ?? keys;
      const segments: unknown[] = typeof path === 'string' ? [path] : Array.isArray(path) ? path : [];
      if (!isContext(context) || segments.length === 0 || !segments.every((k) => typeof k === 'string')) return null;
      const put = (target: Readonly<Record<string, unknown>>, at: number): Record<string, unknown> => {
        const name = segments[at] as string;
        const copy: Record<string, unknown> = { ...target };
        if (at === segments.length - 1) {
          copy[name] = value ?? null;
        } else {
          const inner = target[name];
          copy[name] = put(isContext(inner) ? inner : {}, at + 1);
        }
        return copy;
      };
      return put(context, 0);
    },
  },

  // --- temporal functions (docs: feel-built-in-functions-temporal) ---

  // feelin's result can carry fractional months (P1Y8.06M); FEEL's is whole months (Period.between).
  'years and months duration': {
    params: ['from', 'to'],
    fn: (from, to) => {
      const result = feelinYearsAndMonths(from, to);
      if (!isDuration(result)) return result ?? null;
      const total = Math.trunc((result.values.years ?? 0) * 12 + (result.values.months ?? 0));
      const abs = Math.abs(total);
      return feelinDuration(`${total < 0 ? '-' : ''}P${Math.floor(abs / 12)}Y${abs % 12}M`);
    },
  },

  // feelin's now() is a local date-time; feel-scala's is zoned (the system zone).
  now: {
    params: [],
    fn: () => currentDateTime(),
  },
  // feelin's today() is a local date-time at midnight; feel-scala's is a date.
  today: {
    params: [],
    fn: () => {
      const { year, month, day } = currentLocalDate();
      return makeDate(year, month, day);
    },
  },
  'last day of month': {
    params: ['date'],
    fn: (date) => {
      if (!isDateTime(date)) return null;
      const parts = localDateOf(date);
      if (parts === null) return null;
      const lastDay = new Date(Date.UTC(parts.year, parts.month, 0)).getUTCDate();
      return makeDate(parts.year, parts.month, lastDay);
    },
  },
  // Replaces the `date and time(…)` constructor: feelin's, plus Camunda's
  // `date and time(date and time, timezone)`, and results kept date-times (see temporal.ts).
  'date and time': {
    params: ['date', 'time', 'from', 'timezone'],
    fn: (date, time, from, timezone) => {
      const zone = typeof timezone === 'string' ? timezone : typeof time === 'string' ? time : undefined;
      if (zone !== undefined) {
        return isDateTime(date) && temporalKind(date) !== 'time' ? atTimezone(date, zone) : null;
      }
      return asDateAndTime(feelinDateAndTime(date, time, from));
    },
  },
  // Replaces `@"…"` literals, so that `@"2024-01-01T00:00:00Z"` stays a date and time.
  '@': {
    params: ['string'],
    fn: (string) => {
      const value = feelinAt(string);
      return typeof string === 'string' && /^\d+-\d+-\d+T/i.test(string) ? asDateAndTime(value) : value;
    },
  },

  // --- Zeebe's own (engine FeelFunctionProvider), for timer cycles ---

  // cycle(interval) → "R/<interval>", cycle(repetitions, interval) → "R<n>/<interval>"
  cycle: {
    params: ['repetitions', 'interval'],
    fn: (repetitions, interval) => {
      const [count, duration] = interval === undefined ? [null, repetitions] : [repetitions, interval];
      if (!isDuration(duration)) return null;
      const text = formatDuration(duration);
      if (text === null) return null;
      if (count === null || count === undefined) return `R/${text}`;
      if (typeof count !== 'number') return null;
      return `R${Math.trunc(count)}/${text}`;
    },
  },
};

function withParams(fn: BuiltinFunction, params: readonly string[]): BuiltinFunction {
  return Object.assign(fn, { $args: [...params] });
}

// ---- comparisons ----
// feelin orders values of different types with JavaScript's coercing operators, so `"150" > 100`
// is true and `5 > "a"` is false; in FEEL both are null ("a value is compared to another value of
// a different type", feel-error-handling). The compiler turns `a < b` (and <=, >, >=, between) into
// calls of these, so a mismatched comparison stays null — and a gateway condition on it fails as
// in Zeebe instead of quietly taking a branch.

type Ordering = -1 | 0 | 1 | null;

function sign(n: number): -1 | 0 | 1 {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

function order(a: unknown, b: unknown): Ordering {
  if (typeof a === 'number' && typeof b === 'number') return sign(a - b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (isDateTime(a) && isDateTime(b)) {
    return temporalKind(a) === temporalKind(b) ? sign(a.toMillis() - b.toMillis()) : null;
  }
  if (isDuration(a) && isDuration(b)) {
    const months = (d: typeof a): boolean => Object.keys(d.values).every((unit) => unit === 'years' || unit === 'months');
    return months(a) === months(b) ? sign(a.as('milliseconds') - b.as('milliseconds')) : null;
  }
  return null;
}

export function compare(op: unknown, a: unknown, b: unknown): boolean | null {
  const o = order(a ?? null, b ?? null);
  if (o === null) return null;
  switch (op) {
    case '<':
      return o < 0;
    case '<=':
      return o <= 0;
    case '>':
      return o > 0;
    case '>=':
      return o >= 0;
    default:
      return null;
  }
}

function between(value: unknown, low: unknown, high: unknown): boolean | null {
  const lower = compare('>=', value, low);
  const upper = compare('<=', value, high);
  if (lower === false || upper === false) return false;
  return lower === null || upper === null ? null : true;
}

/** Helpers the compiler calls; they have no FEEL name, so no expression can call them itself. */
export const COMPARE: Builtin = { name: '', mangled: '__ow_compare', fn: withParams(compare, ['op', 'a', 'b']) };
export const BETWEEN: Builtin = { name: '', mangled: '__ow_between', fn: withParams(between, ['value', 'low', 'high']) };

function mangle(name: string): string {
  return name === '@' ? '__ow_at' : `__ow_${name.replace(/ /g, '_')}`;
}

/** Every injected built-in, by FEEL name. */
export const BUILTINS: ReadonlyMap<string, Builtin> = new Map(
  Object.entries(implementations).map(([name, spec]) => [
    name,
    { name, mangled: mangle(name), fn: withParams(spec.fn, spec.params) },
  ]),
);
