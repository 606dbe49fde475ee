// The legal clock of a case (办件): how many working days of its time limits are used, when they
// run out, and whether a supervisor should see a yellow or red card (domain.md §4).
//
// The rules, and where they come from:
// - Limits are in working days (行政许可法 Art.82). The clock starts at 受理 and the day of
//   acceptance is not counted (次日起算): with no stops, the due date is the n-th working day after it.
// - The clock only stands still for the intervals in the case's ledger — a suspension (中止, e.g. a
//   补正 asked for after acceptance) or a special procedure (特别程序: 听证, 检验, 检测, 鉴定, 专家评审 …,
//   Art.45). An interval covers its first and last day: the clock stops on the day it is started and
//   resumes the day after it ends ("从收到补充材料的次日起计算"). A 补正 *before* acceptance is not in the
//   ledger at all: it delays 受理 rather than stopping a clock.
// - The committed limit (承诺办结时限, ≤ the legal one) drives the warnings; both limits stop for the
//   same intervals.
// - Warnings: `red` once the committed due date has passed; `yellow` while the clock runs and at
//   most `yellowWithinDays` working days are left (default 2, a local setting — domain.md suggests
//   1–2); `none` otherwise, including while the clock stands still (staff can't speed up an
//   applicant's supplement or a lab test).
// - A limit reaching a year the calendar has no official table for is counted Monday–Friday and
//   marked `estimated` (working-time.ts has the policy): the deadline is provisional, not unknown.
// The ledger is append-only data kept by the api; nothing here reads the system clock — the caller
// passes `today` (China date, see calendar/iso-date.ts `chinaDateOf`).
import type { WorkingDayCalendar } from './calendar/working-day-calendar.js';
import { addCalendarDays, dayNumber, isIsoDate, type IsoDate } from './calendar/iso-date.js';

/** Why the clock stands still: 中止 (e.g. 补正 after acceptance) or 特别程序. */
export type ClockStopKind = 'suspension' | 'specialProcedure';

/** One interval of the ledger during which the clock stands still. */
export interface ClockStop {
  readonly kind: ClockStopKind;
  /** The first day not counted (the day the suspension / special procedure starts). */
  readonly from: IsoDate;
  /** The last day not counted (the clock resumes the day after); null while it is still going on. */
  readonly to: IsoDate | null;
  /** Free text for the record, e.g. 补正：缺经营场所证明 / 现场核查检测. */
  readonly reason?: string;
}

export type ClockState = 'running' | ClockStopKind;
export type ClockWarning = 'none' | 'yellow' | 'red';

/** A stretch of the case's time since acceptance: running, or stopped for a reason. */
export interface ClockSegment {
  readonly kind: ClockState;
  readonly from: IsoDate;
  /** Null for the stretch that is still open. */
  readonly to: IsoDate | null;
  /** Working days of this stretch up to and including today. */
  readonly workingDays: number;
}

export interface ClockLimitStatus {
  /** The limit in working days. */
  readonly days: number;
  /**
   * The last day of the limit, or null when it can't be known yet: the clock is stopped before
   * the limit is used up (`dueDateUnknown: 'clockStopped'`).
   */
  readonly dueDate: IsoDate | null;
  readonly dueDateUnknown: 'clockStopped' | null;
  /**
   * The due date (or, while unknown, the count up to today) reaches a year without an official
   * calendar: counted weekends-only, so it is provisional until that year's table is added.
   */
  readonly estimated: boolean;
  /** Working days left after today: `days − usedDays`; 0 on the due date, negative when overdue. */
  readonly remainingDays: number;
  /** Whether today is after the due date. */
  readonly overdue: boolean;
}

export interface LegalClockInput {
  /** The day of 受理. */
  readonly acceptedOn: IsoDate;
  /** 承诺办结时限, working days. */
  readonly committedDays: number;
  /** 法定办结时限, working days (≥ committedDays). */
  readonly legalDays: number;
  /** The stops, in the order they happened. */
  readonly ledger: readonly ClockStop[];
  /** The date to read the clock on (China time). */
  readonly today: IsoDate;
  readonly calendar: WorkingDayCalendar;
  /** Yellow when the clock runs and at most this many working days are left. Default 2. */
  readonly yellowWithinDays?: number;
}

