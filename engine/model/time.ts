// ISO 8601 parsing for timer definitions and user task dates, with the syntax Zeebe accepts
// (java.time Period/Duration, ZonedDateTime, and Zeebe's `R[n]/[start/]duration` cycles).
// Deploy validation uses these on static values; the scheduler can use them on evaluated ones.

/** An ISO 8601 duration such as `P1DT2H30M`, `PT5S` or `P2W`. Components may be negative, as in Java. */
export interface IsoDuration {
  readonly years: number;
  readonly months: number;
  readonly weeks: number;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  /** May carry a fraction (`PT1.5S`). */
  readonly seconds: number;
}

/** A timer cycle `R[n]/[start/]duration`; `repetitions` is undefined for `R/…` (repeat forever). */
export interface RepeatingInterval {
  readonly repetitions: number | undefined;
  /** Epoch milliseconds of the optional start date. */
  readonly start?: number;
  readonly interval: IsoDuration;
}

// Java's Period.parse and Duration.parse, joined at `T` the way Zeebe's Interval.parse does.
const DURATION =
  /^([-+]?)P(?:([-+]?\d+)Y)?(?:([-+]?\d+)M)?(?:([-+]?\d+)W)?(?:([-+]?\d+)D)?(?:T(?:([-+]?\d+)H)?(?:([-+]?\d+)M)?(?:([-+]?\d+(?:[.,]\d{1,9})?)S)?)?$/i;

function num(part: string | undefined): number {
  return part === undefined ? 0 : Number(part.replace(',', '.'));
}

/** Parses an ISO 8601 duration (`PT5S`, `P1D`, `P1DT2H30M`, `P2W`); undefined when it isn't one. */
export function parseIsoDuration(text: string): IsoDuration | undefined {
  const m = DURATION.exec(text.trim());
  if (!m) return undefined;
  const [, sign, y, mo, w, d, h, mi, s] = m;
  if ([y, mo, w, d, h, mi, s].every((p) => p === undefined)) return undefined; // `P`, `PT`
  const tIndex = text.toUpperCase().indexOf('T');
  if (tIndex >= 0 && [h, mi, s].every((p) => p === undefined)) return undefined; // `P1DT`
  const f = sign === '-' ? -1 : 1;
  return {
    years: f * num(y),
    months: f * num(mo),
    weeks: f * num(w),
    days: f * num(d),
    hours: f * num(h),
    minutes: f * num(mi),
    seconds: f * num(s),
  };
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2}(?::\d{2})?)(?:\[([^\]]+)\])?$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isZoneId(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Parses an ISO 8601 date-time with an offset and an optional zone id, as java's ZonedDateTime
 * does (`2025-01-01T10:00:00Z`, `2023-03-02T15:35+02:00`, `2025-01-01T10:00:00+01:00[Europe/Berlin]`).
 * Returns epoch milliseconds, or undefined when the text isn't such a date.
 */
export function parseIsoDateTime(text: string): number | undefined {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const [, ys, mos, ds, hs, mis, ss, frac, offset, zone] = m;
  const year = Number(ys);
  const month = Number(mos);
  const day = Number(ds);
  const hour = Number(hs);
  const minute = Number(mis);
  const second = ss === undefined ? 0 : Number(ss);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  if (zone !== undefined && !isZoneId(zone)) return undefined;
  let offsetMs = 0;
  if (offset !== undefined && offset !== 'Z') {
    const [oh = '0', om = '0', os = '0'] = offset.slice(1).split(':');
    if (Number(oh) > 18 || Number(om) > 59 || Number(os) > 59) return undefined;
    offsetMs = (offset.startsWith('-') ? -1 : 1) * ((Number(oh) * 60 + Number(om)) * 60 + Number(os)) * 1000;
  }
  const millis = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear undoes that.
  const date = new Date(utc);
  date.setUTCFullYear(year);
  return date.getTime() - offsetMs;
}

/** Parses a Zeebe timer cycle `R3/PT10S`, `R/PT1H` or `R5/2025-01-01T10:00:00Z/P1D`. */
export function parseRepeatingInterval(text: string): RepeatingInterval | undefined {
  const parts = text.trim().split('/');
  if (parts.length < 2 || parts.length > 3) return undefined;
  const [rep = '', second = '', third] = parts;
  const r = /^R(\d*)$/.exec(rep);
  if (!r) return undefined;
  const repetitions = r[1] === '' || r[1] === undefined ? undefined : Number(r[1]);
  if (third === undefined) {
    const interval = parseIsoDuration(second);
    return interval && { repetitions, interval };
  }
  const start = parseIsoDateTime(second);
  const interval = parseIsoDuration(third);
  if (start === undefined || interval === undefined) return undefined;
  return { repetitions, start, interval };
}

/** `from` plus a duration: years and months move along the calendar (UTC), the rest is exact. */
export function addIsoDuration(from: number, d: IsoDuration): number {
  let t = from;
  if (d.years || d.months) {
    const date = new Date(t);
    date.setUTCMonth(date.getUTCMonth() + d.years * 12 + d.months);
    t = date.getTime();
  }
  return t + ((((d.weeks * 7 + d.days) * 24 + d.hours) * 60 + d.minutes) * 60 + d.seconds) * 1000;
}
