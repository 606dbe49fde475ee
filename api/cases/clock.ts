// The legal clock of one case as staff read it: the ledger in app.legal_clock (written by the
// ow.legal-clock worker) with the working days of each interval, and — once the case is
// accepted — the committed and legal limits read by workers/rules/legal-clock.ts on today's date
// (or the conclusion date, which makes the reading final). A reading that counted across a year
// without an official calendar is `estimated` (weekends only: workers/rules/working-time.ts).
import type { Sql } from 'postgres';
import { z } from 'zod';
import type { SubItem } from '../../processes/dictionary/load.js';
import { chinaCalendar } from '../../workers/rules/calendar/calendar-file.js';
import { addCalendarDays, chinaDateOf } from '../../workers/rules/calendar/iso-date.js';
import { LegalClockError, legalClockStatus, type ClockStop } from '../../workers/rules/legal-clock.js';
import { workingDaysBetween } from '../../workers/rules/working-time.js';

const Limit = z.object({
  days: z.number(),
  dueDate: z.string().nullable(),
  dueDateUnknown: z.enum(['clockStopped']).nullable(),
  estimated: z.boolean().describe('期限跨入尚无官方节假日安排的年份，仅按周末推算（预计）'),
  remainingDays: z.number(),
  overdue: z.boolean(),
});

export const ClockView = z.object({
  intervals: z.array(z.object({
    seq: z.number(),
    state: z.enum(['running', 'suspended', 'special-procedure']),
    reason: z.string().nullable(),
    startedAt: z.string(),
    endedAt: z.string().nullable(),
    /** Working days inside the interval up to today (a running interval from its next day, 次日起算). */
    workingDays: z.number(),
  })),
  /** Working days on the clock so far; null before acceptance. */
  runningDays: z.number().nullable(),
  /** Working days the clock stood still for a supplement (中止). */
  suspendedDays: z.number().nullable(),
  /** Working days in special procedures (特别程序, Art. 45). */
  specialProcedureDays: z.number().nullable(),
  committed: Limit.nullable(),
  legal: Limit.nullable(),
  warning: z.enum(['none', 'yellow', 'red']).nullable(),
  /** Some of the counting fell in a year without an official calendar (weekends only): provisional. */
  estimated: z.boolean(),
  /** Why the clock could not be read (an inconsistent ledger). */
  problem: z.string().nullable(),
});
export type ClockView = z.input<typeof ClockView>;

interface LedgerRow {
  seq: number;
  state: 'running' | 'suspended' | 'special-procedure';
  reason: string | null;
  startedAt: Date;
  endedAt: Date | null;
}

export async function caseClock(
  sql: Sql,
  c: { caseNo: string; acceptedAt: Date | null; concludedAt: Date | null },
  subItem: SubItem | undefined,
  now: Date,
): Promise<ClockView> {
  const rows = await sql<LedgerRow[]>`select seq, state, reason, started_at as "startedAt", ended_at as "endedAt"
    from app.legal_clock where case_no = ${c.caseNo} order by seq`;
  const today = chinaDateOf(c.concludedAt ?? now);
  const calendar = chinaCalendar();
  let intervalsEstimated = false;
  const intervals = rows.map((r, i) => {
    // As workers/rules/legal-clock.ts counts: a running stretch from its next day (次日起算), up
    // to the day before the stop that ended it; a stop from its first day through its last.
    const endedByStop = r.state === 'running' && (rows[i + 1]?.state ?? 'running') !== 'running';
    const from = r.state === 'running' ? chinaDateOf(r.startedAt) : addCalendarDays(chinaDateOf(r.startedAt), -1);
    const end = r.endedAt ? chinaDateOf(r.endedAt) : today;
    const to = endedByStop ? addCalendarDays(end, -1) : end;
    const counted = to < from ? { days: 0, estimated: false } : workingDaysBetween(from, to, { calendar });
    intervalsEstimated ||= counted.estimated;
    return { seq: r.seq, state: r.state, reason: r.reason, startedAt: r.startedAt.toISOString(), endedAt: r.endedAt ? r.endedAt.toISOString() : null, workingDays: counted.days };
  });
  const empty = { intervals, runningDays: null, suspendedDays: null, specialProcedureDays: null, committed: null, legal: null, warning: null, estimated: intervalsEstimated };
  const accepted = c.acceptedAt ?? rows.find((r) => r.state === 'running')?.startedAt ?? null;
  if (!accepted || !subItem) return { ...empty, problem: null };
  const ledger: ClockStop[] = rows
    .filter((r) => r.state !== 'running')
    .map((r) => ({
      kind: r.state === 'suspended' ? 'suspension' : 'specialProcedure',
      from: chinaDateOf(r.startedAt),
      to: r.endedAt ? chinaDateOf(r.endedAt) : null,
      ...(r.reason ? { reason: r.reason } : {}),
    }));
  try {
    const status = legalClockStatus({ acceptedOn: chinaDateOf(accepted), committedDays: subItem.committedDays, legalDays: subItem.legalDays, ledger, today, calendar });
    return {
      intervals,
      runningDays: status.usedDays,
      suspendedDays: status.stoppedDays.suspension,
      specialProcedureDays: status.stoppedDays.specialProcedure,
      committed: status.committed,
      legal: status.legal,
      warning: status.warning,
      estimated: status.estimated || intervalsEstimated,
      problem: null,
    };
  } catch (error) {
    if (error instanceof LegalClockError) return { ...empty, problem: error.message };
    throw error;
  }
}