export interface LegalClockStatus {
  /** What the clock is doing today. */
  readonly state: ClockState;
  /** Working days counted so far (after the acceptance day, up to and including today, minus stops). */
  readonly usedDays: number;
  /** Working days that fell inside stops, up to and including today. */
  readonly stoppedDays: Readonly<Record<ClockStopKind, number>>;
  readonly committed: ClockLimitStatus;
  readonly legal: ClockLimitStatus;
  readonly warning: ClockWarning;
  /** The case's time since acceptance as running and stopped stretches. */
  readonly segments: readonly ClockSegment[];
  /** Some of the counting (days used, a due date) fell in a year without an official calendar. */
  readonly estimated: boolean;
}

export const DEFAULT_YELLOW_WITHIN_DAYS = 2;

/** Inconsistent clock input: a ledger that can't be a case's history, or impossible limits. */
export class LegalClockError extends Error {
  override readonly name = 'LegalClockError';
}

const STOP_KINDS: readonly ClockStopKind[] = ['suspension', 'specialProcedure'];

/**
 * Check that the ledger could be a case's history: known kinds, real dates, no stop before the
 * acceptance day, each stop ending on or after its start, stops in order and not overlapping, and
 * only the last one still open.
 */
export function validateClockLedger(acceptedOn: IsoDate, ledger: readonly ClockStop[]): void {
  if (!isIsoDate(acceptedOn)) throw new LegalClockError(`acceptedOn '${acceptedOn}' is not a date (YYYY-MM-DD)`);
  let previousEnd: IsoDate | null | undefined;
  ledger.forEach((stop, index) => {
    const label = `ledger entry #${index + 1} (${String(stop.kind)} from ${String(stop.from)})`;
    if (!STOP_KINDS.includes(stop.kind)) {
      throw new LegalClockError(`${label}: kind must be 'suspension' or 'specialProcedure'`);
    }
    if (!isIsoDate(stop.from)) throw new LegalClockError(`${label}: 'from' is not a date (YYYY-MM-DD)`);
    if (stop.to !== null && !isIsoDate(stop.to)) throw new LegalClockError(`${label}: 'to' is not a date (YYYY-MM-DD)`);
    if (stop.from < acceptedOn) throw new LegalClockError(`${label}: starts before the case was accepted (${acceptedOn})`);
    if (stop.to !== null && stop.to < stop.from) throw new LegalClockError(`${label}: ends (${stop.to}) before it starts`);
    if (previousEnd === null) throw new LegalClockError(`${label}: the previous stop is still open; close it first`);
    if (previousEnd !== undefined && stop.from <= previousEnd) {
      throw new LegalClockError(`${label}: starts before the previous stop ends (${previousEnd})`);
    }
    previousEnd = stop.to;
  });
}

function checkDays(name: string, days: number): void {
  if (!Number.isSafeInteger(days) || days < 0) throw new LegalClockError(`${name} must be a whole number ≥ 0, got ${days}`);
}

function stopOn(ledger: readonly ClockStop[], date: IsoDate): ClockStop | undefined {
  return ledger.find((s) => s.from <= date && (s.to === null || date <= s.to));
}

/**
 * The due date of a limit of `days` working days from `acceptedOn`, the clock standing still for
 * the ledger's stops: the day on which the `days`-th counted working day falls (`acceptedOn` itself
 * for 0). Null if an open stop begins before the limit is used up. A year the calendar has no
 * official table for counts weekends only (check `calendar.estimatedBetween(acceptedOn, due)`).
 */
export function clockDueDate(
  acceptedOn: IsoDate,
  days: number,
  ledger: readonly ClockStop[],
  calendar: WorkingDayCalendar,
): IsoDate | null {
  validateClockLedger(acceptedOn, ledger);
  checkDays('days', days);
  let date = acceptedOn;
  for (let counted = 0; counted < days; ) {
    date = addCalendarDays(date, 1);
    const stop = stopOn(ledger, date);
    if (stop) {
      if (stop.to === null) return null;
      date = stop.to;
      continue;
    }
    if (calendar.isWorkingDay(date)) counted += 1;
  }
  return date;
}

