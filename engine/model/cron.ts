// Cron timer cycles. Zeebe (8.1+) accepts a cron expression as a timer's timeCycle, parsed the
// way Spring's CronExpression parses it: six fields, `second minute hour day-of-month month
// day-of-week`, with `*`, `?`, ranges, lists, steps, month and weekday names, and the Quartz
// extras `L`, `W` and `#` (plus the macros `@daily`, `@hourly`…). Day-of-month and day-of-week
// must BOTH match when both are restricted (Spring's rule, not Vixie cron's "either").
// A timeCycle that starts with `R` is an ISO 8601 repeating interval (time.ts); anything else is
// treated as cron, as Zeebe does. Fire times are read on the wall clock of a time zone (UTC unless
// told): a time skipped by a clock change fires that much later, a time that happens twice fires
// once (java.time's resolution of local times).

/** A day-of-month item: a day (1–31), `L` / `L-n`, `nW` (nearest weekday to n), `LW`. */
export type DayOfMonthRule =
  | { readonly kind: 'day'; readonly day: number }
  | { readonly kind: 'last'; readonly offset: number }
  | { readonly kind: 'nearestWeekday'; readonly day: number }
  | { readonly kind: 'lastWeekday' };

/** A day-of-week item (0 = Sunday … 6 = Saturday): a weekday, `5L` (last Friday), `FRI#3` (third Friday). */
export type DayOfWeekRule =
  | { readonly kind: 'weekday'; readonly weekday: number }
  | { readonly kind: 'last'; readonly weekday: number }
  | { readonly kind: 'nth'; readonly weekday: number; readonly nth: number };

/** A parsed cron expression: the allowed values of each field, ascending. JSON-serialisable. */
export interface CronSchedule {
  /** The six fields the expression stands for (a macro such as `@daily` is expanded). */
  readonly fields: string;
  readonly seconds: readonly number[];
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  /** 1–12. */
  readonly months: readonly number[];
  /** Absent for `*` or `?`: any day of the month. */
  readonly daysOfMonth?: readonly DayOfMonthRule[];
  /** Absent for `*` or `?`: any day of the week. */
  readonly daysOfWeek?: readonly DayOfWeekRule[];
}

const MACROS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 0 1 1 *',
  '@annually': '0 0 0 1 1 *',
  '@monthly': '0 0 0 1 * *',
  '@weekly': '0 0 0 * * 0',
  '@daily': '0 0 0 * * *',
  '@midnight': '0 0 0 * * *',
  '@hourly': '0 0 * * * *',
};

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface Field {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Names for values, from `min` up (months, weekdays). */
  readonly names?: readonly string[];
  /** Whether `?` may stand for "any" (day-of-month and day-of-week only). */
  readonly question?: boolean;
}

const SECOND: Field = { name: 'second', min: 0, max: 59 };
const MINUTE: Field = { name: 'minute', min: 0, max: 59 };
const HOUR: Field = { name: 'hour', min: 0, max: 23 };
const DAY_OF_MONTH: Field = { name: 'day-of-month', min: 1, max: 31, question: true };
const MONTH: Field = { name: 'month', min: 1, max: 12, names: MONTH_NAMES };
// 0 and 7 are both Sunday.
const DAY_OF_WEEK: Field = { name: 'day-of-week', min: 0, max: 7, names: DAY_NAMES, question: true };

class CronSyntaxError extends Error {}

function fail(message: string): never {
  throw new CronSyntaxError(message);
}

/** One value of a field: a number or a name; `end` says it closes a range (`SUN` is then 7, not 0). */
function value(token: string, field: Field, end = false): number {
  let n: number;
  if (/^\d+$/.test(token)) {
    n = Number(token);
  } else {
    const index = field.names?.indexOf(token.toUpperCase()) ?? -1;
    if (index < 0) fail(`'${token}' is not a valid ${field.name} value`);
    n = field.min + index;
    if (field === DAY_OF_WEEK && n === 0 && end) n = 7;
  }
  if (n < field.min || n > field.max) fail(`${field.name} value ${n} is out of range ${field.min}-${field.max}`);
  return n;
}

/** `*`, `5`, `1-5`, `*\/15`, `5/10`, `MON-FRI/2` → the values it allows. */
function rangeItem(item: string, field: Field): number[] {
  const parts = item.split('/');
  if (parts.length > 2) fail(`'${item}' has more than one '/'`);
  const [range = '', stepText] = parts;
  let step = 1;
  if (stepText !== undefined) {
    if (!/^\d+$/.test(stepText) || Number(stepText) === 0) fail(`the step in '${item}' must be a positive number`);
    step = Number(stepText);
  }
  let from: number;
  let to: number;
  if (range === '*' || (range === '?' && field.question)) {
    from = field.min;
    to = field.max;
  } else if (range === '?') {
    return fail(`'?' is only allowed in the day-of-month and day-of-week fields, not in the ${field.name} field`);
  } else if (range.includes('-')) {
    const bounds = range.split('-');
    if (bounds.length !== 2 || bounds[0] === '' || bounds[1] === '') fail(`'${range}' is not a valid ${field.name} range`);
    from = value(bounds[0] ?? '', field);
    to = value(bounds[1] ?? '', field, true);
    if (from > to) fail(`the ${field.name} range '${range}' starts after it ends`);
  } else {
    from = value(range, field);
    to = stepText === undefined ? from : field.max;
  }
  const values: number[] = [];
  for (let v = from; v <= to; v += step) values.push(v);
  return values;
}

