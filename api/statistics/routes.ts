// 统计: the hall's figures for a period, for supervisors (督办/科长). Formulas: figures.ts.
import type { Router } from 'express';
import { z } from 'zod';
import { chinaDateOf, isIsoDate } from '../../workers/rules/calendar/iso-date.js';
import type { ApiContext } from '../context.js';
import { visibleUnit } from '../auth/visible-unit.js';
import { badRequest, unauthorized } from '../http/errors.js';
import { route, type RouteRegistry } from '../http/route.js';
import { hallFigures } from './figures.js';

const date = z.string().refine(isIsoDate, '应为日期 YYYY-MM-DD');
const Ratio = z.object({ value: z.number().nullable(), numerator: z.number(), denominator: z.number(), note: z.string().nullable() });

const DESCRIPTION = `统计期间：办件创建日期（北京时间）在 from 至 to（含）之间，可按 orgUnit 限定单位；默认为 to（默认今天）所在月的 1 日至 to。
每个比率为 {value, numerator, denominator, note}，分母为 0 或数据不存在时 value 为 null，note 说明原因。
- cases：期间新建办件数；byUnit / byVolume / bySubItem：按单位、事典分册、业务办理项分组的件数。
- concluded：其中已办结（status=concluded）的件数。
- onTimeRate 按时办结率 = 办结时间 ≤ 承诺办结时间（committed_due_at）的办结件 ÷ 有承诺办结时间的办结件（即办件无承诺时间，不计入）。
- averageWorkingDaysToConclude 平均办结工作日 = 各办结件自受理日次日起至办结日的工作日数（按节假日日历，当日办结为 0）的平均值。
- instantShare 即办件占比 = 即办件（事典 caseType=instant）÷ 办件数。
- ratingRate 评价率 = 有主动评价（默认好评除外）的办结件 ÷ 办结件（即 1 − 未评价率）。
- goodRatingRate 好评率 = 评分 ≥ 4（非常满意、满意）的评价 ÷ 全部评价（含默认“基本满意”）。评价指期间办件的评价，加上期间内（按评价时间）本单位的卡片评价。
- rectificationClosureRate 差评整改办结率 = 已回访确认、整改办结的差评 ÷ 全部差评（评分 ≤ 2，范围同上；整改流程未能启动的也计入分母）。
- complaintClosureRate “办不成事”反映办结率 = 期间登记且已办结备案的反映 ÷ 期间登记的反映；按单位统计时只计入注明了该单位办件编号的反映。
- townShare 镇街办件占比 = 镇街分中心受理的办件 ÷ 办件数。`;

export function statisticsRoutes(router: Router, registry: RouteRegistry, ctx: ApiContext): void {
  route(router, registry, ctx, {
    method: 'get',
    path: '/statistics',
    tag: '统计',
    summary: '办件统计：分单位、分册、事项的件数，按时办结率、平均办结工作日、即办件占比、好差评、整改与反映办结、镇街占比',
    description: DESCRIPTION,
    access: ['supervisor'],
    query: z.object({ from: date.optional(), to: date.optional(), orgUnit: z.string().min(1).optional() }),
    response: z.object({
      from: z.string(),
      to: z.string(),
      orgUnit: z.string().nullable(),
      cases: z.number(),
      byUnit: z.array(z.object({ orgUnit: z.string(), name: z.string(), level: z.string(), cases: z.number() })),
      byVolume: z.array(z.object({ volume: z.string(), name: z.string(), cases: z.number() })),
      bySubItem: z.array(z.object({ subItemCode: z.string(), name: z.string().nullable(), cases: z.number() })),
      concluded: z.number(),
      onTimeRate: Ratio,
      averageWorkingDaysToConclude: z.object({ value: z.number().nullable(), cases: z.number() }),
      instantShare: Ratio,
      ratingRate: Ratio,
      goodRatingRate: Ratio,
      rectificationClosureRate: Ratio,
      complaintClosureRate: Ratio,
      townShare: Ratio,
    }),
    async handler({ query, staff, ctx }) {
      if (!staff) throw unauthorized();
      const to = query.to ?? chinaDateOf(ctx.now());
      const from = query.from ?? `${to.slice(0, 8)}01`;
      if (from > to) throw badRequest(`query.from: 开始日期 ${from} 晚于结束日期 ${to}`, [{ path: 'query.from', message: `晚于结束日期 ${to}` }]);
      const orgUnit = visibleUnit(staff, query.orgUnit, '统计');
      if (orgUnit !== undefined) {
        const [unit] = await ctx.sql`select 1 from app.org_units where id = ${orgUnit}`;
        if (!unit) throw badRequest(`query.orgUnit: 没有机构 ${orgUnit}`, [{ path: 'query.orgUnit', message: `没有机构 ${orgUnit}` }]);
      }
      return hallFigures(ctx, { from, to, orgUnit });
    },
  });
}
