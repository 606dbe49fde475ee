// The hall's numbers for a period (the reform report's figures: per-unit volumes, on-time rate,
// speed, instant items, 好差评, rectification and complaint loops, 就近办 in towns).
//
// The period: cases opened (app.cases.created_at) on a China date from `from` through `to`,
// optionally of one org unit. Every rate is { value, numerator, denominator }; value is null when
// the denominator is 0 or the data behind it does not exist here (then `note` says why).
//
//   cases                      cases opened in the period
//   byUnit / byVolume / bySubItem   the same, split by org unit / dictionary volume / sub-item
//   concluded                  of those, status = 'concluded' (办结, approve or reject)
//   onTimeRate                 concluded with concluded_at ≤ committed_due_at ÷ concluded with a
//                              committed_due_at (instant items have none and are left out)
//   averageWorkingDaysToConclude   mean over concluded cases with accepted_at of the working days
//                              from the China date of accepted_at to that of concluded_at, the
//                              first day not counted (次日起算; same day = 0), on the holiday calendar
//   instantShare               cases of an instant (即办件) sub-item ÷ cases (the dictionary's caseType;
//                              a sub-item no longer in it: bpmn_process_id = 'instant-item')
//   ratingRate                 concluded cases with an active rating (any channel but 'default')
//                              ÷ concluded cases — the complement of domain.md's 未评价率
//   goodRatingRate             ratings of score ≥ 4 (非常满意, 满意) ÷ all ratings (domain.md §2 好评率;
//                              defaulted 基本满意 included, so they count against it)
//   rectificationClosureRate   差评 (score ≤ 2) whose rectification ended with the return visit
//                              (rectification_closed_at, recorded by the task inbox) ÷ all 差评,
//                              including those whose flow could not be started
//   complaintClosureRate       complaints filed in the period (app.complaints.filed_at) that are
//                              closed (办结备案: closed_at) ÷ complaints filed
//   townShare                  cases opened at a town sub-centre (org level 'town') ÷ cases
//
// "The ratings" of a period are those of its cases plus the anonymous cards (卡片评, no case)
// given in the period (rated_at), of the unit when one is asked for. Complaints of one unit are
// those that name a case of it; the others can't be attributed and are left out (the note says so).
import type { Fragment, Sql } from 'postgres';
import type { ApiContext } from '../context.js';
import { startOfChinaDay, workingDaysBetween } from '../../workers/rules/working-time.js';
import { VOLUME_LABELS, type Volume } from '../../processes/dictionary/schema.js';
import type { HallFigures, Ratio } from './answers.js';

export type { HallFigures, Ratio };

function ratio(numerator: number, denominator: number, note: string | null = null): Ratio {
  return { value: denominator > 0 ? Math.round((numerator / denominator) * 10_000) / 10_000 : null, numerator, denominator, note };
}
const missing = (note: string): Ratio => ({ value: null, numerator: 0, denominator: 0, note });

interface CaseRow {
  caseNo: string;
  subItemCode: string;
  orgUnit: string;
  level: string;
  status: string;
  bpmnProcessId: string;
  acceptedAt: Date | null;
  concludedAt: Date | null;
  committedDueAt: Date | null;
}

