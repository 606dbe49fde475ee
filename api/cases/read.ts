// Staff reading cases: the list with filters and paging, and one case in full (materials, legal
// clock, audit trail). Town sub-centre staff see their own unit's cases only.
import { z } from 'zod';
import { CASE_STATUSES, CASE_STATUS_LABELS, type CaseStatus } from '../../db/app/case-status.js';
import { addCalendarDays, isIsoDate } from '../../workers/rules/calendar/iso-date.js';
import { startOfChinaDay } from '../../workers/rules/working-time.js';
import type { Staff } from '../auth/roles.js';
import { visibleUnit } from '../auth/visible-unit.js';
import type { ApiContext } from '../context.js';
import { notFound } from '../http/errors.js';
import { normalizePhone } from './applicant.js';
import { caseClock, ClockView } from './clock.js';
import { StoredFormData } from './form-data.js';

const isoDay = z.string().refine(isIsoDate, '应为日期 YYYY-MM-DD');

export const CaseListQuery = z.object({
  status: z.enum(CASE_STATUSES).optional(),
  subItemCode: z.string().trim().min(1).optional(),
  orgUnit: z.string().trim().min(1).optional(),
  creditCode: z.string().trim().min(1).optional(),
  idNumber: z.string().trim().min(1).optional(),
  phone: z.string().trim().min(1).optional(),
  /** Opened on or after this China date. */
  from: isoDay.optional(),
  /** Opened on or before this China date. */
  to: isoDay.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type CaseListQuery = z.output<typeof CaseListQuery>;

export const CaseSummary = z.object({
  caseNo: z.string(),
  subItemCode: z.string(),
  subItemName: z.string().nullable(),
  orgUnit: z.string(),
  applicantKind: z.enum(['person', 'enterprise']),
  applicantName: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  createdAt: z.string(),
  acceptedAt: z.string().nullable(),
  concludedAt: z.string().nullable(),
  committedDueAt: z.string().nullable(),
  warning: z.string().nullable(),
});
export type CaseSummary = z.input<typeof CaseSummary>;

export const CaseList = z.object({ total: z.number(), limit: z.number(), offset: z.number(), items: z.array(CaseSummary) });

export const CaseDetail = CaseSummary.extend({
  applicant: z.record(z.string(), z.unknown()),
  phone: z.string(),
  creditCode: z.string().nullable(),
  idNumber: z.string().nullable(),
  delivery: z.enum(['pickup', 'mail']),
  mailAddress: z.record(z.string(), z.unknown()).nullable(),
  caseType: z.enum(['instant', 'commitment']).nullable(),
  bpmnProcessId: z.string(),
  processVersion: z.number().nullable(),
  processInstanceKey: z.string().nullable(),
  createdBy: z.string(),
  decision: z.string().nullable(),
  legalDueAt: z.string().nullable(),
  yellowAt: z.string().nullable(),
  deadlinesEstimated: z.boolean().describe('committedDueAt / legalDueAt / yellowAt 跨入尚无官方节假日安排的年份，仅按周末推算（预计），录入该年日历后以 clock 的读数为准'),
  certificateNo: z.string().nullable(),
  waybillNo: z.string().nullable(),
  publicToken: z.string(),
  materials: z.array(z.object({
    seq: z.number(),
    name: z.string(),
    fileSha256: z.string().nullable(),
    filename: z.string().nullable(),
    mediaType: z.string().nullable(),
    source: z.string(),
    reusedFrom: z.string().nullable(),
    submittedAt: z.string(),
    submittedBy: z.string().nullable(),
  })),
  /** What the clerk filled in the intake form (制式表格), with the form's key and version; null if none. */
  formData: StoredFormData.nullable(),
  clock: ClockView,
  audit: z.array(z.object({ at: z.string(), actor: z.string(), action: z.string(), reason: z.string().nullable(), detail: z.record(z.string(), z.unknown()) })),
});

interface CaseRow {
  caseNo: string;
  subItemCode: string;
  orgUnit: string;
  applicantKind: 'person' | 'enterprise';
  applicantName: string;
  status: string;
  createdAt: Date;
  acceptedAt: Date | null;
  concludedAt: Date | null;
  committedDueAt: Date | null;
  warning: string | null;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

function summary(ctx: ApiContext, r: CaseRow): CaseSummary {
  return {
    caseNo: r.caseNo,
    subItemCode: r.subItemCode,
    subItemName: ctx.dictionary().byCode.get(r.subItemCode)?.name ?? null,
    orgUnit: r.orgUnit,
    applicantKind: r.applicantKind,
    applicantName: r.applicantName,
    status: r.status,
    statusLabel: CASE_STATUS_LABELS[r.status as CaseStatus] ?? r.status,
    createdAt: r.createdAt.toISOString(),
    acceptedAt: iso(r.acceptedAt),
    concludedAt: iso(r.concludedAt),
    committedDueAt: iso(r.committedDueAt),
    warning: r.warning,
  };
}

const SUMMARY_COLUMNS = `case_no as "caseNo", sub_item_code as "subItemCode", org_unit as "orgUnit", applicant_kind as "applicantKind",
  applicant_name as "applicantName", status, created_at as "createdAt", accepted_at as "acceptedAt", concluded_at as "concludedAt",
  committed_due_at as "committedDueAt", warning`;

export async function listCases(ctx: ApiContext, staff: Staff, q: CaseListQuery): Promise<z.input<typeof CaseList>> {
  const sql = ctx.sql;
  const unit = visibleUnit(staff, q.orgUnit);
  // China dates → instants: a day starts at 00:00 in UTC+8.
  const fromAt = q.from ? new Date(startOfChinaDay(q.from)) : undefined;
  const toAt = q.to ? new Date(startOfChinaDay(addCalendarDays(q.to, 1))) : undefined;
  const where = sql`where true
    ${q.status ? sql`and status = ${q.status}` : sql``}
    ${q.subItemCode ? sql`and sub_item_code = ${q.subItemCode}` : sql``}
    ${unit ? sql`and org_unit = ${unit}` : sql``}
    ${q.creditCode ? sql`and credit_code = ${q.creditCode.normalize('NFKC').replace(/\s/g, '').toUpperCase()}` : sql``}
    ${q.idNumber ? sql`and id_number = ${q.idNumber.normalize('NFKC').replace(/\s/g, '').toUpperCase()}` : sql``}
    ${q.phone ? sql`and phone = ${normalizePhone(q.phone)}` : sql``}
    ${fromAt ? sql`and created_at >= ${fromAt}` : sql``}
    ${toAt ? sql`and created_at < ${toAt}` : sql``}`;
  const [count] = await sql<{ total: number }[]>`select count(*)::int as total from app.cases ${where}`;
  const rows = await sql<CaseRow[]>`select ${sql.unsafe(SUMMARY_COLUMNS)} from app.cases ${where}
    order by created_at desc, case_no desc limit ${q.limit} offset ${q.offset}`;
  return { total: count?.total ?? 0, limit: q.limit, offset: q.offset, items: rows.map((r) => summary(ctx, r)) };
}

interface DetailRow extends CaseRow {
  applicant: Record<string, unknown>;
  phone: string;
  creditCode: string | null;
  idNumber: string | null;
  delivery: 'pickup' | 'mail';
  mailAddress: Record<string, unknown> | null;
  bpmnProcessId: string;
  processVersion: number | null;
  processInstanceKey: string | null;
  createdBy: string;
  decision: string | null;
  legalDueAt: Date | null;
  yellowAt: Date | null;
  deadlinesEstimated: boolean;
  certificateNo: string | null;
  waybillNo: string | null;
  publicToken: string;
  formData: StoredFormData | null;
}

export async function readCase(ctx: ApiContext, staff: Staff, caseNo: string): Promise<z.input<typeof CaseDetail>> {
  const sql = ctx.sql;
  const [c] = await sql<DetailRow[]>`select ${sql.unsafe(SUMMARY_COLUMNS)}, applicant, phone, credit_code as "creditCode", id_number as "idNumber",
      delivery, mail_address as "mailAddress", bpmn_process_id as "bpmnProcessId", process_version as "processVersion",
      process_instance_key as "processInstanceKey", created_by as "createdBy", decision, legal_due_at as "legalDueAt", yellow_at as "yellowAt",
      deadlines_estimated as "deadlinesEstimated", certificate_no as "certificateNo", waybill_no as "waybillNo", public_token as "publicToken",
      form_data as "formData"
    from app.cases where case_no = ${caseNo}`;
  if (!c) throw notFound(`没有办件 ${caseNo}`);
  visibleUnit(staff, c.orgUnit);
  const subItem = ctx.dictionary().byCode.get(c.subItemCode);
  const materials = await sql<{ seq: number; name: string; fileSha256: string | null; filename: string | null; mediaType: string | null; source: string; reusedFrom: string | null; submittedAt: Date; submittedBy: string | null }[]>`
    select m.seq, m.name, m.file_sha256 as "fileSha256", m.filename, f.media_type as "mediaType", m.source, m.reused_from as "reusedFrom",
           m.submitted_at as "submittedAt", m.submitted_by as "submittedBy"
    from app.case_materials m left join app.files f on f.sha256 = m.file_sha256
    where m.case_no = ${caseNo} order by m.seq`;
  const entries = await sql<{ at: Date; actor: string; action: string; reason: string | null; detail: Record<string, unknown> }[]>`
    select at, actor, action, reason, detail from app.audit where subject_type = 'case' and subject_id = ${caseNo} order by id`;
  return {
    ...summary(ctx, c),
    applicant: c.applicant,
    phone: c.phone,
    creditCode: c.creditCode,
    idNumber: c.idNumber,
    delivery: c.delivery,
    mailAddress: c.mailAddress,
    caseType: subItem?.caseType ?? null,
    bpmnProcessId: c.bpmnProcessId,
    processVersion: c.processVersion,
    processInstanceKey: c.processInstanceKey,
    createdBy: c.createdBy,
    decision: c.decision,
    legalDueAt: iso(c.legalDueAt),
    yellowAt: iso(c.yellowAt),
    deadlinesEstimated: c.deadlinesEstimated,
    certificateNo: c.certificateNo,
    waybillNo: c.waybillNo,
    publicToken: c.publicToken,
    formData: c.formData,
    materials: materials.map((m) => ({ ...m, submittedAt: m.submittedAt.toISOString() })),
    clock: await caseClock(sql, c, subItem, ctx.now()),
    audit: entries.map((e) => ({ ...e, at: e.at.toISOString() })),
  };
}
