// The start variables of a case flow (processes/README.md "Variables, per flow"), made from the
// case and its sub-item's dictionary entry.
import type { SubItem } from '../../processes/dictionary/load.js';
import type { Applicant } from './applicant.js';
import { materialsVariable, type CaseMaterial } from './materials.js';

export interface CaseStart {
  readonly caseNo: string;
  readonly subItem: SubItem;
  readonly applicant: Applicant;
  readonly materials: readonly CaseMaterial[];
  readonly delivery: 'pickup' | 'mail';
  readonly mailAddress: Readonly<Record<string, string>> | null;
}

export interface CountersignVariables {
  readonly countersign: boolean;
  /**
   * The dictionary lists departments, so these are department ids. The commitment flow's 会签
   * offers each one its task as the candidate group `=[countersigner]` (processes/README.md).
   */
  readonly countersigners: readonly string[];
  readonly countersignMode: 'countersign' | 'anySign';
}

/** 会签 at approval, from the dictionary's countersign entries (the flow has one 会签, at approval). */
export function countersignVariables(subItem: SubItem): CountersignVariables {
  const entry = subItem.countersign?.find((c) => c.step === 'approval') ?? subItem.countersign?.[0];
  if (!entry) return { countersign: false, countersigners: [], countersignMode: 'countersign' };
  return { countersign: true, countersigners: [...entry.candidateGroups], countersignMode: entry.mode };
}

export function startVariables(start: CaseStart): Record<string, unknown> {
  return {
    caseNo: start.caseNo,
    subItemCode: start.subItem.code,
    applicant: start.applicant,
    materials: materialsVariable(start.materials),
    delivery: start.delivery,
    ...(start.mailAddress ? { mailAddress: start.mailAddress } : {}),
    approvalGroups: [start.subItem.department],
    ...countersignVariables(start.subItem),
  };
}
