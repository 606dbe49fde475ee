// Staff scores (评价结果用于考核): per staff member and per unit, over a period. Formulas
// (domain.md §2, the suggested reading of GB/T 39734/39735):
//   好评率        = (非常满意 + 满意) ÷ all ratings (defaults included, counted separately too)
//   主动评价好评率 = the same over active ratings only (channel ≠ default); null when there are none
//   差评数        = ratings of 1–2
import type { Sql } from 'postgres';
import { z } from 'zod';

export const ScoreSummary = z.object({
  count: z.number().describe('评价总数（含默认评价）'),
  activeCount: z.number().describe('主动评价数'),
  defaultedCount: z.number().describe('默认评价数'),
  average: z.number().nullable().describe('平均分（1–5）'),
  goodRate: z.number().nullable().describe('好评率（0–1）'),
  activeGoodRate: z.number().nullable().describe('主动评价好评率（0–1）'),
  badCount: z.number().describe('差评数'),
});
export type ScoreSummary = z.infer<typeof ScoreSummary>;

export const StaffScores = z.object({
  from: z.string().nullable(),
  to: z.string().nullable(),
  staff: z.array(ScoreSummary.extend({ username: z.string(), name: z.string(), orgUnit: z.string() })),
  units: z.array(ScoreSummary.extend({ orgUnit: z.string(), name: z.string() })),
});

interface Aggregate {
  readonly count: number;
  readonly activeCount: number;
  readonly defaultedCount: number;
  readonly scoreSum: number;
  readonly goodCount: number;
  readonly activeGoodCount: number;
  readonly badCount: number;
}

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

export function summarize(a: Aggregate): ScoreSummary {
  return {
    count: a.count,
    activeCount: a.activeCount,
    defaultedCount: a.defaultedCount,
    average: a.count === 0 ? null : round(a.scoreSum / a.count, 2),
    goodRate: a.count === 0 ? null : round(a.goodCount / a.count, 4),
    activeGoodRate: a.activeCount === 0 ? null : round(a.activeGoodCount / a.activeCount, 4),
    badCount: a.badCount,
  };
}

export interface ScoresQuery {
  /** China dates, inclusive. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly orgUnit?: string | undefined;
}

export async function staffScores(sql: Sql, query: ScoresQuery): Promise<z.infer<typeof StaffScores>> {
  const aggregates = sql`
    count(*)::int as count,
    count(*) filter (where r.channel <> 'default')::int as "activeCount",
    count(*) filter (where r.channel = 'default')::int as "defaultedCount",
    coalesce(sum(r.score), 0)::int as "scoreSum",
    count(*) filter (where r.score >= 4)::int as "goodCount",
    count(*) filter (where r.score >= 4 and r.channel <> 'default')::int as "activeGoodCount",
    count(*) filter (where r.score <= 2)::int as "badCount"`;
  const where = sql`where true
    ${query.from ? sql`and (r.rated_at at time zone 'Asia/Shanghai')::date >= ${query.from}::date` : sql``}
    ${query.to ? sql`and (r.rated_at at time zone 'Asia/Shanghai')::date <= ${query.to}::date` : sql``}
    ${query.orgUnit ? sql`and r.org_unit = ${query.orgUnit}` : sql``}`;
  const staffRows = await sql<(Aggregate & { username: string; name: string; orgUnit: string })[]>`
    select s.username, s.name, s.org_unit as "orgUnit", ${aggregates}
    from app.ratings r join app.staff s on s.username = r.staff_username
    ${where}
    group by s.username, s.name, s.org_unit
    order by s.org_unit, s.username`;
  const unitRows = await sql<(Aggregate & { orgUnit: string; name: string })[]>`
    select u.id as "orgUnit", u.name, ${aggregates}
    from app.ratings r join app.org_units u on u.id = r.org_unit
    ${where}
    group by u.id, u.name
    order by u.id`;
  return {
    from: query.from ?? null,
    to: query.to ?? null,
    staff: staffRows.map((r) => ({ username: r.username, name: r.name, orgUnit: r.orgUnit, ...summarize(r) })),
    units: unitRows.map((r) => ({ orgUnit: r.orgUnit, name: r.name, ...summarize(r) })),
  };
}
