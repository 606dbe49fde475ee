// Where a complaint stands, kept in app.complaints as the task inbox works the flow's user tasks
// (processes/README.md, complaint): the inbox calls `recordComplaintStep` when it completes a task of
// a `complaint` instance, with the variables the person entered:
//   assign            → responsibleGroups, resolveDueAt (and the tier the person chose, see resolve-due.ts)
//   resolve           → resolution (the flow then feeds back to the complainant by itself)
//   satisfactionCheck → complainantSatisfied: true closes it (办结备案); false sends it back to 分类转办
// The closure statistics ("100% closure tracked") and the complainant's lookup read these columns.
import type { Sql, TransactionSql } from 'postgres';
import { addStep } from './store.js';
import { complaintTier, type ComplaintTier } from './resolve-due.js';

export interface ComplaintStep {
  readonly processInstanceKey: string;
  readonly elementId: string;
  readonly variables: Readonly<Record<string, unknown>>;
  /** Who completed the task. */
  readonly actor: string;
  readonly at: Date;
  /** The tier chosen at 分类转办, when the resolve-by date came from one. */
  readonly tier?: ComplaintTier;
}

const stringList = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** Records the step; false when the instance is no complaint's flow or the element is not one of its tasks. */
export async function recordComplaintStep(sql: Sql, step: ComplaintStep): Promise<boolean> {
  return sql.begin((tx) => recordComplaintStepIn(tx, step));
}

/** The same inside a transaction of the caller's (the inbox records it with the task's completion). */
export async function recordComplaintStepIn(tx: TransactionSql, step: ComplaintStep): Promise<boolean> {
  const [complaint] = await tx<{ complaintNo: string }[]>`
    select complaint_no as "complaintNo" from app.complaints where process_instance_key = ${step.processInstanceKey} for update`;
  if (!complaint) return false;
  const no = complaint.complaintNo;
  const v = step.variables;
  switch (step.elementId) {
    case 'assign': {
      const groups = stringList(v['responsibleGroups']);
      const due = typeof v['resolveDueAt'] === 'string' ? new Date(v['resolveDueAt']) : null;
      const dueAt = due !== null && !Number.isNaN(due.getTime()) ? due : null;
      const tier = step.tier !== undefined && complaintTier.safeParse(step.tier).success ? step.tier : null;
      await tx`update app.complaints set stage = 'resolve', responsible_groups = ${groups}, resolve_due_at = ${dueAt}, tier = ${tier}
        where complaint_no = ${no}`;
      await addStep(tx, no, step.at, 'assigned', step.actor, { responsibleGroups: groups, resolveDueAt: dueAt?.toISOString() ?? null, tier });
      return true;
    }
    case 'resolve': {
      const resolution = typeof v['resolution'] === 'string' ? v['resolution'] : null;
      await tx`update app.complaints set stage = 'satisfactionCheck', resolution = ${resolution} where complaint_no = ${no}`;
      await addStep(tx, no, step.at, 'resolved', step.actor, { resolution });
      return true;
    }
    case 'satisfactionCheck': {
      if (v['complainantSatisfied'] === true) {
        await tx`update app.complaints set stage = 'closed', closed_at = ${step.at} where complaint_no = ${no}`;
        await addStep(tx, no, step.at, 'satisfied', step.actor);
      } else if (v['complainantSatisfied'] === false) {
        await tx`update app.complaints set stage = 'assign', reopened = reopened + 1, resolve_due_at = null where complaint_no = ${no}`;
        await addStep(tx, no, step.at, 'unsatisfied', step.actor);
      } else {
        // Neither: the flow's gateway has no default and raises an incident; nothing moved.
        return false;
      }
      return true;
    }
    default:
      return false;
  }
}
