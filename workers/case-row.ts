// The case row (app.cases) as the workers read and move it. Workers that only need the job's
// variables (materials check, prefill, notices, certificate, waybill, notify) work without a case
// row: tests and other starters may run a flow with no case, and a document is still a document.
// They then skip what only a case row can hold (its status, its number columns). The legal clock
// is different: its ledger is the case's (app.legal_clock references app.cases), so it refuses to
// run without one (see legal-clock.ts).
import type { Sql, TransactionSql } from 'postgres';
import { FINAL_STATUSES, type CaseStatus } from '../db/app/case-status.js';

export type Db = Sql | TransactionSql;

export interface CaseRow {
  readonly caseNo: string;
  readonly subItemCode: string;
  readonly orgUnit: string;
  readonly applicantName: string;
  readonly phone: string;
  readonly status: CaseStatus;
  readonly acceptedAt: Date | null;
  readonly publicToken: string;
  readonly decision: string | null;
  readonly warning: string | null;
}

export async function findCase(sql: Db, caseNo: string): Promise<CaseRow | undefined> {
  const rows = await sql<CaseRow[]>`
    select case_no as "caseNo", sub_item_code as "subItemCode", org_unit as "orgUnit",
           applicant_name as "applicantName", phone, status, accepted_at as "acceptedAt",
           public_token as "publicToken", decision, warning
    from app.cases where case_no = ${caseNo}`;
  return rows[0];
}

/**
 * Moves a case into `status` unless it is already over (refused, concluded, withdrawn, canceled):
 * a late job must not reopen a final case. Returns whether a row changed.
 */
export async function moveCase(sql: Db, caseNo: string, status: CaseStatus): Promise<boolean> {
  const rows = await sql`
    update app.cases set status = ${status}
    where case_no = ${caseNo} and status <> all(${FINAL_STATUSES as string[]})
    returning 1`;
  return rows.length > 0;
}

/** The case number a job is about (every case-flow job has one). */
export function caseNoOf(variables: Readonly<Record<string, unknown>>): string {
  const caseNo = variables['caseNo'];
  if (typeof caseNo !== 'string' || caseNo.trim() === '') throw new Error('变量 caseNo 缺失或不是文本');
  return caseNo;
}
