// 《一次性告知书》《补正材料通知书》《不予受理通知书》 as printable pages (行政许可法 Art.32: every
// decision on acceptance is a written, stamped, dated notice; a notice to supplement lists
// everything at once; a refusal gives the reason and the right to 复议/诉讼).
import type { NoticeKind } from '../rules/document-number.js';
import { escapeHtml, nameList, printablePage } from './html.js';

export const NOTICE_TITLES: Readonly<Record<NoticeKind, string>> = {
  'one-time': '一次性告知书',
  supplement: '补正材料通知书',
  refusal: '不予受理通知书',
};

export const REFUSE_REASONS = ['identity-invalid', 'supplement-overdue', 'materials-incomplete'] as const;
export type RefuseReason = (typeof REFUSE_REASONS)[number];

export const REFUSE_REASON_TEXT: Readonly<Record<RefuseReason, string>> = {
  'identity-invalid': '申请人身份核验未通过，申请人主体资格无法确认',
  'supplement-overdue': '申请材料不齐全，经一次性告知后，申请人未在补正期限内提交补正材料',
  'materials-incomplete': '申请材料不齐全，经一次性告知后补正的材料仍不齐全',
};

export interface NoticeDocument {
  readonly kind: NoticeKind;
  readonly noticeNo: string;
  readonly caseNo: string;
  readonly applicantName: string;
  readonly subItemName: string;
  readonly department: string;
  readonly missingMaterials: readonly string[];
  /** Chinese dates. */
  readonly issuedOn: string;
  readonly deadline?: string;
  readonly reason?: RefuseReason;
  /** Extra words for the reason (e.g. the identity check's message). */
  readonly reasonDetail?: string;
}

export function noticeHtml(n: NoticeDocument): string {
  const title = NOTICE_TITLES[n.kind];
  const to = `<p>${escapeHtml(n.applicantName)}：</p>`;
  const about = `您（单位）申请的<strong>${escapeHtml(n.subItemName)}</strong>（办件编号：${escapeHtml(n.caseNo)}）`;
  const seal = `<p class="seal">${escapeHtml(n.department)}（印章）<br>${escapeHtml(n.issuedOn)}</p>`;
  let body: string;
  if (n.kind === 'refusal') {
    const reason = n.reason ? REFUSE_REASON_TEXT[n.reason] : '不符合受理条件';
    body = `${to}
<p>${about}，经审查，因${escapeHtml(reason)}${n.reasonDetail ? `（${escapeHtml(n.reasonDetail)}）` : ''}，根据《中华人民共和国行政许可法》第三十二条的规定，决定不予受理。</p>
${n.missingMaterials.length > 0 ? `<p>尚缺以下材料：</p>\n${nameList(n.missingMaterials)}` : ''}
<p>如对本决定不服，可以自收到本通知书之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。</p>
${seal}`;
  } else {
    const stage = n.kind === 'one-time' ? '经审查，申请材料不齐全或者不符合法定形式' : '在审查过程中，需要补正以下材料，办理时限自本通知书送达之日起中止计算';
    body = `${to}
<p>${about}，${stage}。根据《中华人民共和国行政许可法》第三十二条的规定，现一次性告知需要补正的全部内容如下：</p>
${nameList(n.missingMaterials)}
<p>请于<strong>${escapeHtml(n.deadline ?? '')}</strong>前提交上述材料。${
      n.kind === 'one-time' ? '逾期未提交的，不予受理。' : '逾期未提交的，视为撤回申请，终止办理。'
    }补正材料齐全后${n.kind === 'one-time' ? '予以受理' : '自收到补正材料的次日起恢复计算办理时限'}。</p>
${seal}`;
  }
  return printablePage(title, n.noticeNo, body);
}
