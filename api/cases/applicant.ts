// The applicant (申请人) as the clerk records it, and the checks that come before a case exists:
// the identity numbers' check characters (workers/rules) and a phone the applicant can be reached
// at — the public lookup and every notice depend on it.
import { z } from 'zod';
import { validateCreditCode } from '../../workers/rules/credit-code.js';
import { validateIdNumber } from '../../workers/rules/id-number.js';
import type { IsoDate } from '../../workers/rules/calendar/iso-date.js';
import type { ErrorIssue } from '../http/errors.js';

/** Mainland mobile (11 digits from 1) or a landline with its area code (0xx…). */
const PHONE = /^(1[3-9]\d{9}|0\d{9,11})$/;

/** A phone as stored and compared: digits only, without +86. */
export function normalizePhone(text: string): string {
  const digits = text.normalize('NFKC').replace(/[\s\-()（）]/g, '');
  return digits.replace(/^(\+?86)(?=1\d{10}$)/, '');
}

export const ApplicantInput = z.object({
  kind: z.enum(['person', 'enterprise'], { error: '应为 person（自然人）或 enterprise（法人和其他组织）' }),
  name: z.string().trim().min(1, '请填写申请人名称').max(100),
  /** 居民身份证号: required for a person; for an enterprise, its legal representative's (optional). */
  idNumber: z.string().trim().min(1).optional(),
  /** 统一社会信用代码: required for an enterprise. */
  creditCode: z.string().trim().min(1).optional(),
  phone: z.string().trim().min(1, '请填写联系电话'),
  /** 联系人 (an enterprise's contact, or the agent who came in person). */
  contact: z.string().trim().max(40).optional(),
  /** 法定代表人. */
  legalRepresentative: z.string().trim().max(40).optional(),
  address: z.string().trim().max(200).optional(),
});
export type ApplicantInput = z.output<typeof ApplicantInput>;

/** The applicant as stored in app.cases.applicant and passed to the flow: identifiers normalised. */
export interface Applicant {
  readonly kind: 'person' | 'enterprise';
  readonly name: string;
  readonly idNumber?: string;
  readonly creditCode?: string;
  readonly phone: string;
  readonly contact?: string;
  readonly legalRepresentative?: string;
  readonly address?: string;
}

/** Checks and normalises the applicant; problems are reported at `body.applicant.*`. */
export function checkApplicant(input: ApplicantInput, today: IsoDate, issues: ErrorIssue[]): Applicant {
  const at = (field: string, message: string): void => {
    issues.push({ path: `body.applicant.${field}`, message });
  };
  let creditCode: string | undefined;
  let idNumber: string | undefined;
  if (input.creditCode !== undefined) {
    const r = validateCreditCode(input.creditCode);
    if (r.ok) creditCode = r.normalized;
    else at('creditCode', r.reason);
  } else if (input.kind === 'enterprise') {
    at('creditCode', '法人和其他组织应填写统一社会信用代码');
  }
  if (input.idNumber !== undefined) {
    const r = validateIdNumber(input.idNumber, { today });
    if (r.ok) idNumber = r.normalized;
    else at('idNumber', r.reason);
  } else if (input.kind === 'person') {
    at('idNumber', '自然人应填写居民身份证号');
  }
  const phone = normalizePhone(input.phone);
  if (!PHONE.test(phone)) at('phone', '应为11位手机号，或带区号的固定电话');
  return {
    kind: input.kind,
    name: input.name,
    ...(idNumber !== undefined ? { idNumber } : {}),
    ...(creditCode !== undefined ? { creditCode } : {}),
    phone,
    ...(input.contact ? { contact: input.contact } : {}),
    ...(input.legalRepresentative ? { legalRepresentative: input.legalRepresentative } : {}),
    ...(input.address ? { address: input.address } : {}),
  };
}
