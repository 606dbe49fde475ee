// The texts of the hall's messages (processes/README.md, the `ow.notify` template table, plus the
// rating invitation), in Chinese, short enough for an SMS. Rendering is pure: the notify worker
// gathers the data (case number, sub-item name, opinion …) and this turns it into words. A
// template that isn't here is a technical fault (a typo in a flow), never a silent blank message.
import { chinaDateOf } from './calendar/iso-date.js';
import { chineseDate } from './clock-deadlines.js';

/** The sender's signature, as SMS in China must carry one. */
export const SIGNATURE = '【县政务服务中心】';

export const MESSAGE_TEMPLATES = [
  'warning-yellow',
  'warning-red',
  'decision-rejected',
  'supplement-overdue',
  'rectification-verify-overdue',
  'rectification-rectify-overdue',
  'rectification-feedback',
  'complaint-overdue',
  'complaint-feedback',
  'rating-invitation',
] as const;
export type MessageTemplate = (typeof MESSAGE_TEMPLATES)[number];

export function isMessageTemplate(name: unknown): name is MessageTemplate {
  return typeof name === 'string' && (MESSAGE_TEMPLATES as readonly string[]).includes(name);
}

/** What a template may print; each uses the fields it needs and words around the absent ones. */
export interface MessageData {
  readonly caseNo?: string | undefined;
  readonly subItemName?: string | undefined;
  /** ISO date-time (the flow's committedDueAt). */
  readonly committedDueAt?: string | undefined;
  readonly opinion?: string | undefined;
  readonly ratingId?: string | undefined;
  readonly verifyOpinion?: string | undefined;
  readonly rectification?: string | undefined;
  readonly rectifyDueAt?: string | undefined;
  readonly verifyDueAt?: string | undefined;
  readonly complaintNo?: string | undefined;
  readonly resolution?: string | undefined;
  readonly resolveDueAt?: string | undefined;
  /** The public rating link (rating-invitation). */
  readonly ratingLink?: string | undefined;
}

export class UnknownTemplateError extends Error {
  override readonly name = 'UnknownTemplateError';
  constructor(readonly template: unknown) {
    super(`没有消息模板“${String(template)}”（template）；可用：${MESSAGE_TEMPLATES.join('、')}`);
  }
}

/** An ISO date-time as a Chinese date in China time; the text itself if it isn't one. */
function day(iso: string | undefined): string | undefined {
  if (iso === undefined) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : chineseDate(chinaDateOf(ms));
}

function theCase(d: MessageData): string {
  if (!d.caseNo) return d.subItemName ? `（${d.subItemName}）` : '';
  return d.subItemName ? `${d.caseNo}（${d.subItemName}）` : d.caseNo;
}

export function renderMessage(template: unknown, d: MessageData): string {
  if (!isMessageTemplate(template)) throw new UnknownTemplateError(template);
  switch (template) {
    case 'warning-yellow': {
      const due = day(d.committedDueAt);
      return `【黄牌预警】办件${theCase(d)}临近承诺办结时限${due ? `（${due}）` : ''}，请抓紧办理。`;
    }
    case 'warning-red': {
      const due = day(d.committedDueAt);
      return `【红牌预警】办件${theCase(d)}已超过承诺办结时限${due ? `（${due}）` : ''}，请立即办理，已报督办。`;
    }
    case 'decision-rejected':
      return `${SIGNATURE}您申请的办件${theCase(d)}经审查，决定不予许可。理由：${d.opinion ?? '详见《不予许可决定书》'}。如不服，可依法申请行政复议或提起行政诉讼。`;
    case 'supplement-overdue':
      return `${SIGNATURE}您的办件${theCase(d)}未在补正期限内提交补正材料，视为撤回申请，办理终止。如需办理，请重新申请。`;
    case 'rectification-verify-overdue':
      return `【差评核实超时】${d.ratingId ? `评价${d.ratingId}` : '差评'}${d.caseNo ? `（办件${d.caseNo}）` : ''}的回访核实已超过期限${day(d.verifyDueAt) ? `（${day(d.verifyDueAt) ?? ''}）` : ''}，请尽快核实。`;
    case 'rectification-rectify-overdue':
      return `【差评整改超时】${d.ratingId ? `评价${d.ratingId}` : '差评'}${d.caseNo ? `（办件${d.caseNo}）` : ''}的整改已超过期限${day(d.rectifyDueAt) ? `（${day(d.rectifyDueAt) ?? ''}）` : ''}，请尽快整改并反馈。`;
    case 'rectification-feedback':
      return `${SIGNATURE}您对办件${d.caseNo ?? ''}的评价我们已核实处理：${d.rectification ?? d.verifyOpinion ?? '已核实'}。感谢您的监督。`;
    case 'complaint-overdue':
      return `【办不成事督办】反映${d.complaintNo ?? ''}已超过办理期限${day(d.resolveDueAt) ? `（${day(d.resolveDueAt) ?? ''}）` : ''}，请立即办理并反馈。`;
    case 'complaint-feedback':
      return `${SIGNATURE}您反映的问题${d.complaintNo ? `（编号${d.complaintNo}）` : ''}已办理：${d.resolution ?? '已处理'}。我们将回访您是否满意。`;
    case 'rating-invitation':
      return `${SIGNATURE}您的办件${theCase(d)}已办结。请对本次服务作出评价：${d.ratingLink ?? ''}`;
  }
}
