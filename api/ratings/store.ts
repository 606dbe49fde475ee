// Ratings as the api shows them, and the one-rating-per-case rule (一事一评) applied where it can't
// be raced: the unique index on app.ratings(case_no). A second rating of the same case, on any
// channel, is refused with when and how the case was already rated.
import type { Sql, TransactionSql } from 'postgres';
import { z } from 'zod';
import { conflict } from '../http/errors.js';
import { CHANNEL_LABELS, isBad, PROBLEM_LABELS, SCORE_LABELS, type Channel, type Problem, type Score } from './levels.js';
import type { Rater } from './rectification.js';

export const RatingView = z.object({
  id: z.string(),
  channel: z.enum(['window', 'qr', 'card', 'default']),
  channelLabel: z.string(),
  caseNo: z.string().nullable(),
  subItemCode: z.string().nullable(),
  orgUnit: z.string(),
  seat: z.string().nullable(),
  staff: z.object({ username: z.string(), name: z.string() }).nullable().describe('评价对象：办件的受理人员，或卡片上写明的工作人员'),
  score: z.number(),
  scoreLabel: z.string(),
  bad: z.boolean(),
  problems: z.array(z.object({ id: z.string(), label: z.string() })),
  comment: z.string().nullable(),
  defaulted: z.boolean().describe('逾期未评、系统默认的“基本满意”；不计入主动评价好评率'),
  ratedAt: z.string(),
  rater: z.object({ kind: z.string(), name: z.string(), phone: z.string() }).nullable(),
  rectification: z
    .object({
      state: z.enum(['notStarted', 'verifying', 'rectifying', 'returnVisit', 'closed']),
      processInstanceKey: z.string().nullable(),
      startedAt: z.string().nullable(),
      verifyDueAt: z.string().nullable(),
      rectifyDueAt: z.string().nullable(),
      dueEstimated: z.boolean().describe('期限跨入尚无官方节假日安排的年份，仅按周末推算（预计）'),
      error: z.string().nullable(),
      verdict: z.string().nullable(),
      rectification: z.string().nullable(),
      raterSatisfied: z.boolean().nullable(),
      closedAt: z.string().nullable(),
    })
    .nullable()
    .describe('差评整改进度（仅差评）'),
});
export type RatingView = z.infer<typeof RatingView>;

export interface RatingRow {
  readonly id: string;
  readonly channel: Channel;
  readonly caseNo: string | null;
  readonly subItemCode: string | null;
  readonly orgUnit: string;
  readonly seat: string | null;
  readonly staffUsername: string | null;
  readonly staffName: string | null;
  readonly score: number;
  readonly problems: string[];
  readonly comment: string | null;
  readonly ratedAt: Date;
  readonly rater: Rater | null;
  readonly rectificationKey: string | null;
  readonly rectificationStartedAt: Date | null;
  readonly rectificationError: string | null;
  readonly verifyDueAt: Date | null;
  readonly rectifyDueAt: Date | null;
  readonly dueEstimated: boolean;
  readonly verdict: string | null;
  readonly verifiedAt: Date | null;
  readonly rectificationText: string | null;
  readonly rectifiedAt: Date | null;
  readonly closedAt: Date | null;
  readonly raterSatisfied: boolean | null;
}

/** The columns of a RatingRow, from app.ratings r left join app.staff s. */
export const ratingColumns = (sql: Sql | TransactionSql) => sql`
  r.id::text as id, r.channel, r.case_no as "caseNo", r.sub_item_code as "subItemCode", r.org_unit as "orgUnit",
  r.seat, r.staff_username as "staffUsername", s.name as "staffName", r.score, r.problems, r.comment,
  r.rated_at as "ratedAt", r.rater, r.rectification_key as "rectificationKey",
  r.rectification_started_at as "rectificationStartedAt", r.rectification_error as "rectificationError",
  r.verify_due_at as "verifyDueAt", r.rectify_due_at as "rectifyDueAt",
  r.rectification_due_estimated as "dueEstimated", r.rectification_verdict as verdict,
  r.verified_at as "verifiedAt", r.rectification_text as "rectificationText", r.rectified_at as "rectifiedAt",
  r.rectification_closed_at as "closedAt", r.rater_satisfied as "raterSatisfied"`;

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

function rectificationState(row: RatingRow): NonNullable<RatingView['rectification']>['state'] {
  if (row.rectificationKey === null) return 'notStarted';
  if (row.closedAt !== null) return 'closed';
  if (row.verdict === null) return 'verifying';
  if (row.verdict === 'rectify' && row.rectifiedAt === null) return 'rectifying';
  return 'returnVisit';
}

export function ratingView(row: RatingRow): RatingView {
  return {
    id: row.id,
    channel: row.channel,
    channelLabel: CHANNEL_LABELS[row.channel],
    caseNo: row.caseNo,
    subItemCode: row.subItemCode,
    orgUnit: row.orgUnit,
    seat: row.seat,
    staff: row.staffUsername === null ? null : { username: row.staffUsername, name: row.staffName ?? row.staffUsername },
    score: row.score,
    scoreLabel: SCORE_LABELS[row.score as Score],
    bad: isBad(row.score),
    problems: row.problems.map((id) => ({ id, label: PROBLEM_LABELS[id as Problem] })),
    comment: row.comment,
    defaulted: row.channel === 'default',
    ratedAt: row.ratedAt.toISOString(),
    rater: row.rater,
    rectification: isBad(row.score)
      ? {
          state: rectificationState(row),
          processInstanceKey: row.rectificationKey,
          startedAt: iso(row.rectificationStartedAt),
          verifyDueAt: iso(row.verifyDueAt),
          rectifyDueAt: iso(row.rectifyDueAt),
          dueEstimated: row.dueEstimated,
          error: row.rectificationError,
          verdict: row.verdict,
          rectification: row.rectificationText,
          raterSatisfied: row.raterSatisfied,
          closedAt: iso(row.closedAt),
        }
      : null,
  };
}

export async function findRating(sql: Sql, id: string): Promise<RatingRow | undefined> {
  const [row] = await sql<RatingRow[]>`select ${ratingColumns(sql)} from app.ratings r left join app.staff s on s.username = r.staff_username where r.id = ${id}`;
  return row;
}

/** 'YYYY-MM-DD HH:MM' on a China wall clock. */
export function chinaDateTimeText(instant: Date): string {
  const shifted = new Date(instant.getTime() + 8 * 3_600_000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)}`;
}

/** The 409 for a case that already has its one rating. */
export function alreadyRated(caseNo: string, existing: { channel: Channel; ratedAt: Date }): Error {
  const how = existing.channel === 'default' ? '逾期未评，系统已默认评为“基本满意”' : `已通过${CHANNEL_LABELS[existing.channel]}评价`;
  return conflict(`办件 ${caseNo} 已于 ${chinaDateTimeText(existing.ratedAt)} ${how}。一事一评，不能再次评价`);
}
