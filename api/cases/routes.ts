// 办件: opening a case at the seat, finding and reading cases, the supplement, and the two public
// pages — the applicant's status lookup and the QR link on the receipt (for the rating page).
import type { Router } from 'express';
import { z } from 'zod';
import { CASE_STATUS_LABELS, FINAL_STATUSES, type CaseStatus } from '../../db/app/case-status.js';
import type { Staff } from '../auth/roles.js';
import type { ApiContext } from '../context.js';
import { notFound, unauthorized } from '../http/errors.js';
import { route, type RouteRegistry } from '../http/route.js';
import { normalizePhone } from './applicant.js';
import { LOOKUP_THROTTLE, LookupThrottle } from './lookup-throttle.js';
import { OpenCaseBody, OpenedCase, openCase } from './open.js';
import { CaseDetail, CaseList, CaseListQuery, listCases, readCase } from './read.js';
import { SupplementBody, SupplementResult, supplementCase } from './supplement.js';

const CaseNoParams = z.object({ caseNo: z.string().trim().min(1).max(40) });

/** What the public sees of a case: where it stands, nothing about who applied. */
const PublicCase = z.object({
  caseNo: z.string(),
  subItemCode: z.string(),
  subItemName: z.string().nullable(),
  orgUnitName: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  /** Over (refused, concluded, withdrawn, canceled). */
  final: z.boolean(),
  createdAt: z.string(),
  acceptedAt: z.string().nullable(),
  concludedAt: z.string().nullable(),
  committedDueAt: z.string().nullable(),
});

const signedIn = (staff: Staff | undefined): Staff => {
  if (!staff) throw unauthorized();
  return staff;
};

// One answer for an unknown case and a wrong phone.
const LOOKUP_MISS = '没有找到办件：请核对办件编号和申请时预留的手机号';

export function caseRoutes(router: Router, registry: RouteRegistry, ctx: ApiContext): void {
  const throttle = new LookupThrottle();

  const publicCase = async (where: { caseNo: string; phone: string } | { token: string }): Promise<z.input<typeof PublicCase> | undefined> => {
    const sql = ctx.sql;
    const [r] = await sql<{ caseNo: string; subItemCode: string; orgUnitName: string; status: string; createdAt: Date; acceptedAt: Date | null; concludedAt: Date | null; committedDueAt: Date | null }[]>`
      select c.case_no as "caseNo", c.sub_item_code as "subItemCode", u.name as "orgUnitName", c.status, c.created_at as "createdAt",
             c.accepted_at as "acceptedAt", c.concluded_at as "concludedAt", c.committed_due_at as "committedDueAt"
      from app.cases c join app.org_units u on u.id = c.org_unit
      where ${'token' in where ? sql`c.public_token = ${where.token}` : sql`c.case_no = ${where.caseNo} and c.phone = ${where.phone}`}`;
    if (!r) return undefined;
    return {
      caseNo: r.caseNo,
      subItemCode: r.subItemCode,
      subItemName: ctx.dictionary().byCode.get(r.subItemCode)?.name ?? null,
      orgUnitName: r.orgUnitName,
      status: r.status,
      statusLabel: CASE_STATUS_LABELS[r.status as CaseStatus] ?? r.status,
      final: FINAL_STATUSES.includes(r.status as CaseStatus),
      createdAt: r.createdAt.toISOString(),
      acceptedAt: r.acceptedAt?.toISOString() ?? null,
      concludedAt: r.concludedAt?.toISOString() ?? null,
      committedDueAt: r.committedDueAt?.toISOString() ?? null,
    };
  };

  route(router, registry, ctx, {
    method: 'post',
    path: '/cases',
    tag: '办件',
    summary: '收件：登记办件并启动办理流程',
    description:
      '按受理事典校验子项、申请人（统一社会信用代码、居民身份证号校验位）、材料名称和送达方式；县镇同权：镇街分中心只能受理下沉事项。' +
      '办件编号为 <机构前缀><yyyymmdd><当日序号>。办件与流程实例在同一事务中创建：流程启动失败则办件不创建。',
    access: ['clerk'],
    status: 201,
    body: OpenCaseBody,
    response: OpenedCase,
    handler: ({ body, ctx, staff }) => openCase(ctx, signedIn(staff), body),
  });

  route(router, registry, ctx, {
    method: 'get',
    path: '/cases',
    tag: '办件',
    summary: '办件查询',
    description: '按状态、子项、机构、申请人统一社会信用代码/身份证号/手机号、收件日期（中国时间，含首尾）筛选，分页。镇街分中心人员只能看到本中心的办件。',
    access: 'staff',
    query: CaseListQuery,
    response: CaseList,
    handler: ({ query, ctx, staff }) => listCases(ctx, signedIn(staff), query),
  });

  route(router, registry, ctx, {
    method: 'get',
    path: '/cases/:caseNo',
    tag: '办件',
    summary: '办件详情（材料、法定时限台账、操作记录）',
    access: 'staff',
    params: CaseNoParams,
    response: CaseDetail,
    handler: ({ params, ctx, staff }) => readCase(ctx, signedIn(staff), params.caseNo),
  });

  route(router, registry, ctx, {
    method: 'post',
    path: '/cases/:caseNo/supplement',
    tag: '办件',
    summary: '补正：登记补交的材料并通知流程',
    description: '只有“待补正”或“中止计时”的办件可以补正。发布消息 supplement-received（关联键为办件编号），携带更新后的全部材料 materials。',
    access: ['clerk'],
    params: CaseNoParams,
    body: SupplementBody,
    response: SupplementResult,
    handler: ({ params, body, ctx, staff }) => supplementCase(ctx, signedIn(staff), params.caseNo, body),
  });

  route(router, registry, ctx, {
    method: 'get',
    path: '/public/cases/lookup',
    tag: '办件（公众）',
    summary: '办件进度查询（办件编号 + 预留手机号）',
    description: `办件编号不存在与手机号不符的回答相同（404），防止猜测编号。同一地址 ${String(LOOKUP_THROTTLE.windowMinutes)} 分钟内查询失败 ${String(LOOKUP_THROTTLE.missesPerAddress)} 次后暂停查询（429，Retry-After）。`,
    access: 'public',
    query: z.object({ caseNo: z.string().trim().min(1, '请输入办件编号').max(40), phone: z.string().trim().min(1, '请输入手机号').max(30) }),
    response: PublicCase,
    async handler({ query, ctx, req, res }) {
      const address = req.ip ?? 'unknown';
      throttle.check(address, ctx.now());
      res.set('Cache-Control', 'no-store');
      const found = await publicCase({ caseNo: query.caseNo.toUpperCase(), phone: normalizePhone(query.phone) });
      if (!found) {
        throttle.miss(address, ctx.now());
        throw notFound(LOOKUP_MISS);
      }
      return found;
    },
  });

  route(router, registry, ctx, {
    method: 'get',
    path: '/public/cases/by-token/:token',
    tag: '办件（公众）',
    summary: '扫办件二维码：办件编号、事项和状态（评价页用）',
    access: 'public',
    params: z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, '二维码链接不完整') }),
    response: PublicCase,
    async handler({ params, ctx, res }) {
      res.set('Cache-Control', 'no-store');
      const found = await publicCase({ token: params.token });
      if (!found) throw notFound('二维码链接无效或已失效');
      return found;
    },
  });
}