export async function hallFigures(ctx: ApiContext, period: { readonly from: string; readonly to: string; readonly orgUnit?: string | undefined }): Promise<HallFigures> {
  const sql = ctx.sql;
  // China dates: [from 00:00 +08, the day after `to` 00:00 +08).
  const start = startOfChinaDay(period.from);
  const endExclusive = sql`(${period.to}::date + 1)::timestamp at time zone 'Asia/Shanghai'`;
  const unitFilter = period.orgUnit ? sql`and c.org_unit = ${period.orgUnit}` : sql``;
  const cases = await sql<CaseRow[]>`
    select c.case_no as "caseNo", c.sub_item_code as "subItemCode", c.org_unit as "orgUnit", u.level, c.status,
      c.bpmn_process_id as "bpmnProcessId", c.accepted_at as "acceptedAt", c.concluded_at as "concludedAt", c.committed_due_at as "committedDueAt"
    from app.cases c join app.org_units u on u.id = c.org_unit
    where c.created_at >= ${start}::timestamptz and c.created_at < ${endExclusive} ${unitFilter}`;
  const dictionary = ctx.dictionary();

  const units = await sql<{ id: string; name: string; level: string }[]>`
    select id, name, level from app.org_units ${period.orgUnit ? sql`where id = ${period.orgUnit}` : sql``} order by level, id`;
  const count = <K>(keyOf: (c: CaseRow) => K): Map<K, number> => {
    const m = new Map<K, number>();
    for (const c of cases) m.set(keyOf(c), (m.get(keyOf(c)) ?? 0) + 1);
    return m;
  };
  const perUnit = count((c) => c.orgUnit);
  const perSubItem = count((c) => c.subItemCode);
  const perVolume = count((c) => dictionary.byCode.get(c.subItemCode)?.volume ?? 'unknown');

  const concluded = cases.filter((c) => c.status === 'concluded');
  const withDue = concluded.filter((c) => c.committedDueAt !== null && c.concludedAt !== null);
  const onTime = withDue.filter((c) => c.concludedAt !== null && c.committedDueAt !== null && c.concludedAt <= c.committedDueAt);
  const timed = concluded.filter((c): c is CaseRow & { acceptedAt: Date; concludedAt: Date } => c.acceptedAt !== null && c.concludedAt !== null);
  const days = timed.map((c) => workingDaysBetween(c.acceptedAt, c.concludedAt).days);
  const instant = cases.filter((c) => {
    const item = dictionary.byCode.get(c.subItemCode);
    return item ? item.caseType === 'instant' : c.bpmnProcessId === 'instant-item';
  });

  const ratings = await ratingFigures(sql, {
    caseNos: cases.map((c) => c.caseNo),
    concludedNos: concluded.map((c) => c.caseNo),
    start,
    endExclusive,
    orgUnit: period.orgUnit,
  });

  return {
    from: period.from,
    to: period.to,
    orgUnit: period.orgUnit ?? null,
    cases: cases.length,
    byUnit: units.map((u) => ({ orgUnit: u.id, name: u.name, level: u.level, cases: perUnit.get(u.id) ?? 0 })),
    byVolume: [...perVolume].map(([volume, n]) => ({ volume, name: VOLUME_LABELS[volume as Volume] ?? '不在受理事典中', cases: n })).sort((a, b) => b.cases - a.cases || a.volume.localeCompare(b.volume)),
    bySubItem: [...perSubItem]
      .map(([code, n]) => ({ subItemCode: code, name: dictionary.byCode.get(code)?.name ?? null, cases: n }))
      .sort((a, b) => b.cases - a.cases || a.subItemCode.localeCompare(b.subItemCode)),
    concluded: concluded.length,
    onTimeRate: ratio(onTime.length, withDue.length),
    averageWorkingDaysToConclude: { value: days.length > 0 ? Math.round((days.reduce((a, b) => a + b, 0) / days.length) * 100) / 100 : null, cases: days.length },
    instantShare: ratio(instant.length, cases.length),
    ratingRate: ratings.ratingRate,
    goodRatingRate: ratings.goodRatingRate,
    rectificationClosureRate: ratings.rectificationClosureRate,
    complaintClosureRate: await complaintFigure(sql, period, start, endExclusive),
    townShare: ratio(cases.filter((c) => c.level === 'town').length, cases.length),
  };
}

interface RatingScope {
  readonly caseNos: readonly string[];
  readonly concludedNos: readonly string[];
  readonly start: string;
  readonly endExclusive: Fragment;
  readonly orgUnit?: string | undefined;
}

async function ratingFigures(sql: Sql, scope: RatingScope): Promise<{ ratingRate: Ratio; goodRatingRate: Ratio; rectificationClosureRate: Ratio }> {
  const [rated] = await sql<{ n: number }[]>`
    select count(distinct r.case_no)::int as n from app.ratings r
    where r.case_no = any(${[...scope.concludedNos]}::text[]) and r.channel <> 'default'`;
  const cardUnit = scope.orgUnit ? sql`and r.org_unit = ${scope.orgUnit}` : sql``;
  const [row] = await sql<{ all: number; good: number; bad: number; rectified: number }[]>`
    select count(*)::int as all, count(*) filter (where r.score >= 4)::int as good,
      count(*) filter (where r.score <= 2)::int as bad,
      count(*) filter (where r.score <= 2 and r.rectification_closed_at is not null)::int as rectified
    from app.ratings r
    where r.case_no = any(${[...scope.caseNos]}::text[])
      or (r.channel = 'card' and r.rated_at >= ${scope.start}::timestamptz and r.rated_at < ${scope.endExclusive} ${cardUnit})`;
  return {
    ratingRate: ratio(rated?.n ?? 0, scope.concludedNos.length),
    goodRatingRate: ratio(row?.good ?? 0, row?.all ?? 0),
    rectificationClosureRate: ratio(row?.rectified ?? 0, row?.bad ?? 0),
  };
}

async function complaintFigure(
  sql: Sql,
  period: { readonly orgUnit?: string | undefined },
  start: string,
  endExclusive: Fragment,
): Promise<Ratio> {
  const unit = period.orgUnit ? sql`and k.case_no in (select case_no from app.cases where org_unit = ${period.orgUnit})` : sql``;
  const [row] = await sql<{ all: number; closed: number }[]>`
    select count(*)::int as all, count(*) filter (where k.closed_at is not null)::int as closed
    from app.complaints k where k.filed_at >= ${start}::timestamptz and k.filed_at < ${endExclusive} ${unit}`;
  return ratio(row?.closed ?? 0, row?.all ?? 0, period.orgUnit ? '按单位统计时只计入注明了本单位办件编号的反映' : null);
}
