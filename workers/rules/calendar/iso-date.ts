// Calendar dates as 'YYYY-MM-DD' strings, read on the wall clock of China (Asia/Shanghai).
// Deadlines, holidays and birth dates are whole days, so every rule works on dates, never on
// instants: the arithmetic below is plain proleptic-Gregorian day counting with no Date object and
// no time zone, which is why it can't shift a day at midnight. The one place an instant becomes a
// date is `chinaDateOf`, and it uses China's fixed offset (UTC+8, no daylight saving since 1991).

/** A calendar date, 'YYYY-MM-DD' (years 0001–9999). */
export type IsoDate = string;

/** 1 = Monday … 7 = Sunday (ISO 8601). */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Whether year/month/day name a real day of the calendar (e.g. not 2025-02-29). */
export function isRealDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) && Number.isInteger(month) && Number.isInteger(day) &&
    year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
  );
}

/** Whether `text` is a 'YYYY-MM-DD' string naming a real calendar date. */
export function isIsoDate(text: unknown): text is IsoDate {
  if (typeof text !== 'string') return false;
  const m = ISO_DATE.exec(text);
  return m !== null && isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** Days since 1970-01-01 (negative before it). Throws RangeError for anything but a real 'YYYY-MM-DD'. */
export function dayNumber(date: IsoDate): number {
  const m = ISO_DATE.exec(date);
  const year = Number(m?.[1]);
  const month = Number(m?.[2]);
  const day = Number(m?.[3]);
  if (!m || !isRealDate(year, month, day)) {
    throw new RangeError(`'${date}' is not a calendar date in the form YYYY-MM-DD`);
  }
  // Count from 1 March so the leap day is the last day of the counting year.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The date `days` days after 1970-01-01 (the inverse of `dayNumber`). */
export function dateOfDayNumber(days: number): IsoDate {
  if (!Number.isSafeInteger(days)) throw new RangeError(`day number ${days} is not an integer`);
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 1 || year > 9999) throw new RangeError(`day number ${days} is outside the years 0001–9999`);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** `date` moved by `days` calendar days (negative moves back). */
export function addCalendarDays(date: IsoDate, days: number): IsoDate {
  return dateOfDayNumber(dayNumber(date) + days);
}

/** The ISO weekday of `date`: 1 = Monday … 6 = Saturday, 7 = Sunday. */
export function isoWeekday(date: IsoDate): IsoWeekday {
  // 1970-01-01 was a Thursday (4).
  return ((((dayNumber(date) + 3) % 7) + 7) % 7 + 1) as IsoWeekday;
}

export function isWeekend(date: IsoDate): boolean {
  return isoWeekday(date) >= 6;
}

/** The year of a 'YYYY-MM-DD' date. */
export function yearOf(date: IsoDate): number {
  dayNumber(date);
  return Number(date.slice(0, 4));
}

/** −1, 0 or 1 as `a` is before, the same day as, or after `b`. */
export function compareDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  const d = dayNumber(a) - dayNumber(b);
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

/**
 * The date on a wall clock in China at `instant` (a Date or epoch milliseconds). This is how a
 * worker turns "now" into the `today` the rules take: 2025-01-31T16:30:00Z is already 2025-02-01
 * in the county hall.
 */
export function chinaDateOf(instant: Date | number): IsoDate {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('chinaDateOf: not a valid instant');
  return dateOfDayNumber(Math.floor((ms + CHINA_OFFSET_MS) / MS_PER_DAY));
}
