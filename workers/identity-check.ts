// 身份核验 `ow.identity-check` (processes/README.md): the applicant's 统一社会信用代码 or 居民身份证号
// must pass its check character. A bad identifier is a business "no" — BPMN error
// IDENTITY_INVALID with the reason a clerk can read out — and the flow refuses the case.
import { validateCreditCode } from './rules/credit-code.js';
import { chinaDateOf } from './rules/calendar/iso-date.js';
import { validateIdNumber } from './rules/id-number.js';
import { BusinessRuleError, type WorkerDefinition } from './worker.js';

export const IDENTITY_INVALID = 'IDENTITY_INVALID';

function field(applicant: unknown, name: string): string | undefined {
  if (applicant === null || typeof applicant !== 'object') return undefined;
  const v = (applicant as Record<string, unknown>)[name];
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

/** `now` overrides the context's clock (the ID number's birth date must not be in the future). */
export function identityCheck(now?: () => number): WorkerDefinition {
  return {
    taskType: 'ow.identity-check',
    title: '身份核验',
    handle({ variables }, ctx) {
      const applicant = variables['applicant'];
      const creditCode = field(applicant, 'creditCode');
      const idNumber = field(applicant, 'idNumber');
      if (!creditCode && !idNumber) {
        const problem = '申请人缺少统一社会信用代码或居民身份证号';
        throw new BusinessRuleError(IDENTITY_INVALID, `${problem}（applicant.creditCode / applicant.idNumber）`, { identityProblem: problem });
      }
      if (creditCode) {
        const r = validateCreditCode(creditCode);
        if (!r.ok) {
          const problem = `统一社会信用代码有误：${r.reason}`;
          throw new BusinessRuleError(IDENTITY_INVALID, problem, { identityFault: r.fault, identityProblem: problem });
        }
      }
      if (idNumber) {
        const r = validateIdNumber(idNumber, { today: chinaDateOf(now ? now() : ctx.now()) });
        if (!r.ok) {
          const problem = `居民身份证号有误：${r.reason}`;
          throw new BusinessRuleError(IDENTITY_INVALID, problem, { identityFault: r.fault, identityProblem: problem });
        }
      }
      return { identityVerified: true };
    },
  };
}
