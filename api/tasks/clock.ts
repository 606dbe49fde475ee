// The legal clock as a task shows it: a colour and the working days left until the committed due
// date (承诺办结时限). The dates come from the case (app.cases: yellow_at, committed_due_at, set by
// ow.legal-clock) or, when the app has no case row, from the process variables the job carried
// (yellowAt, committedDueAt — the same values). Red once the committed due date has passed, yellow
// from yellowAt on, normal before; while the clock is suspended for a supplement nothing counts down.
// `estimated` says the due dates or the days left were counted weekends-only across a year without
// an official calendar (workers/rules/working-time.ts), so the task list shows them as provisional.
import { workingDaysBetween, type WorkingDayCalendar } from '../../workers/rules/working-time.js';

export type ClockColour = 'normal' | 'yellow' | 'red';

export interface ClockInput {
  readonly yellowAt: Date | null;
  readonly committedDueAt: Date | null;
  readonly legalDueAt: Date | null;
  readonly suspended: boolean;
  /** The worker marked the case's due dates as estimated (app.cases.deadlines_estimated). */
  readonly deadlinesEstimated?: boolean;
  readonly now: Date;
  readonly calendar?: WorkingDayCalendar;
}

export interface TaskClock {
  readonly clock: ClockColour;
  readonly suspended: boolean;
  readonly yellowAt: string | null;
  readonly committedDueAt: string | null;
  readonly legalDueAt: string | null;
  /** Working days from today to the committed due date (0 on the day, negative when overdue); null when unknown. */
  readonly workingDaysLeft: number | null;
  readonly estimated: boolean;
}

export function taskClock(input: ClockInput): TaskClock | null {
  const { yellowAt, committedDueAt, legalDueAt, now } = input;
  if (!yellowAt && !committedDueAt) return null;
  let clock: ClockColour = 'normal';
  if (!input.suspended) {
    if (committedDueAt && now.getTime() > committedDueAt.getTime()) clock = 'red';
    else if (yellowAt && now.getTime() >= yellowAt.getTime()) clock = 'yellow';
  }
  const left = committedDueAt ? workingDaysBetween(now, committedDueAt, input.calendar ? { calendar: input.calendar } : {}) : null;
  return {
    clock,
    suspended: input.suspended,
    yellowAt: yellowAt?.toISOString() ?? null,
    committedDueAt: committedDueAt?.toISOString() ?? null,
    legalDueAt: legalDueAt?.toISOString() ?? null,
    workingDaysLeft: left?.days ?? null,
    estimated: input.deadlinesEstimated === true || left?.estimated === true,
  };
}

/** A date-time process variable (ISO 8601 with a zone), or null. */
export function dateVariable(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}
