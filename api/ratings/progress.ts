// What the people of a rectification recorded, kept on the rating so GET /ratings/:id and the
// statistics (差评整改率, 回访满意率) read the app's tables and not the engine. The task inbox calls
// `recordRectificationStep` when it completes a user task of a `rectification` instance, with the
// variables the person entered (processes/README.md, user tasks):
//   verify      → verdict ('rectify' | 'explain' | 'invalid'), verifyOpinion
//   rectify     → rectification (what was done)
//   returnVisit → raterSatisfied (bool); the flow ends there (整改办结)
import type { Sql, TransactionSql } from 'postgres';

export interface RectificationStep {
  readonly processInstanceKey: string;
  readonly elementId: string;
  readonly variables: Readonly<Record<string, unknown>>;
  readonly at: Date;
}

/** Records the step on the rating; false when the instance is no rating's rectification or the step is not one of its tasks. */
export async function recordRectificationStep(sql: Sql | TransactionSql, step: RectificationStep): Promise<boolean> {
  const v = step.variables;
  const key = step.processInstanceKey;
  let rows: readonly unknown[];
  switch (step.elementId) {
    case 'verify': {
      const verdict = typeof v['verdict'] === 'string' ? v['verdict'] : null;
      rows = await sql`update app.ratings set rectification_verdict = ${verdict}, verified_at = ${step.at}
        where rectification_key = ${key} returning id`;
      break;
    }
    case 'rectify': {
      const text = typeof v['rectification'] === 'string' ? v['rectification'] : null;
      rows = await sql`update app.ratings set rectification_text = ${text}, rectified_at = ${step.at}
        where rectification_key = ${key} returning id`;
      break;
    }
    case 'returnVisit': {
      const satisfied = typeof v['raterSatisfied'] === 'boolean' ? v['raterSatisfied'] : null;
      rows = await sql`update app.ratings set rater_satisfied = ${satisfied}, rectification_closed_at = ${step.at}
        where rectification_key = ${key} returning id`;
      break;
    }
    default:
      return false;
  }
  return rows.length > 0;
}
