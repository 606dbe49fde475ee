// 发送评价邀请 `ow.rating-invitation` (processes/README.md; 好差评 "一次一评"): the flow's last step.
// The applicant gets an SMS with the case's public rating link, /r/<public_token> (the token is
// the case's secret, not its number), and the case is concluded (办结): status concluded,
// concluded_at, and the decision — the flow's `decision`, or `approve` for an instant item, which
// is decided on the spot (db/app/case-status.ts). Without a case row there is no link to rate
// through, so nothing is sent (a rating belongs to a case). Completes with nothing.
import { applicantOf } from './applicant.js';
import { caseNoOf, findCase } from './case-row.js';
import { sendMessages } from './outbox.js';
import { messageData } from './notify.js';
import { renderMessage } from './rules/message-templates.js';
import type { WorkerDefinition } from './worker.js';

export const ratingLink = (publicBaseUrl: string, publicToken: string): string => `${publicBaseUrl.replace(/\/+$/, '')}/r/${publicToken}`;

export function ratingInvitation(): WorkerDefinition {
  return {
    taskType: 'ow.rating-invitation',
    title: '发送评价邀请',
    async handle({ variables, jobKey }, ctx) {
      const caseNo = caseNoOf(variables);
      const found = await findCase(ctx.sql, caseNo);
      if (!found) return {};
      const decision = variables['decision'] === 'reject' ? 'reject' : 'approve';
      const applicant = applicantOf(variables['applicant']);
      const body = renderMessage('rating-invitation', { ...messageData(variables, ctx), ratingLink: ratingLink(ctx.settings.publicBaseUrl, found.publicToken) });
      await sendMessages(ctx, jobKey, [
        { template: 'rating-invitation', recipient: { channel: 'sms', name: applicant?.name ?? found.applicantName, phone: applicant?.phone ?? found.phone }, body, caseNo },
      ]);
      const now = ctx.now();
      await ctx.sql`update app.cases set status = 'concluded', concluded_at = coalesce(concluded_at, ${now}), decision = ${decision}
        where case_no = ${caseNo} and status not in ('refused', 'withdrawn', 'canceled')`;
      return {};
    },
  };
}
