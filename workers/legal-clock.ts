// 受理（起算时限）/ 中止计时 / 恢复计时 / 办结 `ow.legal-clock` (processes/README.md; the rules in
// rules/legal-clock.ts, the date-times in rules/clock-deadlines.ts). The clock is a ledger of
// intervals in app.legal_clock; the case row carries what it reads to (accepted_at,
// committed_due_at, legal_due_at, yellow_at) and the status (db/app/case-status.ts):
//   start   → accepted_at (once), a running interval, status accepted; writes the three date-times
//   suspend → the running interval ends, a suspended one begins (reason clockReason), status suspended
//   resume  → the suspension ends today (counting resumes tomorrow), a running interval begins,
//             status approving; the due dates move by the working days the clock stood still
//   stop    → the open interval ends. When the case was decided (decision approve / reject) the
//             decision is recorded and the status left to who issues or concludes it; otherwise
//             (the supplement asked for during approval never came) the case is withdrawn (视为撤回).
// A due date reaching a year without an official calendar is counted weekends-only and written with
// deadlines_estimated = true (shown to staff as provisional) — never an incident (rules/README.md).
// The ledger belongs to the case (app.legal_clock references app.cases), so unlike the workers
// that only read variables, this one needs the case row: without it the job fails into an incident
// naming the case. Limits come from the dictionary (committedDays / legalDays of subItemCode).
// Every action is idempotent, so a retried job does not stop or start the clock twice.
import { caseNoOf, findCase, moveCase, type Db } from './case-row.js';
import { subItemOf, type WorkerContext } from './context.js';
import { chinaDateOf } from './rules/calendar/iso-date.js';
import { clockDeadlines, ledgerStops, type LedgerInterval } from './rules/clock-deadlines.js';
import type { Variables, WorkerDefinition } from './worker.js';

export const CLOCK_ACTIONS = ['start', 'suspend', 'resume', 'stop'] as const;
export type ClockAction = (typeof CLOCK_ACTIONS)[number];

interface Row extends LedgerInterval {
  readonly seq: number;
}

async function ledger(tx: Db, caseNo: string): Promise<Row[]> {
  return tx<Row[]>`select seq, state, started_at as "startedAt", ended_at as "endedAt", reason
    from app.legal_clock where case_no = ${caseNo} order by seq for update`;
}

async function open(tx: Db, caseNo: string, rows: readonly Row[], state: Row['state'], at: Date, reason: string | null): Promise<void> {
  const seq = (rows[rows.length - 1]?.seq ?? 0) + 1;
  await tx`insert into app.legal_clock (case_no, seq, state, reason, started_at) values (${caseNo}, ${seq}, ${state}, ${reason}, ${at})`;
}

async function close(tx: Db, caseNo: string, row: Row, at: Date): Promise<void> {
  await tx`update app.legal_clock set ended_at = ${at} where case_no = ${caseNo} and seq = ${row.seq}`;
}

export function legalClock(): WorkerDefinition {
  return {
    taskType: 'ow.legal-clock',
    title: '法定时限计时',
    async handle({ variables, headers }, ctx) {
      const action = headers['action'];
      if (!(CLOCK_ACTIONS as readonly string[]).includes(action ?? '')) {
        throw new Error(`任务头 action 应为 start、suspend、resume 或 stop，实为“${String(action)}”`);
      }
      const caseNo = caseNoOf(variables);
      const subItem = subItemOf(ctx, variables['subItemCode']);
      const now = ctx.now();
      return ctx.sql.begin(async (tx) => {
        const found = await findCase(tx, caseNo);
        if (!found) throw new Error(`办件 ${caseNo} 不存在（app.cases），无法记录法定时限台账`);
        const rows = await ledger(tx, caseNo);
        const current = rows.find((r) => r.endedAt === null);
        let acceptedAt = found.acceptedAt;
        switch (action as ClockAction) {
          case 'start':
            if (acceptedAt === null) {
              acceptedAt = now;
              await tx`update app.cases set accepted_at = ${now} where case_no = ${caseNo}`;
            }
            if (rows.length === 0) await open(tx, caseNo, rows, 'running', acceptedAt, null);
            await moveCase(tx, caseNo, 'accepted');
            return deadlines(tx, ctx, caseNo, acceptedAt, subItem, await ledger(tx, caseNo));
          case 'suspend': {
            if (current?.state !== 'suspended') {
              if (current) await close(tx, caseNo, current, now);
              const reason = typeof variables['clockReason'] === 'string' ? variables['clockReason'] : null;
              await open(tx, caseNo, rows, 'suspended', now, reason);
            }
            await moveCase(tx, caseNo, 'suspended');
            await tx`update app.cases set committed_due_at = null, legal_due_at = null, yellow_at = null, deadlines_estimated = false where case_no = ${caseNo}`;
            return {};
          }
          case 'resume': {
            if (acceptedAt === null) throw new Error(`办件 ${caseNo} 尚未受理，不能恢复计时`);
            if (current?.state !== 'running') {
              if (current) await close(tx, caseNo, current, now);
              await open(tx, caseNo, rows, 'running', now, null);
            }
            await moveCase(tx, caseNo, 'approving');
            return deadlines(tx, ctx, caseNo, acceptedAt, subItem, await ledger(tx, caseNo));
          }
          case 'stop': {
            if (current) await close(tx, caseNo, current, now);
            const decision = variables['decision'];
            if (decision === 'approve' || decision === 'reject') {
              await tx`update app.cases set decision = ${decision} where case_no = ${caseNo}`;
            } else {
              await tx`update app.cases set concluded_at = coalesce(concluded_at, ${now}) where case_no = ${caseNo}`;
              await moveCase(tx, caseNo, 'withdrawn');
            }
            return {};
          }
        }
      });
    },
  };
}

/** The deadlines of the running clock, written to the case row and returned as variables. */
async function deadlines(
  tx: Db,
  ctx: WorkerContext,
  caseNo: string,
  acceptedAt: Date,
  subItem: { readonly committedDays: number; readonly legalDays: number },
  rows: readonly LedgerInterval[],
): Promise<Variables> {
  const d = clockDeadlines({
    acceptedOn: chinaDateOf(acceptedAt),
    committedDays: subItem.committedDays,
    legalDays: subItem.legalDays,
    stops: ledgerStops(rows),
    calendar: ctx.calendar,
    yellowWithinDays: ctx.settings.yellowWithinDays,
  });
  await tx`update app.cases set committed_due_at = ${d.committedDueAt}, legal_due_at = ${d.legalDueAt}, yellow_at = ${d.yellowAt},
    deadlines_estimated = ${d.estimated} where case_no = ${caseNo}`;
  return { committedDueAt: d.committedDueAt, legalDueAt: d.legalDueAt, yellowAt: d.yellowAt };
}
