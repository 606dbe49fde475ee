// 一次性告知 / 补正告知 `ow.one-time-notice` (processes/README.md; 行政许可法 Art.32: everything that
// must be supplemented, in one notice). *stage* `intake` issues the 《一次性告知书》 (GZ-…) and moves
// the case to 待补正 (supplementing); *stage* `approval` issues the 《补正材料通知书》 (BZ-…) while
// the clock stands still (the case stays suspended, ow.legal-clock moved it there). Writes
// `oneTimeNoticeNo` and `supplementDeadline`: the end (23:59:59, China time) of the N-th working
// day after today, N = settings.supplementDays (intake 5, approval 15 by default; context.ts says
// why). The flow's timer refuses (intake) or withdraws (approval) the case at that moment.
import { applicantOf } from './applicant.js';
import { caseNoOf, moveCase } from './case-row.js';
import { subItemOf } from './context.js';
import { issueNotice, missingList } from './notices.js';
import { addWorkingDays, chinaDateOf, endOfChinaDay } from './rules/working-time.js';
import type { WorkerDefinition } from './worker.js';

export function oneTimeNotice(): WorkerDefinition {
  return {
    taskType: 'ow.one-time-notice',
    title: '一次性告知',
    async handle({ variables, headers, jobKey }, ctx) {
      const stage = headers['stage'] ?? 'intake';
      if (stage !== 'intake' && stage !== 'approval') throw new Error(`任务头 stage 应为 intake 或 approval，实为“${stage}”`);
      const caseNo = caseNoOf(variables);
      const subItem = subItemOf(ctx, variables['subItemCode']);
      const missing = missingList(variables['missingMaterials']);
      if (missing.length === 0) throw new Error('missingMaterials 为空：一次性告知书必须列明需要补正的材料');
      const days = stage === 'intake' ? ctx.settings.supplementDays.intake : ctx.settings.supplementDays.approval;
      const due = addWorkingDays(chinaDateOf(ctx.now()), days, { calendar: ctx.calendar });
      const deadline = new Date(endOfChinaDay(due.date));
      const notice = await ctx.sql.begin(async (tx) => {
        const issued = await issueNotice(tx, ctx, {
          kind: stage === 'intake' ? 'one-time' : 'supplement',
          caseNo,
          subItemCode: subItem.code,
          subItemName: subItem.name,
          departmentId: subItem.department,
          applicantName: applicantOf(variables['applicant'])?.name,
          missingMaterials: missing,
          supplementDeadline: deadline,
          jobKey,
        });
        if (stage === 'intake') await moveCase(tx, caseNo, 'supplementing');
        return issued;
      });
      return { oneTimeNoticeNo: notice.noticeNo, supplementDeadline: (notice.supplementDeadline ?? deadline).toISOString() };
    },
  };
}
