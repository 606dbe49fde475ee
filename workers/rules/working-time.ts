// Working time for the whole hall: the one place that knows what a working day, a working hour, a
// working-day deadline and the end of a working day are. The legal clock, the supplement notice,
// ratings' rectification deadlines, the complaint tiers, the task list's clock, the supervisor's
// "no progress for N working hours" and the statistics all call this module; none counts days itself.
//
// Decided here, for every caller (README.md "Working time"):
// - Days are China dates (UTC+8, no daylight saving); an instant becomes a date with `chinaDateOf`.
// - Working days follow the calendar data in ./calendar (one official file per year). Counting
//   starts the day after the start (次日起算, domain.md §4): the start day never counts.
// - A year without an official table is counted Monday–Friday — never with invented holidays —
//   and every result that touched such a year says `estimated: true`, so the caller can show the
//   deadline as provisional. Adding the year's file (calendar/cn-YYYY.json) makes later
//   computations exact; nothing fails in the meantime.
// - The hall's opening hours are configuration (`HallHours`, default 09:00–12:00 and 13:30–17:30):
//   working hours are the opening hours of working days.
// - Two ends of a day, on purpose: a statutory deadline (legal clock, supplement period) is met on
//   the whole due day, so it is `endOfChinaDay` (23:59:59); the hall's own deadlines (rectification,
//   complaint tiers) fall when its working day ends, `endOfWorkingDay` (the hall's closing time).
// No clock is read here: callers pass `now`.
import { chinaCalendar } from './calendar/calendar-file.js';
import { addCalendarDays, chinaDateOf, dayNumber, type IsoDate } from './calendar/iso-date.js';
import type { WorkingDayCalendar } from './calendar/working-day-calendar.js';

export { chinaDateOf } from './calendar/iso-date.js';
export type { IsoDate } from './calendar/iso-date.js';
export type { WorkingDayCalendar } from './calendar/working-day-calendar.js';

/** 'HH:MM', 24-hour. */
export const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * HOUR_MS;
/** How far `nextWorkingMoment` looks ahead: longer than any run of days off (春节 + weekends). */
const LOOKAHEAD_DAYS = 60;

/** Minutes after midnight of an 'HH:MM'; a RangeError naming `what` for anything else. */
function minutesOf(time: string, what: string): number {
  const m = TIME_OF_DAY.exec(time);
  if (!m) throw new RangeError(`${what} '${time}' is not a time of day (HH:MM)`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** 'HH:MM' on a wall clock in China at `instant`. */
export function chinaTimeOf(instant: Date): string {
  const minutes = Math.floor((instant.getTime() + CHINA_OFFSET_MS) / MINUTE_MS);
  const ofDay = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(ofDay / 60)).padStart(2, '0')}:${String(ofDay % 60).padStart(2, '0')}`;
}

/** Midnight (China time) at the start of `date`, as epoch milliseconds. */
function chinaMidnight(date: IsoDate): number {
  return dayNumber(date) * DAY_MS - CHINA_OFFSET_MS;
}

/** The last second of `date` in China: when a statutory deadline (met on the whole day) has passed. */
export const endOfChinaDay = (date: IsoDate): string => `${date}T23:59:59+08:00`;
/** The first moment of `date` in China. */
export const startOfChinaDay = (date: IsoDate): string => `${date}T00:00:00+08:00`;

/** The end of the hall's working day `date`: `closesAt` ('HH:MM') China time. */
export function endOfWorkingDay(date: IsoDate, closesAt: string = closingTime()): string {
  minutesOf(closesAt, 'closesAt');
  dayNumber(date);
  return `${date}T${closesAt}:00+08:00`;
}

// ---------------------------------------------------------------------------------------------
// The hall's opening hours

/** Opening sessions of a working day, each ['HH:MM', 'HH:MM') China time, in order, not overlapping. */
export interface HallHours {
  readonly sessions: readonly (readonly [string, string])[];
}

/** The usual 政务服务中心 day: 09:00–12:00 and 13:30–17:30, seven hours. */
export const DEFAULT_HALL_HOURS: HallHours = {
  sessions: [
    ['09:00', '12:00'],
    ['13:30', '17:30'],
  ],
};

/** Sessions as [open, close) minutes after midnight, after checking them. */
function sessionMinutes(hours: HallHours): (readonly [number, number])[] {
  if (hours.sessions.length === 0) throw new RangeError('hall hours: at least one opening session is needed');
  let previousClose = -1;
  return hours.sessions.map(([open, close], i) => {
    const o = minutesOf(open, `hall hours session #${i + 1} opens`);
    const c = minutesOf(close, `hall hours session #${i + 1} closes`);
    if (c <= o) throw new RangeError(`hall hours session #${i + 1}: closes (${close}) at or before it opens (${open})`);
    if (o < previousClose) throw new RangeError(`hall hours session #${i + 1}: opens (${open}) before the previous session closes`);
    previousClose = c;
    return [o, c] as const;
  });
}

