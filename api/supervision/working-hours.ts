// Working hours between two instants, on the hall's opening hours and the working-day calendar
// (workers/rules/calendar): "no progress for 8 working hours" must not fire over a weekend or the
// Spring Festival, and a case opened Friday at 16:00 has had one working hour by Monday 09:00.
//
// The hall's hours: 09:00–12:00 and 13:30–17:30 China time (UTC+8, no daylight saving) on
// working days — 7 hours a day, the usual 政务服务中心 schedule. Holidays and make-up workdays come
// from the bundled calendar; beyond its years only weekends are days off: this is a heuristic
// for a supervisor's list, not a legal deadline, so a missing year must not make the list fail.
import { loadCalendarFile, CHINA_CALENDAR_FILE } from '../../workers/rules/calendar/calendar-file.js';
import { addCalendarDays, dayNumber, type IsoDate } from '../../workers/rules/calendar/iso-date.js';
import type { WorkingDayCalendar } from '../../workers/rules/calendar/working-day-calendar.js';

const HOUR_MS = 3_600_000;
const CHINA_OFFSET_MS = 8 * HOUR_MS;
/** Opening hours as [from, to) in minutes after midnight, China time. */
export const OPENING_HOURS: readonly (readonly [number, number])[] = [
  [9 * 60, 12 * 60],
  [13 * 60 + 30, 17 * 60 + 30],
];

let calendar: WorkingDayCalendar | undefined;
function hallCalendar(): WorkingDayCalendar {
  calendar ??= loadCalendarFile(CHINA_CALENDAR_FILE, { beyondCoverage: 'weekendsOnly' });
  return calendar;
}

/** The China date of an instant. */
function chinaDate(at: Date): IsoDate {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** Midnight (China time) of a date, as epoch ms. */
function chinaMidnight(date: IsoDate): number {
  return dayNumber(date) * 86_400_000 - CHINA_OFFSET_MS;
}

/** Milliseconds of opening hours in [from, to); 0 when `to` is not after `from`. */
export function workingMsBetween(from: Date, to: Date, cal: WorkingDayCalendar = hallCalendar()): number {
  const a = from.getTime();
  const b = to.getTime();
  if (!(b > a)) return 0;
  let total = 0;
  for (let date = chinaDate(from); chinaMidnight(date) < b; date = addCalendarDays(date, 1)) {
    if (!cal.isWorkingDay(date)) continue;
    const midnight = chinaMidnight(date);
    for (const [open, close] of OPENING_HOURS) {
      const start = Math.max(a, midnight + open * 60_000);
      const end = Math.min(b, midnight + close * 60_000);
      if (end > start) total += end - start;
    }
  }
  return total;
}

export function workingHoursBetween(from: Date, to: Date, cal?: WorkingDayCalendar): number {
  return workingMsBetween(from, to, cal) / HOUR_MS;
}

/** Working days from the China date of `from` to that of `to`, the first day not counted (次日起算). */
export function workingDaysBetween(from: Date, to: Date, cal: WorkingDayCalendar = hallCalendar()): number {
  return cal.workingDaysBetween(chinaDate(from), chinaDate(to));
}

export { chinaDate };
