// 办不成事反映窗口 endpoints: filing (a citizen on a phone, or staff at the window on someone's
// behalf), the complaint desk's list and detail, the complainant's lookup, the tier → resolve-by
// date the 分类转办 form needs, and the closure figures ("100% closure tracked").
// The flow's user tasks (分类转办, 限期办理, 满意度核查) are worked in the task inbox.
import type { Router } from 'express';
import { z } from 'zod';
import { isIsoDate } from '../../workers/rules/calendar/index.js';
import { audit } from '../audit.js';
import type { Staff } from '../auth/roles.js';
import type { ApiContext } from '../context.js';
import { badRequest, conflict, forbidden, notFound } from '../http/errors.js';
import { route, type RouteRegistry } from '../http/route.js';
import { complaintBody, fileComplaint, startComplaintFlow } from './file.js';
import { COMPLAINT_TIER_LABELS, complaintResolveDueAt, complaintTier } from './resolve-due.js';
import { complaintColumns, complaintSteps, ComplaintView, complaintView, PublicComplaintView, publicComplaintView, type ComplaintRow } from './store.js';

const TAG = '办不成事反映';
const complaintNo = z.string().regex(/^FY\d{12}$/, '反映编号应为 FY 加 12 位数字');
const isoDate = z.string().refine(isIsoDate, '应为日期 YYYY-MM-DD');
const Filed = z.object({ complaintNo: z.string(), processInstanceKey: z.string().nullable(), flowError: z.string().nullable() });

/** The complaint desk: 督办, or staff of the 办不成事反映窗口 group. */
function assertComplaintDesk(staff: Staff | undefined): void {
  if (staff && (staff.roles.includes('supervisor') || staff.groups.includes('complaint-window'))) return;
  throw forbidden('只有办不成事反映窗口和督办可以查看反映件');
}

async function loadComplaint(ctx: ApiContext, no: string): Promise<ComplaintView | undefined> {
  const [row] = await ctx.sql<ComplaintRow[]>`select ${complaintColumns(ctx.sql)} from app.complaints c where c.complaint_no = ${no}`;
  if (!row) return undefined;
  return complaintView(row, await complaintSteps(ctx.sql, no), ctx.now());
}

