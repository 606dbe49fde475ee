// 统一社会信用代码 (`creditCode`, GB 32100-2015): 18 characters —
//   1 登记管理部门 · 1 机构类别 · 6 登记管理机关行政区划码 (digits) · 9 主体标识码 · 1 校验码.
// Characters come from the 31-character set 0–9 and A–Y without I, O, Z, S, V; the check character
// makes Σ value·weight ≡ 0 (mod 31) with weights 3^(i−1) mod 31 (domain.md §3).
// A wrong check character is reported as `overridable`: some 2015 pilot-area codes that are
// legally valid don't verify, so staff may accept one after checking the original licence.
import { describeRegistration } from './credit-code-authorities.js';
import {
  identifierFault,
  normalizeIdentifierInput,
  shown,
  type IdentifierCheck,
} from './identifier-check.js';

/** The 31 code characters; a character's value is its index. */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

const LENGTH = 18;
/** W_i = 3^(i−1) mod 31, i = 1…17. */
const WEIGHTS: readonly number[] = Array.from({ length: LENGTH - 1 }, (_, i) => {
  let w = 1;
  for (let k = 0; k < i; k++) w = (w * 3) % 31;
  return w;
});

/** The characters people type by mistake for ones the code doesn't use. */
const LOOKALIKES: Readonly<Record<string, string>> = { O: '0', I: '1', Z: '2', S: '5' };

export interface ValidCreditCode {
  /** Upper-case, half-width, no spaces: the form to store and compare. */
  readonly normalized: string;
  /** Position 1, 登记管理部门代码. */
  readonly authorityCode: string;
  /** Its name (e.g. 工商), or null if GB 32100's table doesn't list the code. */
  readonly authority: string | null;
  /** Position 2, 机构类别代码. */
  readonly categoryCode: string;
  /** Its name within the authority (e.g. 企业, 个体工商户), or null if not listed. */
  readonly category: string | null;
  /** Positions 3–8, 登记管理机关行政区划码. */
  readonly regionCode: string;
  /** Positions 9–17, 主体标识码 (组织机构代码). */
  readonly subjectCode: string;
}

export type CreditCodeCheck = IdentifierCheck<ValidCreditCode>;

/** The check character (position 18) for the first 17 characters of a code. */
export function creditCodeCheckCharacter(first17: string): string {
  if (first17.length !== LENGTH - 1) throw new RangeError(`expected 17 characters, got ${first17.length}`);
  let sum = 0;
  for (let i = 0; i < LENGTH - 1; i++) {
    const value = CREDIT_CODE_CHARSET.indexOf(first17.charAt(i));
    if (value < 0) throw new RangeError(`'${first17.charAt(i)}' at position ${i + 1} is not a credit-code character`);
    sum += value * (WEIGHTS[i] ?? 0);
  }
  return CREDIT_CODE_CHARSET.charAt((31 - (sum % 31)) % 31);
}

function lengthHint(chars: readonly string[]): { zh: string; en: string } {
  const digitsOnly = chars.every((c) => c >= '0' && c <= '9');
  if (chars.length === 15 && digitsOnly) {
    return { zh: '；15位数字可能是旧的工商注册号，请提供营业执照上的18位统一社会信用代码', en: '; 15 digits may be an old business registration number — ask for the 18-character code on the licence' };
  }
  if (chars.length === 9) {
    return { zh: '；9位可能是旧的组织机构代码，请提供18位统一社会信用代码', en: '; 9 characters may be an old organization code — ask for the 18-character code' };
  }
  return { zh: '', en: '' };
}

/**
 * Check a 统一社会信用代码 as a clerk typed or scanned it. Input is normalised first (full-width →
 * half-width, spaces removed, lower case → upper case). The first fault found is reported, in this
 * order: empty, length, characters of positions 1–17 (left to right), check character (position 18,
 * also when it holds a character codes never use — the message then says what it should be).
 */
export function validateCreditCode(text: string): CreditCodeCheck {
  const normalized = normalizeIdentifierInput(text);
  const chars = Array.from(normalized);
  if (chars.length === 0) {
    return identifierFault('empty', '未填写统一社会信用代码', 'No unified social credit code was entered');
  }
  if (chars.length !== LENGTH) {
    const hint = lengthHint(chars);
    return identifierFault(
      'length',
      `统一社会信用代码应为18位，实为${chars.length}位${hint.zh}`,
      `A unified social credit code has 18 characters; this one has ${chars.length}${hint.en}`,
      { position: chars.length < LENGTH ? chars.length + 1 : LENGTH + 1 },
    );
  }
  // Position 18 is judged by the check below, which can say what it should be.
  for (let i = 0; i < LENGTH - 1; i++) {
    const c = chars[i] ?? '';
    const position = i + 1;
    if (position >= 3 && position <= 8) {
      if (c < '0' || c > '9') {
        return identifierFault(
          'character',
          `第${position}位应为数字（第3–8位是登记管理机关行政区划码），实为“${shown(c)}”`,
          `Position ${position} must be a digit (positions 3–8 are the registering authority's region code), found '${shown(c)}'`,
          { position, actual: c },
        );
      }
    } else if (!CREDIT_CODE_CHARSET.includes(c)) {
      const lookalike = LOOKALIKES[c];
      const excluded = 'IOZSV'.includes(c);
      return identifierFault(
        'character',
        `第${position}位“${shown(c)}”不是统一社会信用代码使用的字符` +
          (excluded ? '（代码不使用字母I、O、Z、S、V）' : '（只用数字和大写字母，不含I、O、Z、S、V）') +
          (lookalike ? `，可能应为数字${lookalike}` : ''),
        `Position ${position}: '${shown(c)}' is not used in credit codes (digits and capital letters except I, O, Z, S, V)` +
          (lookalike ? `; probably the digit ${lookalike}` : ''),
        { position, actual: c },
      );
    }
  }
  const expected = creditCodeCheckCharacter(normalized.slice(0, LENGTH - 1));
  const actual = chars[LENGTH - 1] ?? '';
  if (actual !== expected) {
    // A character the code never uses can't be a pilot-area exception: no override for it.
    const usable = CREDIT_CODE_CHARSET.includes(actual);
    return identifierFault(
      'checkCharacter',
      `第18位校验码应为${expected}，实为${shown(actual)}` +
        (usable ? '（请核对证照原件）' : '（代码不使用该字符）'),
      `The check character (position 18) should be ${expected}, found '${shown(actual)}'` +
        (usable ? ' (check the original licence)' : ' (not a credit-code character)'),
      { position: LENGTH, expected, actual, overridable: usable },
    );
  }
  const authorityCode = normalized.charAt(0);
  const categoryCode = normalized.charAt(1);
  return {
    ok: true,
    normalized,
    authorityCode,
    categoryCode,
    ...describeRegistration(authorityCode, categoryCode),
    regionCode: normalized.slice(2, 8),
    subjectCode: normalized.slice(8, 17),
  };
}
