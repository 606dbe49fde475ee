// workers/rules/credit-code.ts: 统一社会信用代码 (GB 32100-2015), test vectors from domain.md §3.
import { describe, expect, it } from 'vitest';
import {
  CREDIT_CODE_CHARSET,
  creditCodeCheckCharacter,
  validateCreditCode,
  type CreditCodeCheck,
} from '../../../workers/rules/credit-code.js';
import type { IdentifierFault } from '../../../workers/rules/identifier-check.js';

function fault(check: CreditCodeCheck): IdentifierFault {
  if (check.ok) throw new Error(`expected a fault, got ok for ${check.normalized}`);
  return check;
}

describe('validateCreditCode: published vectors', () => {
  it.each([
    ['91110000600037341L', '工商', '企业'], // python-stdnum doctest
    ['9144030071526726XG', '工商', '企业'],
    ['121200004013590816', '机构编制', '事业单位'],
    ['91310115MA1K3BTP2B', '工商', '企业'],
    ['92340602MA2PBMEM24', '工商', '个体工商户'],
    ['91350100M000100Y43', '工商', '企业'], // the standard's worked example
  ])('%s is valid (%s / %s)', (code, authority, category) => {
    const check = validateCreditCode(code);
    expect(check).toMatchObject({ ok: true, normalized: code, authority, category });
  });

  it("splits a code into its parts", () => {
    expect(validateCreditCode('91310115MA1K3BTP2B')).toEqual({
      ok: true,
      normalized: '91310115MA1K3BTP2B',
      authorityCode: '9',
      authority: '工商',
      categoryCode: '1',
      category: '企业',
      regionCode: '310115',
      subjectCode: 'MA1K3BTP2',
    });
  });

  it("computes the standard's worked example: sum 1640, mod 31 = 28 → check 3", () => {
    expect(creditCodeCheckCharacter('91350100M000100Y4')).toBe('3');
  });

  it("refuses the standard's counter-example 91350100M000100Y4Z, saying what position 18 should be", () => {
    const f = fault(validateCreditCode('91350100M000100Y4Z'));
    expect(f.fault).toBe('checkCharacter');
    expect(f.position).toBe(18);
    expect(f.expected).toBe('3');
    expect(f.actual).toBe('Z');
    expect(f.reason).toContain('第18位校验码应为3，实为Z');
    expect(f.reasonEn).toContain('should be 3');
    // Z is never a code character, so this can't be a pilot-area exception.
    expect(f.overridable).toBe(false);
  });

  it('reports a pilot-area code that fails the checksum as overridable (domain.md §3)', () => {
    const f = fault(validateCreditCode('91350100M0001TGQXM'));
    expect(f).toMatchObject({ fault: 'checkCharacter', position: 18, expected: '1', actual: 'M', overridable: true });
    expect(f.reason).toBe('第18位校验码应为1，实为M（请核对证照原件）');
  });
});