export function complaintRoutes(router: Router, registry: RouteRegistry, ctx: ApiContext): void {
  route(router, registry, ctx, {
    method: 'post',
    path: '/public/complaints',
    tag: TAG,
    summary: '办事群众反映“办不成的事”',
    description: '在手机上填写姓名、电话、相关办件编号（如有）和问题描述，得到反映编号。涉法涉诉、信访和民事纠纷请走相应渠道。同一网络地址每小时最多 10 份（429）。',
    access: 'public',
    status: 201,
    body: complaintBody,
    response: Filed,
    async handler({ body, ctx, req }) {
      return fileComplaint(ctx, body, { ip: req.ip ?? 'unknown' });
    },
  });

  route(router, registry, ctx, {
    method: 'post',
    path: '/complaints',
    tag: TAG,
    summary: '窗口代为登记反映',
    access: 'staff',
    status: 201,
    body: complaintBody,
    response: Filed,
    async handler({ body, ctx, staff }) {
      if (!staff) throw forbidden('请先登录');
      return fileComplaint(ctx, body, { filedBy: staff.username });
    },
  });

  route(router, registry, ctx, {
    method: 'get',
    path: '/public/complaints/lookup',
    tag: TAG,
    summary: '反映人查询办理进度',
    description: '凭反映编号和登记时的电话查询；两者不符时与编号不存在的回答相同。',
    access: 'public',
    query: z.object({ no: complaintNo, phone: z.string().trim().min(1, '请填写登记时的电话') }),
    response: PublicComplaintView,
    async handler({ query, ctx }) {
      const view = await loadComplaint(ctx, query.no);
      if (!view || view.complainant.phone.replaceAll('-', '') !== query.phone.replaceAll('-', '')) {
        throw notFound('没有找到该反映，请核对反映编号和电话');
      }
      return publicComplaintView(view);
    },
  });

  route(router, registry, ctx, {
    method: 'get',
    path: '/complaints/due-date',
    tag: TAG,
    summary: '分类转办：办理时限档次对应的办理期限',
    description: '即办 = 当日下班前（当日已下班或非工作日则顺延至下一工作日）；5 / 10 个工作日从次日起算。分类转办任务以此完成 resolveDueAt。',
    access: 'staff',
    query: z.object({ tier: complaintTier }),
    response: z.object({ tier: z.string(), label: z.string(), resolveDueAt: z.string(), estimated: z.boolean().describe('日历缺少该年节假日数据，仅按周末推算') }),
    async handler({ query, ctx, staff }) {
      assertComplaintDesk(staff);
      const due = await complaintResolveDueAt(ctx.sql, query.tier, ctx.now());
      return { tier: due.tier, label: COMPLAINT_TIER_LABELS[due.tier], resolveDueAt: due.resolveDueAt, estimated: due.estimated };
    },
  });

  route(router, registry, ctx, {
    method: 'get',
    path: '/complaints/closure',
    tag: TAG,
    summary: '反映件办结情况（100% 办结跟踪）',
    description: '期间内登记的反映：登记数、已办结（反映人满意、办结备案）、未办结、其中超期、办结率。',
    access: 'staff',
    query: z.object({ from: isoDate.optional(), to: isoDate.optional() }),
    response: z.object({
      from: z.string().nullable(),
      to: z.string().nullable(),
      filed: z.number(),
      closed: z.number(),
      open: z.number(),
      overdue: z.number(),
      closureRate: z.number().nullable(),
    }),
    async handler({ query, ctx, staff }) {
      assertComplaintDesk(staff);
      if (query.from && query.to && query.from > query.to) throw badRequest('query.to: 截止日期早于起始日期', [{ path: 'query.to', message: '截止日期早于起始日期' }]);
      const sql = ctx.sql;
      const now = ctx.now();
      const [row] = await sql<{ filed: number; closed: number; open: number; overdue: number }[]>`
        select count(*)::int as filed,
               count(*) filter (where closed_at is not null)::int as closed,
               count(*) filter (where closed_at is null)::int as open,
               count(*) filter (where closed_at is null and resolve_due_at < ${now})::int as overdue
        from app.complaints
        where true
          ${query.from ? sql`and (filed_at at time zone 'Asia/Shanghai')::date >= ${query.from}::date` : sql``}
          ${query.to ? sql`and (filed_at at time zone 'Asia/Shanghai')::date <= ${query.to}::date` : sql``}`;
      const filed = row?.filed ?? 0;
      const closed = row?.closed ?? 0;
      return {
        from: query.from ?? null,
        to: query.to ?? null,
        filed,
        closed,
        open: row?.open ?? 0,
        overdue: row?.overdue ?? 0,
        closureRate: filed === 0 ? null : Number((closed / filed).toFixed(4)),
      };
    },
  });

  route(router, registry, ctx, {
    method: 'get',
    path: '/complaints',
    tag: TAG,
    summary: '反映件列表',
    access: 'staff',
    query: z.object({
      state: z.enum(['open', 'closed', 'overdue']).optional().describe('open 未办结；closed 已办结；overdue 未办结且已超期'),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      offset: z.coerce.number().int().min(0).default(0),
    }),
    response: z.object({ total: z.number(), items: z.array(ComplaintView.omit({ steps: true })) }),
    async handler({ query, ctx, staff }) {
      assertComplaintDesk(staff);
      const sql = ctx.sql;
      const now = ctx.now();
      const where =
        query.state === 'open' ? sql`where c.closed_at is null`
        : query.state === 'closed' ? sql`where c.closed_at is not null`
        : query.state === 'overdue' ? sql`where c.closed_at is null and c.resolve_due_at < ${now}`
        : sql``;
      const [count] = await sql<{ total: number }[]>`select count(*)::int as total from app.complaints c ${where}`;
      const rows = await sql<ComplaintRow[]>`select ${complaintColumns(sql)} from app.complaints c ${where}
        order by c.filed_at desc, c.complaint_no desc limit ${query.limit} offset ${query.offset}`;
      return {
        total: count?.total ?? 0,
        items: rows.map((r) => {
          const { steps: _steps, ...rest } = complaintView(r, [], now);
          return rest;
        }),
      };
    },
  });

  route(router, registry, ctx, {
    method: 'get',
    path: '/complaints/:no',
    tag: TAG,
    summary: '一件反映及其办理进度',
    access: 'staff',
    params: z.object({ no: complaintNo }),
    response: ComplaintView,
    async handler({ params, ctx, staff }) {
      assertComplaintDesk(staff);
      const view = await loadComplaint(ctx, params.no);
      if (!view) throw notFound(`没有反映 ${params.no}`);
      return view;
    },
  });

  route(router, registry, ctx, {
    method: 'post',
    path: '/complaints/:no/start-flow',
    tag: TAG,
    summary: '重新启动未能启动的反映办理流程',
    access: ['supervisor'],
    params: z.object({ no: complaintNo }),
    response: Filed,
    async handler({ params, ctx, staff }) {
      const view = await loadComplaint(ctx, params.no);
      if (!view) throw notFound(`没有反映 ${params.no}`);
      if (view.processInstanceKey !== null) throw conflict(`反映 ${params.no} 的办理流程已启动（${view.processInstanceKey}）`);
      const result = await startComplaintFlow(ctx, params.no);
      await audit(ctx.sql, { actor: staff?.username ?? '?', action: 'complaint.flow-restart', subjectType: 'complaint', subjectId: params.no, detail: { ...result } }, ctx.now());
      return result;
    },
  });
}
