// 通知 `ow.notify` (processes/README.md, the template table): renders `template` into Chinese
// (rules/message-templates.ts) for each of `to` — a string is a staff group (a message in the staff
// inbox), an object is a person (an SMS to their phone through the context's sender; a person with
// no phone is recorded as undeliverable for staff to call). Everything lands in app.outbox.
// `warning-yellow` / `warning-red` also set cases.warning (a red card is never turned back to yellow).
// Completes with nothing: what a notice records in the flow it records by its own output mapping.
// Works without a case row (rectification and complaint flows may name no case).
import { applicantOf } from './applicant.js';
import type { WorkerContext } from './context.js';
import type { OutgoingMessage, Recipient } from './outbox.js';
import { sendMessages } from './outbox.js';
import { renderMessage, type MessageData } from './rules/message-templates.js';
import type { Variables, WorkerDefinition } from './worker.js';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** What the templates print, from the job's variables and the dictionary. */
export function messageData(variables: Readonly<Variables>, ctx: WorkerContext): MessageData {
  const code = str(variables['subItemCode']);
  return {
    caseNo: str(variables['caseNo']),
    subItemName: code ? ctx.dictionary().byCode.get(code)?.name : undefined,
    committedDueAt: str(variables['committedDueAt']),
    opinion: str(variables['opinion']),
    ratingId: str(variables['ratingId']),
    verifyOpinion: str(variables['verifyOpinion']),
    rectification: str(variables['rectification']),
    rectifyDueAt: str(variables['rectifyDueAt']),
    verifyDueAt: str(variables['verifyDueAt']),
    complaintNo: str(variables['complaintNo']),
    resolution: str(variables['resolution']),
    resolveDueAt: str(variables['resolveDueAt']),
  };
}

export function recipients(to: unknown): Recipient[] {
  if (!Array.isArray(to)) throw new Error('变量 to 应为列表（人员组名或人员对象）');
  return to.map((item: unknown, index): Recipient => {
    if (typeof item === 'string' && item !== '') return { channel: 'staff-group', group: item };
    const person = applicantOf(item);
    if (!person) throw new Error(`to[${index}] 既不是人员组名也不是人员对象`);
    return { channel: 'sms', name: person.name, phone: person.phone };
  });
}

export function notify(): WorkerDefinition {
  return {
    taskType: 'ow.notify',
    title: '通知',
    async handle({ variables, jobKey }, ctx) {
      const template = variables['template'];
      const body = renderMessage(template, messageData(variables, ctx));
      const caseNo = str(variables['caseNo']) ?? null;
      const messages: OutgoingMessage[] = recipients(variables['to']).map((recipient) => ({ template: String(template), recipient, body, caseNo }));
      await sendMessages(ctx, jobKey, messages);
      if (caseNo && (template === 'warning-yellow' || template === 'warning-red')) {
        const warning = template === 'warning-red' ? 'red' : 'yellow';
        await ctx.sql`update app.cases set warning = ${warning}
          where case_no = ${caseNo} and (warning is distinct from 'red')`;
      }
      return {};
    },
  };
}
