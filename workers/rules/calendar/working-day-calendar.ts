// The working-day calendar (工作日): weekdays work, weekends rest, except where the yearly notice
// says otherwise (holiday / make-up workday). Periods under 行政许可法 Art.82 are counted in working
// days, and they start the day AFTER the starting event (次日起算, domain.md §4): `addWorkingDays(start, n)`
// never counts `start` itself, whatever kind of day it is.
//
// A calendar only knows the years it has the official notice for. A date in another year is counted
// Monday–Friday (weekends off, nothing else) — never an invented holiday — and every answer that
// touched such a year can be told apart with `estimatedBetween`, so callers mark the result
// `estimated` (provisional) instead of failing: a case accepted mid-December has a deadline in next
// year long before the State Council publishes next year's notice. ../working-time.ts is what callers
// use; it returns that flag with each result.
import {
  CalendarDataError,
  validateCalendarEntries,
  type CalendarEntry,
  type CalendarEntryKind,
} from './calendar-entry.js';
import { dateOfDayNumber, dayNumber, yearOf, type IsoDate } from './iso-date.js';

/** What a day is: a plain `workday` or `weekend`, or what the notice made it. */
export type DayType = 'workday' | 'weekend' | CalendarEntryKind;

export interface WorkingDayCalendar {
  /** The years this calendar has the yearly notice for, ascending. */
  readonly years: readonly number[];
  /** The holidays and make-up workdays, sorted by date. */
  readonly entries: readonly CalendarEntry[];
  /** Where the data came from (a file path, 'api' …). */
  readonly source: string;
  dayType(date: IsoDate): DayType;
  /** The entry for `date`, if the notice names it. */
  entryOn(date: IsoDate): CalendarEntry | undefined;
  isWorkingDay(date: IsoDate): boolean;
  /**
   * The n-th working day after `start`, `start` itself not counted (次日起算). n = 0 gives `start`;
   * n < 0 gives the |n|-th working day before `start`.
   */
  addWorkingDays(start: IsoDate, n: number): IsoDate;
  /**
   * Working days d with a < d ≤ b (so `workingDaysBetween(s, addWorkingDays(s, n)) === n` for n ≥ 0);
   * when b is before a, minus the working days d with b < d ≤ a.
   */
  workingDaysBetween(a: IsoDate, b: IsoDate): number;
  /** Whether the calendar has the official notice for the year of `date`. */
  covers(date: IsoDate): boolean;
  /**
   * Whether any day from a to b (both included, in either order) lies in a year without an official
   * notice — i.e. whether an answer computed over those days is only an estimate (weekends only).
   */
  estimatedBetween(a: IsoDate, b: IsoDate): boolean;
}

export interface BuildCalendarOptions {
  /** For error messages: where the entries come from. Default 'calendar entries'. */
  readonly source?: string;
  /** The years covered. Default: every year that has at least one entry. */
  readonly years?: readonly number[];
}

/**
 * A calendar from a list of entries (a JSON file's, or rows the api stores). The entries are
 * validated (see `validateCalendarEntries`); a bad one throws a CalendarDataError naming its date.
 */
export function buildCalendar(entries: readonly unknown[], options: BuildCalendarOptions = {}): WorkingDayCalendar {
  const source = options.source ?? 'calendar entries';
  if (options.years !== undefined) {
    for (const year of options.years) {
      if (!Number.isInteger(year) || year < 1 || year > 9999) {
        throw new CalendarDataError(source, `years: ${JSON.stringify(year)} is not a year`);
      }
    }
  }
  const valid = validateCalendarEntries(entries, {
    source,
    ...(options.years !== undefined ? { years: options.years } : {}),
  });
  const years = [...new Set(options.years ?? valid.map((e) => yearOf(e.date)))].sort((a, b) => a - b);
  const byDate = new Map(valid.map((e) => [e.date, e] as const));
  // The arithmetic runs on day numbers (no string work per day): a supervisor's list reads the
  // clocks of thousands of cases at once.
  const kindByDay = new Map(valid.map((e) => [dayNumber(e.date), e.kind] as const));
  const coveredDays = years.map((year) => {
    const yyyy = String(year).padStart(4, '0');
    return [dayNumber(`${yyyy}-01-01`), dayNumber(`${yyyy}-12-31`)] as const;
  });

  const coveredYears = new Set(years);

  function dayTypeOf(day: number): DayType {
    const kind = kindByDay.get(day);
    if (kind) return kind;
    // 1970-01-01 (day 0) was a Thursday: (day + 3) mod 7 is 5 on Saturday, 6 on Sunday.
    return ((day + 3) % 7 + 7) % 7 >= 5 ? 'weekend' : 'workday';
  }

  function isWorkingDayNumber(day: number): boolean {
    const type = dayTypeOf(day);
    return type === 'workday' || type === 'makeUpWorkday';
  }

  function addWorkingDays(start: IsoDate, n: number): IsoDate {
    if (!Number.isSafeInteger(n)) throw new RangeError(`addWorkingDays: ${n} is not a whole number of days`);
    const step = n < 0 ? -1 : 1;
    let day = dayNumber(start);
    for (let left = Math.abs(n); left > 0; ) {
      day += step;
      if (isWorkingDayNumber(day)) left -= 1;
    }
    return dateOfDayNumber(day);
  }

  function workingDaysBetween(a: IsoDate, b: IsoDate): number {
    const from = dayNumber(a);
    const to = dayNumber(b);
    if (to < from) return -workingDaysBetween(b, a);
    let count = 0;
    for (let day = from + 1; day <= to; day += 1) if (isWorkingDayNumber(day)) count += 1;
    return count;
  }

  function estimatedBetween(a: IsoDate, b: IsoDate): boolean {
    let from = dayNumber(a);
    let to = dayNumber(b);
    if (to < from) [from, to] = [to, from];
    // The covered years as day ranges; a gap anywhere in [from, to] makes the answer an estimate.
    for (let day = from; day <= to; ) {
      const range = coveredDays.find(([first, last]) => day >= first && day <= last);
      if (!range) return true;
      day = range[1] + 1;
    }
    return false;
  }

  return {
    years: Object.freeze(years),
    entries: Object.freeze(valid.map((e) => Object.freeze(e))),
    source,
    dayType: (date) => dayTypeOf(dayNumber(date)),
    entryOn: (date) => {
      dayNumber(date);
      return byDate.get(date);
    },
    isWorkingDay: (date) => isWorkingDayNumber(dayNumber(date)),
    addWorkingDays,
    workingDaysBetween,
    covers: (date) => coveredYears.has(yearOf(date)),
    estimatedBetween,
  };
}
