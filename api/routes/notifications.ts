// What the job workers sent and issued, for staff (workers/: notify, rating invitation, notices,
// certificates, mail delivery): the outbox (SMS to applicants, messages to staff groups — the
// staff inbox), the printable notices and certificates, and a case's documents at a glance.
import type { Router } from 'express';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { forbidden, notFound } from '../http/errors.js';
import { RAW, route, type RouteRegistry } from '../http/route.js';
import { NOTICE_TITLES } from '../../workers/documents/notice.js';

/** Instants leave as ISO 8601 strings (UTC). */
const instant = z.iso.datetime();
const iso = (d: Date): string => d.toISOString();
const isoOrNull = (d: Date | null): string | null => (d === null ? null : d.toISOString());

const OUTBOX_STATUSES = ['pending', 'sent', 'failed', 'delivered', 'undeliverable'] as const;

const Message = z.object({
  id: z.string(),
  template: z.string(),
  channel: z.enum(['sms', 'staff-group']),
  recipient: z.string().nullable(),
  recipientName: z.string().nullable(),
  body: z.string(),
  caseNo: z.string().nullable(),
  status: z.enum(OUTBOX_STATUSES),
  error: z.string().nullable(),
  createdAt: instant,
  sentAt: instant.nullable(),
});

const NoticeEntry = z.object({
  noticeNo: z.string(),
  kind: z.enum(['one-time', 'supplement', 'refusal']),
  title: z.string(),
  missingMaterials: z.array(z.string()),
  reason: z.string().nullable(),
  supplementDeadline: instant.nullable(),
  issuedAt: instant,
});
const CertificateEntry = z.object({ certificateNo: z.string(), name: z.string(), issuedAt: instant, validUntil: z.iso.date().nullable() });
const WaybillEntry = z.object({
  waybillNo: z.string(),
  certificateNo: z.string().nullable(),
  status: z.string(),
  createdAt: instant,
  events: z.array(z.object({ status: z.string(), at: instant, note: z.string().nullable() })),
});

const NOTICE_NO = /^(GZ|BZ|BY)-\d{4}-\d{6}$/;
const CERTIFICATE_NO = /^ZZ-\d{4}-\d{2}-\d{6}$/;

/** Sees every group's messages: who supervises the hall. */
const SEES_ALL_GROUPS = ['supervisor', 'admin'] as const;