function items(text: string, field: Field): string[] {
  const list = text.split(',');
  if (list.some((item) => item === '')) fail(`the ${field.name} field '${text}' has an empty list item`);
  if (list.length > 1 && list.some((item) => item === '?')) fail(`'?' must be the whole ${field.name} field`);
  return list;
}

function simpleField(text: string, field: Field): number[] {
  const set = new Set<number>();
  for (const item of items(text, field)) for (const v of rangeItem(item, field)) set.add(v);
  return [...set].sort((a, b) => a - b);
}

function isAny(text: string): boolean {
  return text === '*' || text === '?';
}

function daysOfMonth(text: string): DayOfMonthRule[] {
  const rules: DayOfMonthRule[] = [];
  for (const item of items(text, DAY_OF_MONTH)) {
    const upper = item.toUpperCase();
    if (upper === 'L') {
      rules.push({ kind: 'last', offset: 0 });
    } else if (upper === 'LW') {
      rules.push({ kind: 'lastWeekday' });
    } else if (upper.startsWith('L-')) {
      const offset = upper.slice(2);
      if (!/^\d+$/.test(offset) || Number(offset) > 30) fail(`'${item}' must be 'L-n' with n from 0 to 30`);
      rules.push({ kind: 'last', offset: Number(offset) });
    } else if (upper.endsWith('W')) {
      rules.push({ kind: 'nearestWeekday', day: value(upper.slice(0, -1), DAY_OF_MONTH) });
    } else if (/[LW#]/i.test(item)) {
      fail(`'${item}' is not a valid day-of-month`);
    } else {
      for (const day of rangeItem(item, DAY_OF_MONTH)) rules.push({ kind: 'day', day });
    }
  }
  return rules;
}

function weekday(token: string): number {
  if (token === '') fail(`a day-of-week is missing before 'L' or '#'`);
  return value(token, DAY_OF_WEEK) % 7;
}

function daysOfWeek(text: string): DayOfWeekRule[] {
  const rules: DayOfWeekRule[] = [];
  const seen = new Set<number>();
  for (const item of items(text, DAY_OF_WEEK)) {
    const upper = item.toUpperCase();
    const hash = upper.indexOf('#');
    if (hash >= 0) {
      const nth = upper.slice(hash + 1);
      if (!/^[1-5]$/.test(nth)) fail(`the week in '${item}' must be from 1 to 5`);
      rules.push({ kind: 'nth', weekday: weekday(upper.slice(0, hash)), nth: Number(nth) });
    } else if (upper.endsWith('L')) {
      rules.push({ kind: 'last', weekday: weekday(upper.slice(0, -1)) });
    } else {
      for (const v of rangeItem(item, DAY_OF_WEEK)) {
        const day = v % 7;
        if (!seen.has(day)) rules.push({ kind: 'weekday', weekday: day });
        seen.add(day);
      }
    }
  }
  return rules;
}

function parse(text: string): CronSchedule {
  let fieldsText = text.trim();
  if (fieldsText.startsWith('@')) {
    const macro = MACROS[fieldsText.toLowerCase()];
    if (macro === undefined) fail(`unknown macro '${fieldsText}' (known: ${Object.keys(MACROS).join(', ')})`);
    fieldsText = macro;
  }
  const fields = fieldsText.split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 6) {
    fail(
      `a cron expression has 6 fields (second minute hour day-of-month month day-of-week), found ${fields.length}`,
    );
  }
  const [second = '', minute = '', hour = '', dom = '', month = '', dow = ''] = fields;
  return {
    fields: fields.join(' '),
    seconds: simpleField(second, SECOND),
    minutes: simpleField(minute, MINUTE),
    hours: simpleField(hour, HOUR),
    months: simpleField(month, MONTH),
    ...(isAny(dom) ? {} : { daysOfMonth: daysOfMonth(dom) }),
    ...(isAny(dow) ? {} : { daysOfWeek: daysOfWeek(dow) }),
  };
}

/** Parses a Spring-style cron expression; undefined when it isn't one (see cronSyntaxError for why). */
export function parseCron(text: string): CronSchedule | undefined {
  try {
    return parse(text);
  } catch (e) {
    if (e instanceof CronSyntaxError) return undefined;
    throw e;
  }
}

