// 制发证照 `ow.issue-certificate` (processes/README.md): the result the sub-item produces
// (dictionary `result`: 营业执照, 食品经营许可证 …) as a certificate with a number of the issuing
// department (rules/document-number.ts: ZZ-<year>-<department>-<running number>), valid for the
// dictionary's `validityYears` when it has one, as a printable page in app.certificates. The case
// gets certificate_no and moves to 待出件 (issuing) unless it is already over. Writes `certificateNo`.
import { requireApplicant } from './applicant.js';
import { caseNoOf, moveCase } from './case-row.js';
import { subItemOf } from './context.js';
import { certificateHtml } from './documents/certificate.js';
import { nextSequence } from './numbering.js';
import { addCalendarDays, chinaDateOf, yearOf } from './rules/calendar/iso-date.js';
import { chineseDate } from './rules/clock-deadlines.js';
import { certificateNumber } from './rules/document-number.js';
import type { WorkerDefinition } from './worker.js';

/** The day before the same date `years` later (a 5-year licence issued 2026-03-01 runs to 2031-02-28). */
export function validUntil(issuedOn: string, years: number): string {
  const [y, m, d] = issuedOn.split('-').map(Number);
  const year = (y ?? 0) + years;
  const month = m ?? 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = d ?? 1;
  const anniversary = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(day, lastDay)).padStart(2, '0')}`;
  // Issued on 29 February: the anniversary in a common year is 1 March, so it runs to 28 February.
  return day > lastDay ? anniversary : addCalendarDays(anniversary, -1);
}

export function issueCertificate(): WorkerDefinition {
  return {
    taskType: 'ow.issue-certificate',
    title: '制发证照',
    async handle({ variables, jobKey }, ctx) {
      const caseNo = caseNoOf(variables);
      const subItem = subItemOf(ctx, variables['subItemCode']);
      const applicant = requireApplicant(variables['applicant']);
      const departments = [...ctx.dictionary().departments.keys()];
      const departmentIndex = departments.indexOf(subItem.department);
      if (departmentIndex < 0) throw new Error(`部门 ${subItem.department} 不在 departments.json 中（业务办理项 ${subItem.code}）`);
      const departmentName = ctx.dictionary().departments.get(subItem.department)?.name ?? subItem.department;
      const now = ctx.now();
      const today = chinaDateOf(now);
      const certificateNo = await ctx.sql.begin(async (tx) => {
        const [existing] = await tx<{ certificateNo: string }[]>`select certificate_no as "certificateNo" from app.certificates where job_key = ${jobKey}`;
        if (existing) return existing.certificateNo;
        const no = certificateNumber(departmentIndex, yearOf(today), await nextSequence(tx, 'certificate', subItem.department, yearOf(today)));
        const years = subItem.result.validityYears;
        const until = years === undefined ? undefined : validUntil(today, years);
        const holderId = applicant.creditCode ?? applicant.idNumber;
        const html = certificateHtml({
          certificateNo: no,
          name: subItem.result.name,
          holderName: applicant.name,
          holderId,
          subItemName: subItem.name,
          caseNo,
          department: departmentName,
          issuedOn: chineseDate(today),
          validUntil: until === undefined ? undefined : chineseDate(until),
        });
        await tx`insert into app.certificates (certificate_no, case_no, sub_item_code, name, department, holder_name, holder_id, issued_at, valid_until, html, job_key)
          values (${no}, ${caseNo}, ${subItem.code}, ${subItem.result.name}, ${subItem.department}, ${applicant.name}, ${holderId ?? null}, ${now}, ${until ?? null}, ${html}, ${jobKey})`;
        await tx`update app.cases set certificate_no = ${no} where case_no = ${caseNo}`;
        await moveCase(tx, caseNo, 'issuing');
        return no;
      });
      return { certificateNo };
    },
  };
}