export function notificationRoutes(router: Router, registry: RouteRegistry, ctx: ApiContext): void {
  route(router, registry, ctx, {
    method: 'get',
    path: '/notifications',
    tag: '通知与文书',
    summary: '发出的消息（短信、工作组消息），新的在前',
    description:
      '`mine=true`: only the messages to the groups you belong to (your inbox). `group`: one group\'s messages — one of yours, unless you are a supervisor or admin. ' +
      'Page with `before` (the last id you got).',
    access: 'staff',
    query: z.object({
      caseNo: z.string().min(1).optional(),
      group: z.string().min(1).optional(),
      mine: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
      status: z.enum(OUTBOX_STATUSES).optional(),
      channel: z.enum(['sms', 'staff-group']).optional(),
      before: z.coerce.number().int().positive().optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
    response: z.object({ items: z.array(Message) }),
    async handler({ query, staff, ctx }) {
      const me = staff;
      if (!me) throw forbidden('请先登录');
      if (query.group && !me.groups.includes(query.group) && !SEES_ALL_GROUPS.some((r) => me.roles.includes(r))) {
        throw forbidden(`query.group: 您不属于工作组 ${query.group}`);
      }
      const sql = ctx.sql;
      const groups = query.group ? [query.group] : query.mine ? [...me.groups] : null;
      type Row = Omit<z.infer<typeof Message>, 'createdAt' | 'sentAt'> & { createdAt: Date; sentAt: Date | null };
      const rows = await sql<Row[]>`
        select id::text as id, template, channel, recipient, recipient_name as "recipientName", body, case_no as "caseNo",
               status, error, created_at as "createdAt", sent_at as "sentAt"
        from app.outbox
        where true
          ${query.caseNo ? sql`and case_no = ${query.caseNo}` : sql``}
          ${groups ? sql`and channel = 'staff-group' and recipient = any(${groups})` : sql``}
          ${query.status ? sql`and status = ${query.status}` : sql``}
          ${query.channel ? sql`and channel = ${query.channel}` : sql``}
          ${query.before ? sql`and id < ${query.before}` : sql``}
        order by id desc
        limit ${query.limit}`;
      return { items: rows.map((r) => ({ ...r, createdAt: iso(r.createdAt), sentAt: isoOrNull(r.sentAt) })) };
    },
  });

  route(router, registry, ctx, {
    method: 'get',
    path: '/notices/:noticeNo',
    tag: '通知与文书',
    summary: '通知书（一次性告知书、补正材料通知书、不予受理通知书），可打印的 HTML',
    access: 'staff',
    params: z.object({ noticeNo: z.string().regex(NOTICE_NO, '通知书编号形如 GZ-2026-000001（GZ 告知、BZ 补正、BY 不予受理）') }),
    produces: 'text/html',
    async handler({ params, ctx, res }) {
      const [row] = await ctx.sql<{ html: string }[]>`select html from app.notices where notice_no = ${params.noticeNo}`;
      if (!row) throw notFound(`没有通知书 ${params.noticeNo}`);
      res.type('html').send(row.html);
      return RAW;
    },
  });

  route(router, registry, ctx, {
    method: 'get',
    path: '/certificates/:certificateNo',
    tag: '通知与文书',
    summary: '证照，可打印的 HTML',
    access: 'staff',
    params: z.object({ certificateNo: z.string().regex(CERTIFICATE_NO, '证照编号形如 ZZ-2026-01-000001') }),
    produces: 'text/html',
    async handler({ params, ctx, res }) {
      const [row] = await ctx.sql<{ html: string }[]>`select html from app.certificates where certificate_no = ${params.certificateNo}`;
      if (!row) throw notFound(`没有证照 ${params.certificateNo}`);
      res.type('html').send(row.html);
      return RAW;
    },
  });

  route(router, registry, ctx, {
    method: 'get',
    path: '/cases/:caseNo/documents',
    tag: '通知与文书',
    summary: '办件的通知书、证照和邮寄运单',
    access: 'staff',
    params: z.object({ caseNo: z.string().min(1) }),
    response: z.object({ notices: z.array(NoticeEntry), certificates: z.array(CertificateEntry), waybills: z.array(WaybillEntry) }),
    async handler({ params, ctx }) {
      const sql = ctx.sql;
      const caseNo = params.caseNo;
      const notices = await sql<(Omit<z.infer<typeof NoticeEntry>, 'title' | 'issuedAt' | 'supplementDeadline'> & { issuedAt: Date; supplementDeadline: Date | null })[]>`
        select notice_no as "noticeNo", kind, missing_materials as "missingMaterials", reason,
               supplement_deadline as "supplementDeadline", issued_at as "issuedAt"
        from app.notices where case_no = ${caseNo} order by issued_at, notice_no`;
      const certificates = await sql<(Omit<z.infer<typeof CertificateEntry>, 'issuedAt'> & { issuedAt: Date })[]>`
        select certificate_no as "certificateNo", name, issued_at as "issuedAt", to_char(valid_until, 'YYYY-MM-DD') as "validUntil"
        from app.certificates where case_no = ${caseNo} order by issued_at`;
      const waybills = await sql<(Omit<z.infer<typeof WaybillEntry>, 'events' | 'createdAt'> & { createdAt: Date })[]>`
        select waybill_no as "waybillNo", certificate_no as "certificateNo", status, created_at as "createdAt"
        from app.waybills where case_no = ${caseNo} order by created_at`;
      const events = await sql<{ waybillNo: string; status: string; at: Date; note: string | null }[]>`
        select e.waybill_no as "waybillNo", e.status, e.at, e.note from app.waybill_events e
        join app.waybills w on w.waybill_no = e.waybill_no where w.case_no = ${caseNo} order by e.waybill_no, e.seq`;
      if (notices.length + certificates.length + waybills.length === 0) {
        const [exists] = await sql`select 1 from app.cases where case_no = ${caseNo}`;
        if (!exists) throw notFound(`没有办件 ${caseNo}`);
      }
      return {
        notices: notices.map((n) => ({ ...n, title: NOTICE_TITLES[n.kind], issuedAt: iso(n.issuedAt), supplementDeadline: isoOrNull(n.supplementDeadline) })),
        certificates: certificates.map((c) => ({ ...c, issuedAt: iso(c.issuedAt) })),
        waybills: waybills.map((w) => ({
          ...w,
          createdAt: iso(w.createdAt),
          events: events.filter((e) => e.waybillNo === w.waybillNo).map(({ status, at, note }) => ({ status, at: iso(at), note })),
        })),
      };
    },
  });
}
