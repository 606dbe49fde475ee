// The date-times the commitment flow's timers and due dates read (processes/README.md: committedDueAt,
// legalDueAt, yellowAt), from the legal clock's ledger (legal-clock.ts has the rules).
//
// Choices, all in China time (UTC+8):
// - A due date is met on the whole due day: committedDueAt / legalDueAt are 23:59:59 of it. The
//   red card (timer =committedDueAt) therefore comes the moment the due day is over, which is
//   legal-clock.ts's `red` ("today is after the due date").
// - The yellow card comes at 00:00 of the day on which only `yellowWithinDays` working days are
//   left (the N-th working day before the due date): legal-clock.ts's `yellow`
//   ("at most N working days left"). When the limit is that short, yellow is due at once.
// - A limit reaching a year without an official calendar is counted weekends-only and the result
//   says `estimated` (working-time.ts): the worker writes that on the case for staff to see.
import { clockDueDate, type ClockStop } from './legal-clock.js';
import type { IsoDate } from './calendar/iso-date.js';
import { chinaDateOf } from './calendar/iso-date.js';
import type { WorkingDayCalendar } from './calendar/working-day-calendar.js';
import { addWorkingDays, endOfChinaDay, startOfChinaDay } from './working-time.js';

/** 2025-05-27 → 2025年5月27日 (how notices print dates). */
export function chineseDate(date: IsoDate): string {
  const [y, m, d] = date.split('-');
  return `${Number(y)}年${Number(m)}月${Number(d)}日`;
}

/** An instant as a Chinese date (China time). */
export const chineseDateOf = (instant: Date): string => chineseDate(chinaDateOf(instant));

/** One interval of app.legal_clock. */
export interface LedgerInterval {
  readonly state: 'running' | 'suspended' | 'special-procedure';
  readonly startedAt: Date;
  readonly endedAt: Date | null;
  readonly reason?: string | null;
}

/**
 * The stops of a ledger as legal-clock.ts reads them: each non-running interval from the day it
 * began through the day it ended (the clock resumes the day after: "从收到补充材料的次日起计算").
 * Two stops touching the same day (resumed and suspended again on one day) are one stop.
 */
export function ledgerStops(intervals: readonly LedgerInterval[]): ClockStop[] {
  const stops: { kind: ClockStop['kind']; from: IsoDate; to: IsoDate | null; reason?: string }[] = [];
  for (const i of intervals) {
    if (i.state === 'running') continue;
    const kind = i.state === 'suspended' ? 'suspension' : 'specialProcedure';
    const from = chinaDateOf(i.startedAt);
    const to = i.endedAt === null ? null : chinaDateOf(i.endedAt);
    const last = stops[stops.length - 1];
    if (last && (last.to === null || from <= last.to)) {
      last.to = to === null || last.to === null ? null : to > last.to ? to : last.to;
      continue;
    }
    stops.push({ kind, from, to, ...(i.reason ? { reason: i.reason } : {}) });
  }
  return stops;
}

export interface ClockDeadlines {
  readonly committedDue: IsoDate;
  readonly legalDue: IsoDate;
  readonly yellowOn: IsoDate;
  /** Variables for the flow (ISO 8601 with +08:00). */
  readonly committedDueAt: string;
  readonly legalDueAt: string;
  readonly yellowAt: string;
  /** A due date reaches a year without an official calendar (weekends-only count): provisional. */
  readonly estimated: boolean;
}

/**
 * The deadlines of a running clock. Throws when the clock is stopped (there are no deadlines
 * while it stands still); a limit reaching a year the calendar lacks is `estimated`, not an error.
 */
export function clockDeadlines(input: {
  readonly acceptedOn: IsoDate;
  readonly committedDays: number;
  readonly legalDays: number;
  readonly stops: readonly ClockStop[];
  readonly calendar: WorkingDayCalendar;
  readonly yellowWithinDays: number;
}): ClockDeadlines {
  const { acceptedOn, stops, calendar } = input;
  const committedDue = clockDueDate(acceptedOn, input.committedDays, stops, calendar);
  const legalDue = clockDueDate(acceptedOn, input.legalDays, stops, calendar);
  if (committedDue === null || legalDue === null) throw new Error('计时中止期间没有办结期限（clock is stopped）');
  const yellowOn = addWorkingDays(committedDue, -input.yellowWithinDays, { calendar }).date;
  return {
    committedDue,
    legalDue,
    yellowOn,
    committedDueAt: endOfChinaDay(committedDue),
    legalDueAt: endOfChinaDay(legalDue),
    yellowAt: startOfChinaDay(yellowOn),
    estimated: calendar.estimatedBetween(acceptedOn, legalDue > committedDue ? legalDue : committedDue),
  };
}