/** Check hall hours (from settings or configuration); a RangeError says which session is wrong. */
export function validateHallHours(hours: HallHours): HallHours {
  sessionMinutes(hours);
  return hours;
}

/** When the hall's working day ends: the close of its last session ('17:30' by default). */
export function closingTime(hours: HallHours = DEFAULT_HALL_HOURS): string {
  sessionMinutes(hours);
  const last = hours.sessions[hours.sessions.length - 1];
  if (!last) throw new RangeError('hall hours: at least one opening session is needed');
  return last[1];
}

// ---------------------------------------------------------------------------------------------
// Working days

export interface WorkingTimeOptions {
  /** The working-day calendar; default the bundled one (calendar/cn-YYYY.json). */
  readonly calendar?: WorkingDayCalendar;
  /** The hall's opening hours; default DEFAULT_HALL_HOURS. */
  readonly hours?: HallHours;
}

const calendarOf = (options: WorkingTimeOptions): WorkingDayCalendar => options.calendar ?? chinaCalendar();
const dateOf = (day: IsoDate | Date): IsoDate => (typeof day === 'string' ? day : chinaDateOf(day));

/** Whether `day` (a China date, or an instant read in China) is a working day. */
export function isWorkingDay(day: IsoDate | Date, options: WorkingTimeOptions = {}): { readonly working: boolean; readonly estimated: boolean } {
  const date = dateOf(day);
  const calendar = calendarOf(options);
  return { working: calendar.isWorkingDay(date), estimated: !calendar.covers(date) };
}

/**
 * The n-th working day after `start` (次日起算: `start` itself never counts, whatever it is);
 * domain.md §4: Fri 2025-01-24 + 5 → 2025-02-07. n = 0 gives `start`; n < 0 counts back.
 */
export function addWorkingDays(start: IsoDate, n: number, options: WorkingTimeOptions = {}): { readonly date: IsoDate; readonly estimated: boolean } {
  const calendar = calendarOf(options);
  const date = calendar.addWorkingDays(start, n);
  return { date, estimated: calendar.estimatedBetween(start, date) };
}

/**
 * Working days after the day of `from` up to and including the day of `to` (次日起算; the same
 * day is 0), negative when `to` is before `from`. Instants are read as China dates.
 */
export function workingDaysBetween(
  from: IsoDate | Date,
  to: IsoDate | Date,
  options: WorkingTimeOptions = {},
): { readonly days: number; readonly estimated: boolean } {
  const calendar = calendarOf(options);
  const a = dateOf(from);
  const b = dateOf(to);
  return { days: calendar.workingDaysBetween(a, b), estimated: calendar.estimatedBetween(a, b) };
}

// ---------------------------------------------------------------------------------------------
// Working hours

/**
 * Hours of opening time on working days in [from, to); 0 when `to` is not after `from`. A case
 * opened Friday at 16:00 has had two working hours by Monday 09:30, not 65.
 */
