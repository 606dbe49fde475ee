// Where a task may be sent back to (退回): the earlier step a person can hand the case back to, per
// flow and element. Only steps in the same scope, with nothing in between that must not run twice:
// 审批 → 初审 (both in 审批阶段, the legal clock keeps running), 限期办理 → 分类转办 (the complaint
// window assigns again). Everything else has no earlier step to go back to: the intake steps are
// automated, 会签 is one signature of several, and 出件 comes after a decision that is final.
import type { CaseStatus } from '../../db/app/case-status.js';

export interface SendBackTarget {
  readonly elementId: string;
  /** The case's status once sent back (db/app/case-status.ts), from 'approving'. */
  readonly caseStatus?: CaseStatus;
}

const TARGETS: Readonly<Record<string, Readonly<Record<string, SendBackTarget>>>> = {
  'commitment-item': { approval: { elementId: 'preReview', caseStatus: 'accepted' } },
  complaint: { resolve: { elementId: 'assign' } },
};

export function sendBackTarget(bpmnProcessId: string, elementId: string): SendBackTarget | undefined {
  return TARGETS[bpmnProcessId]?.[elementId];
}
