// 差评整改: a 差评 (1–2) starts the `rectification` flow (processes/README.md, "rectification") with
// its deadlines worked out on the working-day calendar. The rating is saved first and the flow
// started after, so a rating is never lost because the engine is unreachable: the failure is kept
// on the rating (rectification_error) and a supervisor starts it again (POST /ratings/:id/rectification).
import type { JSONDoc } from 'zeebe-node';
import type { Dictionary } from '../../processes/dictionary/load.js';
import type { ApiContext } from '../context.js';
import { ratingSettings } from './settings.js';
import { workingDayDeadline } from '../../workers/rules/working-time.js';

/** Who rated, as the flow's feedback notice addresses them (`to: [rater]`); null for a card. */
export interface Rater {
  readonly kind: 'person' | 'enterprise';
  readonly name: string;
  readonly phone: string;
}

/** The start variables of `rectification`, exactly as processes/README.md lists them. */
export interface RectificationVariables {
  readonly ratingId: string;
  readonly caseNo: string | null;
  readonly rater: Rater | null;
  readonly score: number;
  readonly comment: string | null;
  readonly responsibleGroups: readonly string[];
  readonly verifyDueAt: string;
  readonly rectifyDueAt: string;
}

/** When nobody else can be named, the 督办 both verify and see to the rectification. */
export const FALLBACK_GROUPS: readonly string[] = ['supervisor'];

/**
 * 谁办理谁负责: the departments of the case's sub-item — the one that handles it and any that
 * countersign it. A sub-item the dictionary no longer has falls back to the 督办.
 */
export function responsibleGroupsForSubItem(dictionary: Dictionary, subItemCode: string | null): string[] {
  if (subItemCode === null) return [...FALLBACK_GROUPS];
  const subItem = dictionary.byCode.get(subItemCode);
  if (!subItem) return [...FALLBACK_GROUPS];
  const groups = [subItem.department];
  for (const step of subItem.countersign ?? []) groups.push(...step.candidateGroups);
  return [...new Set(groups)];
}

interface BadRatingRow {
  readonly id: string;
  readonly caseNo: string | null;
  readonly subItemCode: string | null;
  readonly rater: Rater | null;
  readonly score: number;
  readonly comment: string | null;
  readonly ratedAt: Date;
  readonly rectificationKey: string | null;
  readonly staffGroups: string[] | null;
  readonly channel: string;
}

export interface RectificationStartResult {
  readonly processInstanceKey: string | null;
  readonly error: string | null;
}

/** The groups a rating's rectification goes to: the case's departments, or for a card the named person's groups. */
function responsibleGroups(dictionary: Dictionary, row: BadRatingRow): string[] {
  if (row.caseNo !== null) return responsibleGroupsForSubItem(dictionary, row.subItemCode);
  const named = (row.staffGroups ?? []).filter((g) => g !== 'supervisor');
  return named.length > 0 ? named : [...FALLBACK_GROUPS];
}

/**
 * Starts the rectification of rating `ratingId` (a 差评 without a running rectification) and
 * records the instance key and deadlines on it — or the reason it could not start. Deadlines count
 * from the day of the rating.
 */
export async function startRectification(ctx: ApiContext, ratingId: string): Promise<RectificationStartResult> {
  const [row] = await ctx.sql<BadRatingRow[]>`
    select r.id::text as id, r.case_no as "caseNo", r.sub_item_code as "subItemCode", r.rater, r.score,
           r.comment, r.rated_at as "ratedAt", r.rectification_key as "rectificationKey",
           s.groups as "staffGroups", r.channel
    from app.ratings r left join app.staff s on s.username = r.staff_username
    where r.id = ${ratingId}`;
  if (!row) throw new Error(`rating ${ratingId} does not exist`);
  if (row.score > 2) throw new Error(`rating ${ratingId} is not a 差评 (score ${String(row.score)})`);
  if (row.rectificationKey !== null) return { processInstanceKey: row.rectificationKey, error: null };

  const settings = await ratingSettings(ctx.sql);
  const verify = workingDayDeadline(row.ratedAt, settings.verifyWorkingDays, { closesAt: settings.workdayEndsAt });
  const rectify = workingDayDeadline(row.ratedAt, settings.rectifyWorkingDays, { closesAt: settings.workdayEndsAt });
  const variables: RectificationVariables = {
    ratingId: row.id,
    caseNo: row.caseNo,
    rater: row.rater,
    score: row.score,
    comment: row.comment,
    responsibleGroups: responsibleGroups(ctx.dictionary(), row),
    verifyDueAt: verify.dueAt,
    rectifyDueAt: rectify.dueAt,
  };
  try {
    // zeebe-node's JSONDoc type has no null, but the contract needs it (`rater = null` for a card,
    // `caseNo = null`): the variables travel as JSON text, where null is fine.
    const started = await ctx.zbc.createProcessInstance({ bpmnProcessId: 'rectification', variables: variables as unknown as JSONDoc });
    const key = String(started.processInstanceKey);
    await ctx.sql`update app.ratings set rectification_key = ${key}, rectification_started_at = ${ctx.now()},
      rectification_error = null, verify_due_at = ${verify.dueAt}, rectify_due_at = ${rectify.dueAt},
      rectification_due_estimated = ${verify.estimated || rectify.estimated}
      where id = ${row.id}`;
    return { processInstanceKey: key, error: null };
  } catch (error) {
    const message = `差评整改流程未能启动：${error instanceof Error ? error.message : String(error)}`;
    await ctx.sql`update app.ratings set rectification_error = ${message} where id = ${row.id}`;
    return { processInstanceKey: null, error: message };
  }
}
