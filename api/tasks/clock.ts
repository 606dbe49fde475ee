// The legal clock as a task shows it: a colour and the working days left until the committed due
// date (承诺办结时限). The dates come from the case (app.cases: yellow_at, committed_due_at, set by
// ow.legal-clock) or, when the app has no case row, from the process variables the job carried
// (yellowAt, committedDueAt — the same values). Red once the committed due date has passed, yellow
// from yellowAt on, normal before; while the clock is suspended for a supplement nothing counts down.
import { CalendarCoverageError, chinaCalendar, chinaDateOf, type WorkingDayCalendar } from '../../workers/rules/calendar/index.js';

export type ClockColour = 'normal' | 'yellow' | 'red';

export interface ClockInput {
  readonly yellowAt: Date | null;
  readonly committedDueAt: Date | null;
  readonly legalDueAt: Date | null;
  readonly suspended: boolean;
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
}

export function taskClock(input: ClockInput): TaskClock | null {
  const { yellowAt, committedDueAt, legalDueAt, now } = input;
  if (!yellowAt && !committedDueAt) return null;
  let clock: ClockColour = 'normal';
  if (!input.suspended) {
    if (committedDueAt && now.getTime() > committedDueAt.getTime()) clock = 'red';
    else if (yellowAt && now.getTime() >= yellowAt.getTime()) clock = 'yellow';
  }
  let workingDaysLeft: number | null = null;
  if (committedDueAt) {
    try {
      workingDaysLeft = (input.calendar ?? chinaCalendar()).workingDaysBetween(chinaDateOf(now), chinaDateOf(committedDueAt));
    } catch (error) {
      if (!(error instanceof CalendarCoverageError)) throw error;
    }
  }
  return {
    clock,
    suspended: input.suspended,
    yellowAt: yellowAt?.toISOString() ?? null,
    committedDueAt: committedDueAt?.toISOString() ?? null,
    legalDueAt: legalDueAt?.toISOString() ?? null,
    workingDaysLeft,
  };
}

/** A date-time process variable (ISO 8601 with a zone), or null. */
export function dateVariable(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}