/** Why `text` is not a valid cron expression, or undefined when it is one. */
export function cronSyntaxError(text: string): string | undefined {
  try {
    parse(text);
    return undefined;
  } catch (e) {
    if (e instanceof CronSyntaxError) return e.message;
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Next fire time

const DAY_MS = 86_400_000;
/** Weekdays and leap years repeat every 400 Gregorian years: a schedule that fires at all fires within one. */
const SEARCH_MONTHS = 400 * 12 + 12;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function weekdayOf(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

function isWeekend(year: number, month: number, day: number): boolean {
  const w = weekdayOf(year, month, day);
  return w === 0 || w === 6;
}

/** The weekday (Mon–Fri) nearest to `day` within the month, as Quartz's `nW` picks it. */
function nearestWeekday(year: number, month: number, day: number, dim: number): number | undefined {
  if (day > dim) return undefined;
  const w = weekdayOf(year, month, day);
  if (w === 6) return day === 1 ? 3 : day - 1;
  if (w === 0) return day === dim ? day - 2 : day + 1;
  return day;
}

function matchesDayOfMonth(rule: DayOfMonthRule, year: number, month: number, day: number, dim: number): boolean {
  switch (rule.kind) {
    case 'day':
      return rule.day === day;
    case 'last':
      return dim - rule.offset === day;
    case 'nearestWeekday':
      return nearestWeekday(year, month, rule.day, dim) === day;
    case 'lastWeekday': {
      let last = dim;
      while (isWeekend(year, month, last)) last--;
      return last === day;
    }
  }
}

function matchesDayOfWeek(rule: DayOfWeekRule, weekday: number, day: number, dim: number): boolean {
  if (rule.weekday !== weekday) return false;
  switch (rule.kind) {
    case 'weekday':
      return true;
    case 'last':
      return day + 7 > dim;
    case 'nth':
      return Math.ceil(day / 7) === rule.nth;
  }
}

function matchesDay(schedule: CronSchedule, year: number, month: number, day: number, dim: number): boolean {
  const { daysOfMonth: dom, daysOfWeek: dow } = schedule;
  if (dom && !dom.some((r) => matchesDayOfMonth(r, year, month, day, dim))) return false;
  if (dow) {
    const weekday = weekdayOf(year, month, day);
    if (!dow.some((r) => matchesDayOfWeek(r, weekday, day, dim))) return false;
  }
  return true;
}

interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // Throws a RangeError for an unknown zone.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function isUtc(timeZone: string): boolean {
  return timeZone === 'UTC' || timeZone === 'Etc/UTC' || timeZone === 'Z';
}

/** The wall clock in `timeZone` at instant `ms` (whole seconds). */
function wallClock(ms: number, timeZone: string): WallClock {
  if (isUtc(timeZone)) {
    const d = new Date(ms);
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
    };
  }
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts['year'] ?? 0,
    month: parts['month'] ?? 1,
    day: parts['day'] ?? 1,
    hour: parts['hour'] ?? 0,
    minute: parts['minute'] ?? 0,
    second: parts['second'] ?? 0,
  };
}

/** The zone's offset from UTC at instant `ms`, in milliseconds. */
function offsetAt(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant of a wall-clock time in `timeZone`, resolved as java.time's ZonedDateTime.of does:
 * in an overlap (clocks going back) the earlier instant, so a repeated wall-clock time fires once;
 * in a gap (clocks going forward) the time moved later by the length of the gap.
 */
function instantOf(w: WallClock, timeZone: string): number {
  const wall = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  if (isUtc(timeZone)) return wall;
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  if (before === after) return wall - before;
  const valid = [wall - before, wall - after].filter((t) => offsetAt(t, timeZone) === wall - t);
  return valid.length > 0 ? Math.min(...valid) : wall - before;
}

/**
 * The first time strictly after `afterMs` (epoch milliseconds) at which the schedule fires, read
 * on the wall clock of `timeZone` (an IANA zone id; Zeebe uses the broker's default zone), or
 * undefined when it never fires again (e.g. `0 0 0 30 2 *`). Fire times are whole seconds.
 * Throws a RangeError when `timeZone` is not a zone Intl knows.
 */
export function nextCronTime(schedule: CronSchedule, afterMs: number, timeZone = 'UTC'): number | undefined {
  if (!Number.isFinite(afterMs)) return undefined;
  const from = wallClock(Math.floor(afterMs / 1000) * 1000 + 1000, timeZone);
  let year = from.year;
  let month = from.month;
  for (let i = 0; i < SEARCH_MONTHS; i++) {
    if (schedule.months.includes(month)) {
      const dim = daysInMonth(year, month);
      const firstMonth = year === from.year && month === from.month;
      for (let day = firstMonth ? from.day : 1; day <= dim; day++) {
        if (!matchesDay(schedule, year, month, day, dim)) continue;
        const firstDay = firstMonth && day === from.day;
        for (const hour of schedule.hours) {
          if (firstDay && hour < from.hour) continue;
          const firstHour = firstDay && hour === from.hour;
          for (const minute of schedule.minutes) {
            if (firstHour && minute < from.minute) continue;
            const firstMinute = firstHour && minute === from.minute;
            for (const second of schedule.seconds) {
              if (firstMinute && second < from.second) continue;
              // Instants grow with the wall clock (see instantOf), except that the second pass
              // through a repeated hour maps back to the first: those are skipped here.
              const t = instantOf({ year, month, day, hour, minute, second }, timeZone);
              if (t > afterMs) return t;
            }
          }
        }
      }
    }
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
  }
  return undefined;
}
