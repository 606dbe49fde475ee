// Temporal values as feelin produces them (luxon DateTime / Duration objects), seen through
// small structural types so that we need neither luxon's typings nor a direct dependency on it:
// the classes and zone singletons are taken from values feelin itself creates, so they are the
// very objects feelin compares against.
//
// feelin has one DateTime type for FEEL's date, time and date-and-time, told apart by shape
// (its `getType`): a time lives on 1900-01-01, a date is midnight in luxon's UTC singleton zone,
// anything else is a date and time. A date-time string without offset lives in the system zone
// (a FEEL "local" date-time); one with an offset in a fixed-offset zone; one with `@zone` in an
// IANA zone.
import { date as feelinDate, evaluate } from '@bpmn-io/feelin';

export interface LuxonZone {
  readonly type: string;
  readonly name: string;
  readonly isValid: boolean;
}

export interface LuxonDateTime {
  readonly isLuxonDateTime: true;
  readonly isValid: boolean;
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
  /** Offset from UTC in minutes. */
  readonly offset: number;
  readonly zone: LuxonZone;
  toMillis(): number;
  setZone(zone: string | LuxonZone): LuxonDateTime;
}

export interface LuxonDuration {
  readonly isLuxonDuration: true;
  readonly isValid: boolean;
  readonly values: Readonly<Record<string, number | undefined>>;
  as(unit: 'milliseconds'): number;
  negate(): LuxonDuration;
}

export function isDateTime(value: unknown): value is LuxonDateTime {
  return typeof value === 'object' && value !== null && (value as { isLuxonDateTime?: unknown }).isLuxonDateTime === true;
}

export function isDuration(value: unknown): value is LuxonDuration {
  return typeof value === 'object' && value !== null && (value as { isLuxonDuration?: unknown }).isLuxonDuration === true;
}

type AnyFunction = (...args: unknown[]) => unknown;

function isFunction(value: unknown): value is AnyFunction {
  return typeof value === 'function';
}

/** One of feelin's own built-ins, looked up by name (backticks reach names like `date and time`). */
export function feelinBuiltin(name: string): AnyFunction {
  const fn: unknown = evaluate('`' + name + '`', {}, 'camunda').value;
  if (!isFunction(fn)) throw new Error(`@bpmn-io/feelin has no built-in '${name}'`);
  return fn;
}

const nowLocal: (from?: string) => unknown = feelinDate;

const probe: unknown = nowLocal('2000-01-01');
if (!isDateTime(probe)) throw new Error('@bpmn-io/feelin no longer produces luxon DateTime values');
const sample: LuxonDateTime = probe;

/** luxon's UTC singleton: feelin's marker for FEEL dates (midnight in this zone). */
const UTC_ZONE: LuxonZone = sample.zone;

const FixedOffsetZone = sample.zone.constructor as unknown as new (offsetMinutes: number) => LuxonZone;
const DateTimeClass = sample.constructor as unknown as {
  fromMillis(millis: number, options: { zone: LuxonZone }): unknown;
};

/**
 * A zero-offset zone that is not luxon's UTC singleton. A date-time at exactly midnight `Z` would
 * otherwise be indistinguishable from a date; we move such values into this zone.
 */
const ZERO_OFFSET_ZONE: LuxonZone = new FixedOffsetZone(0);

export type TemporalKind = 'date' | 'time' | 'date and time';

/** FEEL's type of a feelin DateTime, by the same rules as feelin's own `getType`. */
export function temporalKind(value: LuxonDateTime): TemporalKind {
  if (value.year === 1900 && value.month === 1 && value.day === 1) return 'time';
  if (
    value.hour === 0 &&
    value.minute === 0 &&
    value.second === 0 &&
    value.millisecond === 0 &&
    value.zone === UTC_ZONE
  ) {
    return 'date';
  }
  return 'date and time';
}

function inZone(millis: number, zone: LuxonZone): LuxonDateTime | null {
  // fromMillis, not setZone: setZone keeps the UTC singleton when the offsets are equal.
  const moved: unknown = DateTimeClass.fromMillis(millis, { zone });
  return isDateTime(moved) && moved.isValid ? moved : null;
}

/** A value that must be a date and time: keeps a midnight-`Z` value from reading as a date. */
export function asDateAndTime(value: unknown): unknown {
  if (isDateTime(value) && value.zone === UTC_ZONE) return inZone(value.toMillis(), ZERO_OFFSET_ZONE);
  return value;
}

/** The zone for a FEEL timezone argument: an IANA id, `Z`/`UTC`, or an offset like `+08:00`. */
function zoneNamed(name: string): LuxonZone | null {
  if (/^(z|utc|gmt)$/i.test(name)) return ZERO_OFFSET_ZONE;
  const spec = /^[+-]\d{1,2}(:\d{2})?$/.test(name) ? `UTC${name}` : name;
  const moved = sample.setZone(spec);
  if (!moved.isValid) return null;
  return moved.zone === UTC_ZONE ? ZERO_OFFSET_ZONE : moved.zone;
}

/** The same instant seen in another timezone (Camunda's `date and time(date, timezone)`). */
export function atTimezone(value: LuxonDateTime, timezone: string): LuxonDateTime | null {
  const zone = zoneNamed(timezone);
  return zone === null ? null : inZone(value.toMillis(), zone);
}