describe('validateCreditCode: what clerks type', () => {
  it('normalises lower case, full-width characters and spaces', () => {
    expect(validateCreditCode(' 9131 0115 ma1k 3btp 2b ')).toMatchObject({ ok: true, normalized: '91310115MA1K3BTP2B' });
    expect(validateCreditCode('９１１１００００６０００３７３４１Ｌ')).toMatchObject({ ok: true, normalized: '91110000600037341L' });
    expect(validateCreditCode('91110000600037341L\u3000')).toMatchObject({ ok: true });
  });

  it('refuses an empty input', () => {
    expect(fault(validateCreditCode('  '))).toMatchObject({ fault: 'empty', reason: '未填写统一社会信用代码' });
  });

  it('reports a wrong length with the first missing or extra position', () => {
    const short = fault(validateCreditCode('91110000600037341'));
    expect(short).toMatchObject({ fault: 'length', position: 18 });
    expect(short.reason).toBe('统一社会信用代码应为18位，实为17位');
    expect(fault(validateCreditCode('91110000600037341LL'))).toMatchObject({ fault: 'length', position: 19 });
  });

  it('recognises an old 15-digit registration number and a 9-character organization code', () => {
    expect(fault(validateCreditCode('110000000000001')).reason).toContain('旧的工商注册号');
    expect(fault(validateCreditCode('60003734-1')).reason).toContain('组织机构代码');
  });

  it('refuses a letter in the region code (positions 3–8) at its position', () => {
    const f = fault(validateCreditCode('9111A000600037341L'));
    expect(f).toMatchObject({ fault: 'character', position: 5, actual: 'A' });
    expect(f.reason).toBe('第5位应为数字（第3–8位是登记管理机关行政区划码），实为“A”');
  });

  it.each([
    ['O', '0'],
    ['I', '1'],
    ['Z', '2'],
    ['S', '5'],
  ])('refuses the unused letter %s and suggests the digit %s', (letter, digit) => {
    const f = fault(validateCreditCode(`911100006${letter}0037341L`));
    expect(f).toMatchObject({ fault: 'character', position: 10, actual: letter });
    expect(f.reason).toContain(`第10位“${letter}”不是统一社会信用代码使用的字符`);
    expect(f.reason).toContain(`可能应为数字${digit}`);
  });

  it('refuses V and punctuation without a guess', () => {
    expect(fault(validateCreditCode('V1110000600037341L'))).toMatchObject({ fault: 'character', position: 1 });
    const f = fault(validateCreditCode('91110000600037*41L'));
    expect(f).toMatchObject({ fault: 'character', position: 15, actual: '*' });
    expect(f.reason).not.toContain('可能应为');
  });

  it('accepts letters in positions 1–2 and codes newer than the authority table', () => {
    const other = `Y1110000600037341`;
    expect(validateCreditCode(other + creditCodeCheckCharacter(other))).toMatchObject({ ok: true, authority: '其他' });
    const unknown = `B7110000600037341`;
    expect(validateCreditCode(unknown + creditCodeCheckCharacter(unknown))).toMatchObject({
      ok: true,
      authorityCode: 'B',
      authority: null,
      category: null,
    });
    const unknownCategory = `9811000060003734`;
    const code = unknownCategory + '1';
    expect(validateCreditCode(code + creditCodeCheckCharacter(code))).toMatchObject({ ok: true, authority: '工商', category: null });
  });
});

describe('the mod-31 check character', () => {
  const valid = '91310115MA1K3BTP2B';

  it('catches every single-character substitution', () => {
    for (let i = 0; i < 18; i++) {
      for (const c of CREDIT_CODE_CHARSET) {
        if (c === valid[i]) continue;
        const changed = valid.slice(0, i) + c + valid.slice(i + 1);
        const check = validateCreditCode(changed);
        expect(check.ok, changed).toBe(false);
      }
    }
  });

  it('catches every swap of two different neighbouring characters', () => {
    for (let i = 0; i < 17; i++) {
      const a = valid.charAt(i);
      const b = valid.charAt(i + 1);
      if (a === b) continue;
      const swapped = valid.slice(0, i) + b + a + valid.slice(i + 2);
      expect(validateCreditCode(swapped).ok, swapped).toBe(false);
    }
  });

  it('maps a remainder of 0 to the check character 0', () => {
    // C18 = 31 − (Σ mod 31), where 31 means 0: find a body whose sum is a multiple of 31.
    let body = '';
    for (let n = 0; n < 1000 && body === ''; n++) {
      const candidate = `91110000${String(n).padStart(9, '0')}`;
      if (creditCodeCheckCharacter(candidate) === '0') body = candidate;
    }
    expect(body).not.toBe('');
    expect(validateCreditCode(`${body}0`).ok).toBe(true);
  });

  it('refuses input that is not 17 code characters', () => {
    expect(() => creditCodeCheckCharacter('9111000060003734')).toThrow(RangeError);
    expect(() => creditCodeCheckCharacter('9111000060003734O')).toThrow(/position 17/);
  });
});