/**
 * Working days in [from, min(to, today)], never counting the acceptance day (a stop may begin on
 * it, but that day was never on the clock). 0 if the stretch starts after today.
 */
function workingDaysThrough(
  calendar: WorkingDayCalendar,
  acceptedOn: IsoDate,
  from: IsoDate,
  to: IsoDate | null,
  today: IsoDate,
): number {
  const start = from > acceptedOn ? from : addCalendarDays(acceptedOn, 1);
  const end = to === null || to > today ? today : to;
  if (end < start) return 0;
  return calendar.workingDaysBetween(addCalendarDays(start, -1), end);
}

function clockSegments(
  acceptedOn: IsoDate,
  ledger: readonly ClockStop[],
  today: IsoDate,
  calendar: WorkingDayCalendar,
): ClockSegment[] {
  const segments: ClockSegment[] = [];
  const push = (kind: ClockState, from: IsoDate, to: IsoDate | null): void => {
    segments.push({ kind, from, to, workingDays: workingDaysThrough(calendar, acceptedOn, from, to, today) });
  };
  let cursor: IsoDate | null = addCalendarDays(acceptedOn, 1);
  for (const stop of ledger) {
    if (cursor !== null && cursor < stop.from) push('running', cursor, addCalendarDays(stop.from, -1));
    push(stop.kind, stop.from, stop.to);
    cursor = stop.to === null ? null : addCalendarDays(stop.to, 1);
  }
  if (cursor !== null) push('running', cursor, null);
  return segments;
}

function limitStatus(
  input: LegalClockInput,
  days: number,
  usedDays: number,
): ClockLimitStatus {
  const dueDate = clockDueDate(input.acceptedOn, days, input.ledger, input.calendar);
  return {
    days,
    dueDate,
    dueDateUnknown: dueDate === null ? 'clockStopped' : null,
    estimated: input.calendar.estimatedBetween(input.acceptedOn, dueDate ?? input.today),
    remainingDays: days - usedDays,
    overdue: dueDate !== null && input.today > dueDate,
  };
}

/**
 * Read a case's legal clock on `today`. For a concluded case, pass the conclusion date as `today`:
 * the reading is then final, and `committed.overdue` says whether it was concluded late.
 */
export function legalClockStatus(input: LegalClockInput): LegalClockStatus {
  const { acceptedOn, committedDays, legalDays, ledger, today, calendar } = input;
  const yellowWithinDays = input.yellowWithinDays ?? DEFAULT_YELLOW_WITHIN_DAYS;
  validateClockLedger(acceptedOn, ledger);
  checkDays('committedDays', committedDays);
  checkDays('legalDays', legalDays);
  checkDays('yellowWithinDays', yellowWithinDays);
  if (committedDays > legalDays) {
    throw new LegalClockError(`committedDays (${committedDays}) must not exceed legalDays (${legalDays})`);
  }
  if (!isIsoDate(today)) throw new LegalClockError(`today '${today}' is not a date (YYYY-MM-DD)`);
  if (dayNumber(today) < dayNumber(acceptedOn)) {
    throw new LegalClockError(`today (${today}) is before the case was accepted (${acceptedOn})`);
  }

  const segments = clockSegments(acceptedOn, ledger, today, calendar);
  let usedDays = 0;
  const stoppedDays: Record<ClockStopKind, number> = { suspension: 0, specialProcedure: 0 };
  for (const segment of segments) {
    if (segment.kind === 'running') usedDays += segment.workingDays;
    else stoppedDays[segment.kind] += segment.workingDays;
  }
  const state: ClockState = stopOn(ledger, today)?.kind ?? 'running';
  const committed = limitStatus(input, committedDays, usedDays);
  const legal = limitStatus(input, legalDays, usedDays);

  let warning: ClockWarning = 'none';
  if (committed.overdue) warning = 'red';
  else if (state === 'running' && committed.remainingDays <= yellowWithinDays) warning = 'yellow';

  const estimated = committed.estimated || legal.estimated || calendar.estimatedBetween(acceptedOn, today);
  return { state, usedDays, stoppedDays, committed, legal, warning, segments, estimated };
}
