// 分类转办: the complaint window sorts a complaint into a tier, and the tier becomes the date the
// responsible department must resolve it by (domain.md §4: 即办 / 5 / 10 working days). The flow
// takes a date (`resolveDueAt` on the 分类转办 task, processes/README.md), so the task inbox calls
// `complaintResolveDueAt` when the person picks a tier and completes the task with the result:
//
//   const { resolveDueAt } = await complaintResolveDueAt(ctx.sql, 'within5', ctx.now());
//   completeJob({ responsibleGroups, resolveDueAt })
//   recordComplaintStep(sql, { …, tier: 'within5' })   // complaints/progress.ts
//
// 即办 is the end of today's working day (the next working day's, if today's is over or today is
// not a working day); 5 / 10 working days count from the day after today (次日起算). The end of the
// working day is the hall's setting (ratings/settings.ts, default 17:30).
import type { Sql } from 'postgres';
import { z } from 'zod';
import { chinaCalendar, type WorkingDayCalendar } from '../../workers/rules/calendar/index.js';
import { workingDayDeadline, type WorkingDayDeadline } from '../../workers/rules/working-time.js';
import { ratingSettings } from '../ratings/settings.js';

export const COMPLAINT_TIERS = ['instant', 'within5', 'within10'] as const;
export type ComplaintTier = (typeof COMPLAINT_TIERS)[number];
export const complaintTier = z.enum(COMPLAINT_TIERS, { error: `办理时限档次应为：${COMPLAINT_TIERS.join('、')}` });

export const COMPLAINT_TIER_LABELS: Readonly<Record<ComplaintTier, string>> = {
  instant: '即办（当日办结）',
  within5: '5个工作日内',
  within10: '10个工作日内',
};

/** Working days of each tier (0 = 即办); the task form's tier names map onto these too (tasks/forms.ts). */
export const TIER_WORKING_DAYS: Readonly<Record<ComplaintTier, number>> = { instant: 0, within5: 5, within10: 10 };

/** The resolve-by date of `tier` for a complaint assigned at `now`. */
export function resolveDueAtForTier(
  tier: ComplaintTier,
  now: Date,
  workdayEndsAt: string,
  calendar: WorkingDayCalendar = chinaCalendar(),
): WorkingDayDeadline {
  return workingDayDeadline(now, TIER_WORKING_DAYS[tier], { closesAt: workdayEndsAt, calendar });
}

/** The same, with the hall's end of working day read from its settings. */
export async function complaintResolveDueAt(sql: Sql, tier: ComplaintTier, now: Date): Promise<WorkingDayDeadline & { readonly tier: ComplaintTier; readonly resolveDueAt: string }> {
  const settings = await ratingSettings(sql);
  const deadline = resolveDueAtForTier(tier, now, settings.workdayEndsAt);
  return { ...deadline, tier, resolveDueAt: deadline.dueAt };
}
