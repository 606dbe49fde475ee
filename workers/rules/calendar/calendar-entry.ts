// One line of the working-day calendar: a date the State Council's yearly notice makes a holiday
// (放假) or a make-up workday (调休上班). Everything else follows the week: Monday–Friday work,
// Saturday and Sunday off. Entries are plain data so the api can keep them in a table and staff can
// edit next year's calendar when the notice comes out (usually in November); `validateCalendarEntries`
// is the one gate every entry passes, from a JSON file or from the api.
import { isIsoDate, isWeekend, yearOf, type IsoDate } from './iso-date.js';

/** `holiday` 法定节假日/放假 (off even on a weekday); `makeUpWorkday` 调休上班 (work on a weekend). */
export type CalendarEntryKind = 'holiday' | 'makeUpWorkday';

export interface CalendarEntry {
  readonly date: IsoDate;
  readonly kind: CalendarEntryKind;
  /** What the notice calls it: 春节, 国庆节、中秋节 … (shown to staff). */
  readonly name: string;
}

/**
 * Bad calendar data. `source` names where it came from (a file path, or what the caller said),
 * `date` the entry's date when there is one, so the message leads straight to the line to fix.
 */
export class CalendarDataError extends Error {
  override readonly name = 'CalendarDataError';
  constructor(
    readonly source: string,
    readonly problem: string,
    readonly date?: string,
    readonly index?: number,
  ) {
    const where = date !== undefined ? ` ${date}` : index !== undefined ? ` entry #${index + 1}` : '';
    super(`${source}:${where} ${problem}`);
  }
}

export interface CalendarEntriesOptions {
  /** Where the entries come from, for error messages (a file path, 'api', …). */
  readonly source: string;
  /** The years the entries are meant to cover; an entry in any other year is an error. */
  readonly years?: readonly number[];
}

const KINDS: readonly CalendarEntryKind[] = ['holiday', 'makeUpWorkday'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Check raw entries (parsed JSON, api input) and return them typed, sorted by date. Throws a
 * CalendarDataError naming the source and the date of the first bad entry: a date that isn't a
 * real 'YYYY-MM-DD', an unknown kind, a missing name, the same date twice, a make-up workday that
 * isn't a Saturday or Sunday (a weekday is a workday already, so it's surely a typo), or a date
 * outside the declared years.
 */
export function validateCalendarEntries(raw: unknown, options: CalendarEntriesOptions): CalendarEntry[] {
  const { source, years } = options;
  if (!Array.isArray(raw)) throw new CalendarDataError(source, 'entries must be a list');
  const seen = new Map<IsoDate, number>();
  const entries: CalendarEntry[] = [];
  raw.forEach((item: unknown, index) => {
    if (!isRecord(item)) throw new CalendarDataError(source, 'an entry must be an object {date, kind, name}', undefined, index);
    const { date, kind, name } = item;
    if (typeof date !== 'string') throw new CalendarDataError(source, 'date is missing', undefined, index);
    if (!isIsoDate(date)) throw new CalendarDataError(source, 'not a calendar date in the form YYYY-MM-DD', date, index);
    if (typeof kind !== 'string' || !(KINDS as readonly string[]).includes(kind)) {
      throw new CalendarDataError(source, `kind must be 'holiday' or 'makeUpWorkday', got ${JSON.stringify(kind)}`, date, index);
    }
    if (typeof name !== 'string' || name.trim() === '') {
      throw new CalendarDataError(source, 'name is missing (e.g. "春节")', date, index);
    }
    const earlier = seen.get(date);
    if (earlier !== undefined) {
      throw new CalendarDataError(source, `listed twice (entries #${earlier + 1} and #${index + 1})`, date, index);
    }
    seen.set(date, index);
    if (kind === 'makeUpWorkday' && !isWeekend(date)) {
      throw new CalendarDataError(source, 'a make-up workday (调休上班) must be a Saturday or Sunday', date, index);
    }
    if (years !== undefined && !years.includes(yearOf(date))) {
      throw new CalendarDataError(source, `is outside the calendar's years (${years.join(', ')})`, date, index);
    }
    entries.push({ date, kind: kind as CalendarEntryKind, name: name.trim() });
  });
  return entries.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
