// 逾期未评默认好评: a concluded case nobody rated within the set period (default 7 natural days,
// Guangdong's rule) gets 基本满意 (3), on channel 'default'. Such ratings count in 好评率 but not in
// 主动评价好评率, and the case can no longer be rated (the rating period is over).
// Run on demand by a supervisor (POST /ratings/apply-defaults) or by anything that runs it
// periodically; running it twice changes nothing (one rating per case).
import type { Sql } from 'postgres';
import { DEFAULT_SCORE } from './levels.js';

export interface DefaultsApplied {
  /** The cases that got a default rating now. */
  readonly caseNos: readonly string[];
  /** Cases concluded at or before this instant were due. */
  readonly concludedBefore: Date;
}

export async function applyDefaultRatings(sql: Sql, now: Date, afterDays: number): Promise<DefaultsApplied> {
  const concludedBefore = new Date(now.getTime() - afterDays * 86_400_000);
  const rows = await sql<{ caseNo: string }[]>`
    insert into app.ratings (channel, case_no, sub_item_code, org_unit, staff_username, score, rated_at)
    select 'default', c.case_no, c.sub_item_code, c.org_unit, s.username, ${DEFAULT_SCORE}, ${now}
    from app.cases c left join app.staff s on s.username = c.created_by
    where c.status = 'concluded' and c.concluded_at is not null and c.concluded_at <= ${concludedBefore}
      and not exists (select 1 from app.ratings r where r.case_no = c.case_no)
    order by c.concluded_at
    on conflict (case_no) where case_no is not null do nothing
    returning case_no as "caseNo"`;
  return { caseNos: rows.map((r) => r.caseNo), concludedBefore };
}
