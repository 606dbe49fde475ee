// Issuing a notice (app.notices): the next number of its kind and year, the printable page, one
// row. Shared by the one-time notice and the refusal. A retried job (same job key) gets the notice
// it already issued, not a second number.
import { findCase, type Db } from './case-row.js';
import type { WorkerContext } from './context.js';
import { noticeHtml, type NoticeDocument } from './documents/notice.js';
import { nextSequence } from './numbering.js';
import { chinaDateOf, yearOf } from './rules/calendar/iso-date.js';
import { chineseDateOf } from './rules/clock-deadlines.js';
import { noticeNumber } from './rules/document-number.js';

export interface IssuedNotice {
  readonly noticeNo: string;
  readonly supplementDeadline: Date | null;
}

export interface NoticeRequest extends Omit<NoticeDocument, 'noticeNo' | 'issuedOn' | 'deadline' | 'department' | 'applicantName'> {
  readonly subItemCode: string;
  readonly applicantName: string | undefined;
  readonly departmentId: string;
  readonly supplementDeadline: Date | null;
  readonly jobKey: string;
}

export async function issueNotice(tx: Db, ctx: WorkerContext, req: NoticeRequest): Promise<IssuedNotice> {
  const existing = await tx<{ noticeNo: string; supplementDeadline: Date | null }[]>`
    select notice_no as "noticeNo", supplement_deadline as "supplementDeadline" from app.notices where job_key = ${req.jobKey}`;
  if (existing[0]) return existing[0];
  const now = ctx.now();
  const noticeNo = noticeNumber(req.kind, yearOf(chinaDateOf(now)), await nextSequence(tx, `notice:${req.kind}`, '', yearOf(chinaDateOf(now))));
  const applicantName = req.applicantName ?? (await findCase(tx, req.caseNo))?.applicantName ?? '申请人';
  const html = noticeHtml({
    ...req,
    noticeNo,
    applicantName,
    department: ctx.dictionary().departments.get(req.departmentId)?.name ?? req.departmentId,
    issuedOn: chineseDateOf(now),
    ...(req.supplementDeadline ? { deadline: chineseDateOf(req.supplementDeadline) } : {}),
  });
  await tx`insert into app.notices (notice_no, kind, case_no, sub_item_code, applicant_name, missing_materials, reason, supplement_deadline, issued_at, html, job_key)
    values (${noticeNo}, ${req.kind}, ${req.caseNo}, ${req.subItemCode}, ${applicantName}, ${[...req.missingMaterials]}, ${req.reason ?? null},
            ${req.supplementDeadline}, ${now}, ${html}, ${req.jobKey})`;
  return { noticeNo, supplementDeadline: req.supplementDeadline };
}

/** The `missingMaterials` variable as a list of names (a technical fault if it isn't one). */
export function missingList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
    throw new Error('变量 missingMaterials 应为材料名称的列表');
  }
  return value;
}
