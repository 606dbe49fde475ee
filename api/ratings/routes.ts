// 好差评 endpoints: rating at the seat (即时评), on the case's public QR link (扫码评), on an
// anonymous card (卡片评); the supervisor's lists, staff scores, default ratings and settings.
import type { Router } from 'express';
import { z } from 'zod';
import { isIsoDate } from '../../workers/rules/calendar/index.js';
import { audit } from '../audit.js';
import type { ApiContext } from '../context.js';
import { badRequest, conflict, forbidden, notFound } from '../http/errors.js';
import { route, type RouteRegistry } from '../http/route.js';
import { cardBody, rateCard } from './card.js';
import { applyDefaultRatings } from './defaults.js';
import { checkRating, RatingChoices, ratingChoices, ratingFields } from './levels.js';
import { caseByNo, caseByToken, CaseForRating, caseForRating, rateCase } from './rate-case.js';
import { startRectification } from './rectification.js';
import { staffScores, StaffScores } from './scores.js';
import { ratingSettings, ratingSettingsSchema, saveRatingSettings } from './settings.js';
import { findRating, ratingColumns, RatingView, ratingView, type RatingRow } from './store.js';

const TAG = '好差评';
const caseNo = z.string().trim().min(1, '请提供办件编号').max(64);
const token = z.string().regex(/^[A-Za-z0-9_-]{8,128}$/, '评价链接无效');
const isoDate = z.string().refine(isIsoDate, '应为日期 YYYY-MM-DD');
const seat = z.string().trim().min(1).max(20, '窗口号不超过 20 字');
/** Who works the 评价器 at a seat: the acceptance clerk, or the issuing clerk when the result is handed out. */
const WINDOW_ROLES = ['clerk', 'issuer'] as const;

const PublicRatingPage = z.object({ case: CaseForRating, choices: RatingChoices });

