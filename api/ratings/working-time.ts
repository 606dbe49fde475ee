// Deadlines the api hands to the rectification and complaint flows (processes/README.md: "working
// days and holidays are computed outside the flow"). A deadline is the end of the hall's working
// day on the n-th working day after today (次日起算, like the legal clock), as an ISO date-time in
// China time: `2026-12-02T17:30:00+08:00`. The flows' timers and task due dates read it as it is.
//
// These deadlines are the hall's own (整改, 反映 tiers), not statutory ones: when the calendar has
// no data for the year a deadline reaches into (e.g. in late December, before next year's notice
// is entered), the deadline is still given — counting only weekends as days off — and flagged as
// `estimated`, instead of refusing a citizen's rating or complaint. The legal clock does not do this.
import {
  addCalendarDays,
  buildCalendar,
  CalendarCoverageError,
  chinaCalendar,
  chinaDateOf,
  type IsoDate,
  type WorkingDayCalendar,
} from '../../workers/rules/calendar/index.js';

/** 'HH:MM', 24-hour. */
export const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;

export interface Deadline {
  /** ISO 8601 with the China offset. */
  readonly dueAt: string;
  /** The calendar had no holiday data for the due date's year: only weekends were skipped. */
  readonly estimated: boolean;
}

const MS_PER_MINUTE = 60_000;
const CHINA_OFFSET_MINUTES = 8 * 60;

/** The end of the working day `date`, in China time. */
export function endOfWorkingDay(date: IsoDate, workdayEndsAt: string): string {
  if (!TIME_OF_DAY.test(workdayEndsAt)) throw new RangeError(`workdayEndsAt '${workdayEndsAt}' is not a time of day (HH:MM)`);
  return `${date}T${workdayEndsAt}:00+08:00`;
}

/** 'HH:MM' on a wall clock in China at `instant`. */
export function chinaTimeOf(instant: Date): string {
  const minutes = Math.floor(instant.getTime() / MS_PER_MINUTE) + CHINA_OFFSET_MINUTES;
  const ofDay = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(ofDay / 60)).padStart(2, '0')}:${String(ofDay % 60).padStart(2, '0')}`;
}

let weekendsOnlyBeyond: WorkingDayCalendar | undefined;

/** The same holidays, but a year without data counts only weekends instead of throwing. */
function lenient(calendar: WorkingDayCalendar): WorkingDayCalendar {
  if (calendar === chinaCalendar()) {
    weekendsOnlyBeyond ??= buildCalendar(calendar.entries, { years: calendar.years, source: calendar.source, beyondCoverage: 'weekendsOnly' });
    return weekendsOnlyBeyond;
  }
  return buildCalendar(calendar.entries, { years: calendar.years, source: calendar.source, beyondCoverage: 'weekendsOnly' });
}

function withCoverage(calendar: WorkingDayCalendar, compute: (c: WorkingDayCalendar) => IsoDate): { date: IsoDate; estimated: boolean } {
  try {
    return { date: compute(calendar), estimated: false };
  } catch (error) {
    if (!(error instanceof CalendarCoverageError)) throw error;
    return { date: compute(lenient(calendar)), estimated: true };
  }
}

/**
 * The end of the `days`-th working day after the China date of `now` (the day itself is not
 * counted). `days` = 0 is 即办: the end of today's working day — or, when today is not a working
 * day or its working hours are over, the end of the next working day, so a deadline is never
 * already past when it is set.
 */
export function workingDaysDeadline(
  now: Date,
  days: number,
  workdayEndsAt: string,
  calendar: WorkingDayCalendar = chinaCalendar(),
): Deadline {
  if (!Number.isSafeInteger(days) || days < 0) throw new RangeError(`days must be a whole number ≥ 0, got ${String(days)}`);
  if (!TIME_OF_DAY.test(workdayEndsAt)) throw new RangeError(`workdayEndsAt '${workdayEndsAt}' is not a time of day (HH:MM)`);
  const today = chinaDateOf(now);
  const { date, estimated } = withCoverage(calendar, (c) => {
    if (days > 0) return c.addWorkingDays(today, days);
    if (c.isWorkingDay(today) && chinaTimeOf(now) < workdayEndsAt) return today;
    return c.addWorkingDays(today, 1);
  });
  return { dueAt: endOfWorkingDay(date, workdayEndsAt), estimated };
}

/** The China date `days` calendar days before the China date of `now`. */
export function chinaDaysBefore(now: Date, days: number): IsoDate {
  return addCalendarDays(chinaDateOf(now), -days);
}
