// 不予受理 `ow.refuse` (processes/README.md): the 《不予受理通知书》 (BY-…) with the reason in words
// (refuseReason: identity-invalid | supplement-overdue | materials-incomplete) and the materials
// still missing, then the case is refused (final) and concluded_at set. Writes `refusalNoticeNo`.
// An unknown reason is a technical fault (a typo in the flow's input mapping).
import { applicantOf } from './applicant.js';
import { caseNoOf, moveCase } from './case-row.js';
import { subItemOf } from './context.js';
import { REFUSE_REASONS, type RefuseReason } from './documents/notice.js';
import { issueNotice, missingList } from './notices.js';
import type { WorkerDefinition } from './worker.js';

export function refuse(): WorkerDefinition {
  return {
    taskType: 'ow.refuse',
    title: '不予受理',
    async handle({ variables, jobKey }, ctx) {
      const reason = variables['refuseReason'];
      if (!(REFUSE_REASONS as readonly unknown[]).includes(reason)) {
        throw new Error(`refuseReason 应为 ${REFUSE_REASONS.join('、')} 之一，实为“${String(reason)}”`);
      }
      const caseNo = caseNoOf(variables);
      const subItem = subItemOf(ctx, variables['subItemCode']);
      const now = ctx.now();
      const notice = await ctx.sql.begin(async (tx) => {
        const issued = await issueNotice(tx, ctx, {
          kind: 'refusal',
          caseNo,
          subItemCode: subItem.code,
          subItemName: subItem.name,
          departmentId: subItem.department,
          applicantName: applicantOf(variables['applicant'])?.name,
          // Only a refusal for missing materials lists them (after an identity refusal the list is meaningless).
          missingMaterials: reason === 'identity-invalid' ? [] : missingList(variables['missingMaterials']),
          reason: reason as RefuseReason,
          // The identity check's words travel with its BPMN error as the variable identityProblem.
          ...(reason === 'identity-invalid' && typeof variables['identityProblem'] === 'string' ? { reasonDetail: variables['identityProblem'] } : {}),
          supplementDeadline: null,
          jobKey,
        });
        if (await moveCase(tx, caseNo, 'refused')) {
          await tx`update app.cases set concluded_at = coalesce(concluded_at, ${now}) where case_no = ${caseNo}`;
        }
        return issued;
      });
      return { refusalNoticeNo: notice.noticeNo };
    },
  };
}