function systemZone(): LuxonZone {
  const name = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (name ? zoneNamed(name) : null) ?? ZERO_OFFSET_ZONE;
}

const SYSTEM_ZONE = systemZone();

/** `now()` as feel-scala has it: the current instant as a zoned date and time (system zone). */
export function currentDateTime(): LuxonDateTime | null {
  return inZone(Date.now(), SYSTEM_ZONE);
}

/** The current local date parts (feel-scala's `today()` takes the date of `now()`). */
export function currentLocalDate(): { year: number; month: number; day: number } {
  const now = nowLocal();
  if (!isDateTime(now)) throw new Error('@bpmn-io/feelin returned no DateTime for now');
  return { year: now.year, month: now.month, day: now.day };
}

// ---- formatting: what Zeebe writes into a variable for each FEEL temporal type ----

function pad(value: number, width = 2): string {
  const digits = String(Math.abs(value)).padStart(width, '0');
  return value < 0 ? `-${digits}` : digits;
}

/** Java's fraction printing in ISO formatters: as many digits as needed, none when zero. */
function fraction(millisecond: number): string {
  if (millisecond === 0) return '';
  return '.' + pad(millisecond, 3).replace(/0+$/, '');
}

function offset(minutes: number): string {
  if (minutes === 0) return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function isLocal(value: LuxonDateTime): boolean {
  return value.zone.type === 'system';
}

function localTime(value: LuxonDateTime): string {
  return `${pad(value.hour)}:${pad(value.minute)}:${pad(value.second)}${fraction(value.millisecond)}`;
}

function isoDate(value: LuxonDateTime): string {
  return `${pad(value.year, 4)}-${pad(value.month)}-${pad(value.day)}`;
}

/**
 * The string Zeebe stores for a temporal FEEL result (its FeelToMessagePackTransformer):
 * date → `2024-01-31` (LocalDate), local date-time → ISO_LOCAL_DATE_TIME `2024-01-31T10:00:00`,
 * zoned date-time → ISO_OFFSET_DATE_TIME `2024-01-31T10:00:00+08:00` / `…Z`, local time →
 * Java's LocalTime.toString (`10:00`, `10:00:01`, `10:00:00.500`), zoned time → `10:00:00+01:00`
 * or `10:00:00@Europe/Berlin`.
 */
export function formatDateTime(value: LuxonDateTime): string | null {
  if (!value.isValid) return null;
  switch (temporalKind(value)) {
    case 'date':
      return isoDate(value);
    case 'time': {
      if (isLocal(value)) {
        // LocalTime.toString: the shortest of HH:mm, HH:mm:ss, HH:mm:ss.SSS that loses nothing.
        const base = `${pad(value.hour)}:${pad(value.minute)}`;
        if (value.second === 0 && value.millisecond === 0) return base;
        return `${base}:${pad(value.second)}${value.millisecond === 0 ? '' : '.' + pad(value.millisecond, 3)}`;
      }
      if (value.zone.type === 'iana') return `${localTime(value)}@${value.zone.name}`;
      return `${localTime(value)}${offset(value.offset)}`;
    }
    case 'date and time': {
      const local = `${isoDate(value)}T${localTime(value)}`;
      return isLocal(value) ? local : `${local}${offset(value.offset)}`;
    }
  }
}

function isYearsAndMonths(value: LuxonDuration): boolean {
  const units = Object.keys(value.values).filter((unit) => value.values[unit] !== undefined);
  return units.length > 0 && units.every((unit) => unit === 'years' || unit === 'months');
}

function durationParts(parts: readonly (readonly [number, string])[]): string {
  return parts
    .filter(([amount]) => amount !== 0)
    .map(([amount, unit]) => `${amount}${unit}`)
    .join('');
}

/**
 * feel-scala's duration format (ValYearMonthDuration / ValDayTimeDuration.toString), which is what
 * Zeebe stores: `P1Y2M`, `P0Y`, `P1DT2H30M`, `PT5S`, `P0D`, `-PT5S`; fractions of a second are
 * dropped, as there.
 */
export function formatDuration(value: LuxonDuration): string | null {
  if (!value.isValid) return null;
  if (isYearsAndMonths(value)) {
    const total = (value.values.years ?? 0) * 12 + (value.values.months ?? 0);
    if (!Number.isInteger(total)) return null;
    if (total === 0) return 'P0Y';
    const abs = Math.abs(total);
    return `${total < 0 ? '-' : ''}P${durationParts([
      [Math.floor(abs / 12), 'Y'],
      [abs % 12, 'M'],
    ])}`;
  }
  const millis = value.as('milliseconds');
  if (!Number.isFinite(millis)) return null;
  const seconds = Math.trunc(millis / 1000);
  if (seconds === 0) return 'P0D';
  const abs = Math.abs(seconds);
  const days = Math.floor(abs / 86400);
  const time = durationParts([
    [Math.floor((abs % 86400) / 3600), 'H'],
    [Math.floor((abs % 3600) / 60), 'M'],
    [abs % 60, 'S'],
  ]);
  return `${seconds < 0 ? '-' : ''}P${days === 0 ? '' : `${days}D`}${time === '' ? '' : `T${time}`}`;
}
