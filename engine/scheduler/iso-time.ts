// ISO 8601 timer values as Zeebe accepts them in timer events: durations (PT5S, P1DT2H),
// dates (2025-01-01T10:00:00+08:00) and repeating intervals (R3/PT10S, R/PT1H, R2/<start>/PT1M).
export interface IsoDuration {
  readonly years: number;
  readonly months: number;
  readonly weeks: number;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
}

const DURATION = /^(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export function parseDuration(text: string): IsoDuration | undefined {
  const m = DURATION.exec(text.trim());
  if (!m || text.trim() === 'P' || /T$/.test(text.trim())) return undefined;
  const n = (i: number): number => (m[i] ? Number(m[i]) : 0);
  const sign = m[1] ? -1 : 1;
  return {
    years: sign * n(2),
    months: sign * n(3),
    weeks: sign * n(4),
    days: sign * n(5),
    hours: sign * n(6),
    minutes: sign * n(7),
    seconds: sign * n(8),
  };
}

/** `from` plus a duration; years and months move along the calendar (UTC), the rest is exact. */
export function addDuration(from: number, d: IsoDuration): number {
  let t = from;
  if (d.years || d.months) {
    const date = new Date(t);
    date.setUTCMonth(date.getUTCMonth() + d.years * 12 + d.months);
    t = date.getTime();
  }
  return t + ((((d.weeks * 7 + d.days) * 24 + d.hours) * 60 + d.minutes) * 60 + d.seconds) * 1000;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?(\[[^\]]+\])?$/;

/** Epoch ms of an ISO date-time; a zone id in brackets (feel-scala style) is dropped after the offset. */
export function parseDateTime(text: string): number | undefined {
  const t = text.trim();
  if (!DATE_TIME.test(t)) return undefined;
  const ms = Date.parse(t.replace(/\[[^\]]+\]$/, ''));
  return Number.isNaN(ms) ? undefined : ms;
}

export interface IsoCycle {
  /** -1 = repeat forever. */
  readonly repetitions: number;
  readonly interval: IsoDuration;
  readonly intervalText: string;
  readonly start?: number;
}

export function parseCycle(text: string): IsoCycle | undefined {
  const parts = text.trim().split('/');
  const head = parts[0] ?? '';
  const rep = /^R(\d*)$/.exec(head);
  if (!rep || parts.length < 2 || parts.length > 3) return undefined;
  const repetitions = rep[1] === '' || rep[1] === undefined ? -1 : Number(rep[1]);
  const intervalText = parts[parts.length - 1] ?? '';
  const interval = parseDuration(intervalText);
  if (!interval) return undefined;
  let start: number | undefined;
  if (parts.length === 3) {
    start = parseDateTime(parts[1] ?? '');
    if (start === undefined) return undefined;
  }
  return start === undefined ? { repetitions, interval, intervalText } : { repetitions, interval, intervalText, start };
}