export function ratingRoutes(router: Router, registry: RouteRegistry, ctx: ApiContext): void {
  // ---------------------------------------------------------------- 即时评 (评价器 at the seat)
  route(router, registry, ctx, {
    method: 'get',
    path: '/ratings/window/:caseNo',
    tag: TAG,
    summary: '窗口评价器：显示办件的评价页',
    description: '办结后由窗口工作人员发起，评价器显示等级和差评问题类别；办件须属于工作人员所在大厅。',
    access: WINDOW_ROLES,
    params: z.object({ caseNo }),
    response: PublicRatingPage,
    async handler({ params, ctx, staff }) {
      const c = await caseByNo(ctx.sql, params.caseNo);
      if (staff && c.orgUnit !== staff.orgUnit) throw forbidden(`办件 ${c.caseNo} 不属于本大厅，不能在这里的评价器上评价`);
      return { case: await caseForRating(ctx, c), choices: ratingChoices };
    },
  });

  route(router, registry, ctx, {
    method: 'post',
    path: '/ratings/window',
    tag: TAG,
    summary: '即时评：办事人在窗口评价器上评价',
    description: '评价器由工作人员会话驱动（办事人无需登录），办件编号来自工作人员当前办结的办件。一事一评；1–2 分须选择问题类别，并启动差评整改流程。',
    access: WINDOW_ROLES,
    status: 201,
    body: z.object({ caseNo, seat: seat.optional(), ...ratingFields }).superRefine(checkRating),
    response: RatingView,
    async handler({ body, ctx, staff }) {
      const c = await caseByNo(ctx.sql, body.caseNo);
      if (staff && c.orgUnit !== staff.orgUnit) throw forbidden(`办件 ${c.caseNo} 不属于本大厅，不能在这里的评价器上评价`);
      return rateCase(ctx, c, { channel: 'window', input: body, seat: body.seat, enteredBy: staff?.username });
    },
  });

  // ---------------------------------------------------------------- 卡片评 (anonymous card): before /public/ratings/:token, which would take 'card' for a token
  route(router, registry, ctx, {
    method: 'post',
    path: '/public/ratings/card',
    tag: TAG,
    summary: '卡片评：匿名评价（不关联办件）',
    description: '注明大厅或分中心，可注明窗口和工作人员。差评同样启动整改流程，但无人可反馈（rater 为 null）。同一网络地址每小时最多 30 份（429）。',
    access: 'public',
    status: 201,
    body: cardBody,
    response: RatingView,
    async handler({ body, ctx, req }) {
      return rateCard(ctx, body, { ip: req.ip ?? 'unknown' });
    },
  });

  route(router, registry, ctx, {
    method: 'post',
    path: '/ratings/card',
    tag: TAG,
    summary: '录入纸质评价卡',
    description: '督办把评价箱中的纸质卡片录入系统；录入人记入审计。',
    access: ['supervisor'],
    status: 201,
    body: cardBody,
    response: RatingView,
    async handler({ body, ctx, staff }) {
      if (!staff) throw forbidden('请先登录');
      return rateCard(ctx, body, { enteredBy: staff.username });
    },
  });

  // ---------------------------------------------------------------- 扫码评 (the case's public link)
  route(router, registry, ctx, {
    method: 'get',
    path: '/public/ratings/:token',
    tag: TAG,
    summary: '扫码评：查看可评价的办件',
    description: '二维码中的链接对应办件的 public_token；不显示申请人信息。',
    access: 'public',
    params: z.object({ token }),
    response: PublicRatingPage,
    async handler({ params, ctx }) {
      return { case: await caseForRating(ctx, await caseByToken(ctx.sql, params.token)), choices: ratingChoices };
    },
  });

  route(router, registry, ctx, {
    method: 'post',
    path: '/public/ratings/:token',
    tag: TAG,
    summary: '扫码评：评价办件',
    description: '一事一评；1–2 分须选择问题类别，并启动差评整改流程。',
    access: 'public',
    status: 201,
    params: z.object({ token }),
    body: z.object(ratingFields).superRefine(checkRating),
    response: RatingView,
    async handler({ params, body, ctx }) {
      const view = await rateCase(ctx, await caseByToken(ctx.sql, params.token), { channel: 'qr', input: body });
      // The public answer leaves out who rated (the rater's identity is protected, domain.md §2).
      return { ...view, rater: null };
    },
  });

  // ---------------------------------------------------------------- supervisors
  route(router, registry, ctx, {
    method: 'get',
    path: '/ratings',
    tag: TAG,
    summary: '评价列表（督办）',
    access: ['supervisor'],
    query: z.object({
      channel: z.enum(['window', 'qr', 'card', 'default']).optional(),
      score: z.coerce.number().int().min(1).max(5).optional(),
      bad: z.enum(['true', 'false']).optional().describe('true：只看差评；false：只看非差评'),
      defaulted: z.enum(['true', 'false']).optional(),
      orgUnit: z.string().optional(),
      staff: z.string().optional(),
      caseNo: z.string().optional(),
      from: isoDate.optional().describe('评价日期起（含）'),
      to: isoDate.optional().describe('评价日期止（含）'),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      offset: z.coerce.number().int().min(0).default(0),
    }),
    response: z.object({ total: z.number(), items: z.array(RatingView) }),
    async handler({ query, ctx }) {
      const sql = ctx.sql;
      const where = sql`where true
        ${query.channel ? sql`and r.channel = ${query.channel}` : sql``}
        ${query.score !== undefined ? sql`and r.score = ${query.score}` : sql``}
        ${query.bad === 'true' ? sql`and r.score <= 2` : query.bad === 'false' ? sql`and r.score > 2` : sql``}
        ${query.defaulted === 'true' ? sql`and r.channel = 'default'` : query.defaulted === 'false' ? sql`and r.channel <> 'default'` : sql``}
        ${query.orgUnit ? sql`and r.org_unit = ${query.orgUnit}` : sql``}
        ${query.staff ? sql`and r.staff_username = ${query.staff}` : sql``}
        ${query.caseNo ? sql`and r.case_no = ${query.caseNo}` : sql``}
        ${query.from ? sql`and (r.rated_at at time zone 'Asia/Shanghai')::date >= ${query.from}::date` : sql``}
        ${query.to ? sql`and (r.rated_at at time zone 'Asia/Shanghai')::date <= ${query.to}::date` : sql``}`;
      const [count] = await sql<{ total: number }[]>`select count(*)::int as total from app.ratings r ${where}`;
      const rows = await sql<RatingRow[]>`
        select ${ratingColumns(sql)} from app.ratings r left join app.staff s on s.username = r.staff_username
        ${where} order by r.rated_at desc, r.id desc limit ${query.limit} offset ${query.offset}`;
      return { total: count?.total ?? 0, items: rows.map(ratingView) };
    },
  });

  route(router, registry, ctx, {
    method: 'get',
    path: '/ratings/staff-scores',
    tag: TAG,
    summary: '工作人员和大厅的评价得分',
    description: '每人、每个大厅：评价数、平均分、好评率（含默认评价）、主动评价好评率（不含默认评价）、差评数。',
    access: ['supervisor'],
    query: z.object({ from: isoDate.optional(), to: isoDate.optional(), orgUnit: z.string().optional() }),
    response: StaffScores,
    async handler({ query, ctx }) {
      if (query.from && query.to && query.from > query.to) throw badRequest('query.to: 截止日期早于起始日期', [{ path: 'query.to', message: '截止日期早于起始日期' }]);
      return staffScores(ctx.sql, query);
    },
  });

  route(router, registry, ctx, {
    method: 'post',
    path: '/ratings/apply-defaults',
    tag: TAG,
    summary: '逾期未评的办结件默认“基本满意”',
    description: '办结满设定天数（默认 7 天）仍无评价的办件记为默认评价（3 分，channel = default），不计入主动评价好评率。重复执行不会重复记评。',
    access: ['supervisor'],
    response: z.object({ applied: z.number(), caseNos: z.array(z.string()), concludedBefore: z.string() }),
    async handler({ ctx, staff }) {
      const settings = await ratingSettings(ctx.sql);
      const now = ctx.now();
      const result = await applyDefaultRatings(ctx.sql, now, settings.defaultAfterDays);
      await audit(ctx.sql, { actor: staff?.username ?? '?', action: 'rating.apply-defaults', subjectType: 'ratings', subjectId: 'defaults', detail: { applied: result.caseNos.length, afterDays: settings.defaultAfterDays } }, now);
      return { applied: result.caseNos.length, caseNos: [...result.caseNos], concludedBefore: result.concludedBefore.toISOString() };
    },
  });

  route(router, registry, ctx, {
    method: 'get',
    path: '/ratings/settings',
    tag: TAG,
    summary: '好差评的本地时限设置',
    access: ['supervisor', 'admin'],
    response: ratingSettingsSchema,
    async handler({ ctx }) {
      return ratingSettings(ctx.sql);
    },
  });

  route(router, registry, ctx, {
    method: 'put',
    path: '/ratings/settings',
    tag: TAG,
    summary: '修改好差评的本地时限',
    description: '核实、整改的工作日数只影响此后启动的整改流程。',
    access: ['supervisor', 'admin'],
    body: ratingSettingsSchema.extend({ reason: z.string().trim().min(2, '请说明修改原因').max(200) }),
    response: ratingSettingsSchema,
    async handler({ body, ctx, staff }) {
      const { reason, ...settings } = body;
      await ctx.sql.begin(async (tx) => {
        await saveRatingSettings(tx, settings);
        await audit(tx, { actor: staff?.username ?? '?', action: 'rating.settings', subjectType: 'settings', subjectId: 'ratings', reason, detail: settings }, ctx.now());
      });
      return settings;
    },
  });

  route(router, registry, ctx, {
    method: 'get',
    path: '/ratings/:id',
    tag: TAG,
    summary: '一条评价及其差评整改进度',
    access: ['supervisor'],
    params: z.object({ id: z.string().regex(/^\d{1,18}$/, '评价编号应为数字') }),
    response: RatingView,
    async handler({ params, ctx }) {
      const row = await findRating(ctx.sql, params.id);
      if (!row) throw notFound(`没有评价 ${params.id}`);
      return ratingView(row);
    },
  });

  route(router, registry, ctx, {
    method: 'post',
    path: '/ratings/:id/rectification',
    tag: TAG,
    summary: '重新启动未能启动的差评整改流程',
    access: ['supervisor'],
    params: z.object({ id: z.string().regex(/^\d{1,18}$/, '评价编号应为数字') }),
    response: RatingView,
    async handler({ params, ctx, staff }) {
      const row = await findRating(ctx.sql, params.id);
      if (!row) throw notFound(`没有评价 ${params.id}`);
      if (row.score > 2) throw conflict(`评价 ${params.id} 不是差评，无需整改`);
      if (row.rectificationKey !== null) throw conflict(`评价 ${params.id} 的整改流程已启动（${row.rectificationKey}）`);
      const result = await startRectification(ctx, params.id);
      await audit(ctx.sql, { actor: staff?.username ?? '?', action: 'rating.rectification-restart', subjectType: 'rating', subjectId: params.id, detail: { ...result } }, ctx.now());
      const after = await findRating(ctx.sql, params.id);
      if (!after) throw notFound(`没有评价 ${params.id}`);
      return ratingView(after);
    },
  });
}