export function workingHoursBetween(from: Date, to: Date, options: WorkingTimeOptions = {}): { readonly hours: number; readonly estimated: boolean } {
  const sessions = sessionMinutes(options.hours ?? DEFAULT_HALL_HOURS);
  const calendar = calendarOf(options);
  const a = from.getTime();
  const b = to.getTime();
  if (!(b > a)) return { hours: 0, estimated: false };
  let total = 0;
  for (let date = chinaDateOf(from); chinaMidnight(date) < b; date = addCalendarDays(date, 1)) {
    if (!calendar.isWorkingDay(date)) continue;
    const midnight = chinaMidnight(date);
    for (const [open, close] of sessions) {
      const start = Math.max(a, midnight + open * MINUTE_MS);
      const end = Math.min(b, midnight + close * MINUTE_MS);
      if (end > start) total += end - start;
    }
  }
  return { hours: total / HOUR_MS, estimated: calendar.estimatedBetween(chinaDateOf(from), chinaDateOf(to)) };
}

/**
 * The first moment at or after `at` when the hall is open: `at` itself during opening hours of a
 * working day, otherwise the next session's opening (after lunch, the next morning, after the
 * holiday).
 */
export function nextWorkingMoment(at: Date, options: WorkingTimeOptions = {}): { readonly at: Date; readonly estimated: boolean } {
  const sessions = sessionMinutes(options.hours ?? DEFAULT_HALL_HOURS);
  const calendar = calendarOf(options);
  const t = at.getTime();
  const today = chinaDateOf(at);
  for (let i = 0, date = today; i <= LOOKAHEAD_DAYS; i += 1, date = addCalendarDays(date, 1)) {
    if (!calendar.isWorkingDay(date)) continue;
    const midnight = chinaMidnight(date);
    for (const [open, close] of sessions) {
      if (t < midnight + close * MINUTE_MS) {
        return { at: new Date(Math.max(t, midnight + open * MINUTE_MS)), estimated: calendar.estimatedBetween(today, date) };
      }
    }
  }
  throw new RangeError(`no working day within ${LOOKAHEAD_DAYS} days after ${today} (${calendar.source})`);
}

// ---------------------------------------------------------------------------------------------
// The hall's working-day deadlines

export interface WorkingDayDeadline {
  /** The due day. */
  readonly date: IsoDate;
  /** The end of the hall's working day on it, ISO 8601 with +08:00 (what the flows' timers read). */
  readonly dueAt: string;
  /** A year without an official calendar was counted weekends-only: the deadline is provisional. */
  readonly estimated: boolean;
}

/**
 * The hall's deadline `days` working days after `now`, at the end of that working day (`closesAt`,
 * default the hall's closing time). Counting starts the day after today (次日起算). `days` = 0 is
 * 即办: the end of the working day `now` falls in — today while its working hours last, otherwise
 * the next working day's — so a deadline is never already past when it is set.
 */
export function workingDayDeadline(
  now: Date,
  days: number,
  options: WorkingTimeOptions & { readonly closesAt?: string } = {},
): WorkingDayDeadline {
  if (!Number.isSafeInteger(days) || days < 0) throw new RangeError(`days must be a whole number ≥ 0, got ${String(days)}`);
  const hours = options.hours ?? DEFAULT_HALL_HOURS;
  const closesAt = options.closesAt ?? closingTime(hours);
  const closes = minutesOf(closesAt, 'workdayEndsAt');
  const today = chinaDateOf(now);
  if (closes === 0) throw new RangeError("workdayEndsAt '00:00' leaves no working time in the day");
  let due: { readonly date: IsoDate; readonly estimated: boolean };
  if (days > 0) {
    due = addWorkingDays(today, days, options);
  } else {
    // The hall's hours up to the deadline's time of day: a working moment after it is too late.
    const clipped = sessionMinutes(hours)
      .map(([open, close]) => [open, Math.min(close, closes)] as const)
      .filter(([open, close]) => close > open);
    const window: (readonly [number, number])[] = clipped.length > 0 ? clipped : [[0, closes]];
    const sessions = window.map(([o, c]) => [hhmm(o), hhmm(c)] as const);
    const next = nextWorkingMoment(now, { ...options, hours: { sessions } });
    due = { date: chinaDateOf(next.at), estimated: next.estimated };
  }
  return { date: due.date, dueAt: endOfWorkingDay(due.date, closesAt), estimated: due.estimated };
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
