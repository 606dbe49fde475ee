// 邮寄送达（邮帮办）`ow.mail-delivery` (processes/README.md): a waybill for the result, in the
// S10 layout EMS uses (rules/waybill-number.ts), kept in app.waybills with its status history
// (app.waybill_events: created → … as the postal service reports; only `created` is ours to
// write). Without a postal contract the number is local; a courier integration replaces
// `waybillNumber` with the number the courier returns. The case gets waybill_no. Writes `waybillNo`.
// A missing `mailAddress` is a technical fault: the clerk chose mail delivery without an address.
import { requireApplicant } from './applicant.js';
import { caseNoOf } from './case-row.js';
import { nextSequence } from './numbering.js';
import { waybillNumber } from './rules/waybill-number.js';
import type { WorkerDefinition } from './worker.js';

export function mailDelivery(): WorkerDefinition {
  return {
    taskType: 'ow.mail-delivery',
    title: '邮寄送达（邮帮办）',
    async handle({ variables, jobKey }, ctx) {
      const caseNo = caseNoOf(variables);
      const applicant = requireApplicant(variables['applicant']);
      const address = variables['mailAddress'];
      if (address === null || address === undefined || (typeof address !== 'object' && typeof address !== 'string')) {
        throw new Error('变量 mailAddress 缺失：选择邮寄送达时须填写收件地址');
      }
      const certificateNo = typeof variables['certificateNo'] === 'string' ? variables['certificateNo'] : null;
      const now = ctx.now();
      const waybillNo = await ctx.sql.begin(async (tx) => {
        const [existing] = await tx<{ waybillNo: string }[]>`select waybill_no as "waybillNo" from app.waybills where job_key = ${jobKey}`;
        if (existing) return existing.waybillNo;
        const no = waybillNumber(await nextSequence(tx, 'waybill', '', 0));
        const recipient = { name: applicant.name, phone: applicant.phone ?? null, address } as Parameters<typeof tx.json>[0];
        await tx`insert into app.waybills (waybill_no, case_no, certificate_no, recipient, status, created_at, job_key)
          values (${no}, ${caseNo}, ${certificateNo}, ${tx.json(recipient)}, 'created', ${now}, ${jobKey})`;
        await tx`insert into app.waybill_events (waybill_no, seq, status, at, note) values (${no}, 1, 'created', ${now}, ${'已生成运单，待揽收'})`;
        await tx`update app.cases set waybill_no = ${no} where case_no = ${caseNo}`;
        return no;
      });
      return { waybillNo };
    },
  };
}
