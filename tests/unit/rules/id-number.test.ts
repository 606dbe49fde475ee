// workers/rules/id-number.ts: 居民身份证号 (GB 11643-1999), test vectors from domain.md §3.
import { describe, expect, it } from 'vitest';
import { idNumberCheckCharacter, validateIdNumber, type IdNumberCheck } from '../../../workers/rules/id-number.js';
import type { IdentifierFault } from '../../../workers/rules/identifier-check.js';

const today = '2025-06-01';

function fault(check: IdNumberCheck): IdentifierFault {
  if (check.ok) throw new Error(`expected a fault, got ok for ${check.normalized}`);
  return check;
}

/** A well-formed number with a correct check character from its first 17 digits. */
function withCheck(first17: string): string {
  return first17 + idNumberCheckCharacter(first17);
}

describe('validateIdNumber: published vectors', () => {
  it.each([
    ['11010519491231002X', '110105', '1949-12-31', 'female'], // the standard's example, R = 2 → X
    ['440524188001010014', '440524', '1880-01-01', 'male'], // the standard's
    ['360426199101010071', '360426', '1991-01-01', 'male'],
    ['44011320141005001X', '440113', '2014-10-05', 'male'], // python-stdnum
  ])('%s is valid: region %s, born %s, %s', (id, regionCode, birthDate, sex) => {
    expect(validateIdNumber(id, { today })).toEqual({ ok: true, normalized: id, regionCode, birthDate, sex });
  });

  it('refuses 36042619910102009X, naming the check character it should have', () => {
    const f = fault(validateIdNumber('36042619910102009X', { today }));
    expect(f).toMatchObject({ fault: 'checkCharacter', position: 18, expected: '3', actual: 'X', overridable: false });
    expect(f.reason).toContain('第18位校验码应为3，实为X');
    expect(f.reasonEn).toContain('should be 3');
  });
});

describe('validateIdNumber: what clerks type', () => {
  it('accepts a lower-case x and stores it upper-case', () => {
    expect(validateIdNumber('11010519491231002x', { today })).toMatchObject({ ok: true, normalized: '11010519491231002X' });
  });

  it('accepts spaces and full-width digits', () => {
    expect(validateIdNumber('110105 19491231 002X', { today })).toMatchObject({ ok: true });
    expect(validateIdNumber('１１０１０５１９４９１２３１００２Ｘ', { today })).toMatchObject({ ok: true });
  });

  it('refuses an empty input', () => {
    expect(fault(validateIdNumber('', { today }))).toMatchObject({ fault: 'empty', reason: '未填写居民身份证号' });
  });

  it('explains a 15-digit first-generation number', () => {
    const f = fault(validateIdNumber('110105491231002', { today }));
    expect(f.fault).toBe('length');
    expect(f.reason).toContain('15位的第一代身份证号');
  });

  it('reports a wrong length with the first missing or extra position', () => {
    expect(fault(validateIdNumber('11010519491231002', { today }))).toMatchObject({ fault: 'length', position: 18 });
    expect(fault(validateIdNumber('11010519491231002X1', { today }))).toMatchObject({ fault: 'length', position: 19 });
    expect(fault(validateIdNumber('11010519491231002', { today })).reason).toBe('居民身份证号应为18位，实为17位');
  });

  it('refuses a non-digit before position 18, explaining an X in the wrong place', () => {
    const f = fault(validateIdNumber('1101051949123100X2', { today }));
    expect(f).toMatchObject({ fault: 'character', position: 17, actual: 'X' });
    expect(f.reason).toBe('第17位应为数字，实为“X”（只有第18位校验码可以是X）');
    expect(fault(validateIdNumber('11010519491231O02X', { today }))).toMatchObject({ fault: 'character', position: 15 });
  });

  it('refuses a check character that is neither a digit nor X, saying what it should be', () => {
    const f = fault(validateIdNumber('11010519491231002Y', { today }));
    expect(f).toMatchObject({ fault: 'checkCharacter', position: 18, expected: 'X', actual: 'Y' });
  });
});

describe('validateIdNumber: region code shape', () => {
  it('refuses a prefix that is no province', () => {
    const f = fault(validateIdNumber(withCheck('00010519491231002'), { today }));
    expect(f).toMatchObject({ fault: 'region', position: 1 });
    expect(f.reason).toContain('不是省级行政区划代码');
  });

  it("hints that a number starting with 9 is a foreigner's permanent residence ID", () => {
    expect(fault(validateIdNumber(withCheck('91010519491231002'), { today })).reason).toContain('外国人永久居留身份证');
  });

  it('accepts the residence permits of Hong Kong, Macao and Taiwan residents (81/82/83)', () => {
    for (const prefix of ['810000', '820000', '830000']) {
      expect(validateIdNumber(withCheck(`${prefix}19900101001`), { today }).ok).toBe(true);
    }
  });
});

describe('validateIdNumber: birth date', () => {
  it.each([
    ['19910230', 13], // no 30 February
    ['19911301', 11], // no month 13
    ['19910100', 13],
    ['19000229', 13], // 1900 was not a leap year
    ['17991231', 7], // before 1800: a typing error
  ])('refuses %s at position %i', (birth, position) => {
    const f = fault(validateIdNumber(withCheck(`360426${birth}007`), { today }));
    expect(f).toMatchObject({ fault: 'birthDate', position, actual: birth });
    expect(f.reason).toBe(`第7–14位出生日期“${birth}”不是有效日期`);
  });

  it('accepts 29 February in a leap year', () => {
    expect(validateIdNumber(withCheck('36042620000229007'), { today })).toMatchObject({ ok: true, birthDate: '2000-02-29' });
  });

  it('refuses a birth date after today, and accepts one on today', () => {
    const tomorrow = fault(validateIdNumber(withCheck('36042620250602007'), { today }));
    expect(tomorrow).toMatchObject({ fault: 'birthDate', position: 7 });
    expect(tomorrow.reason).toBe('出生日期2025-06-02晚于今天（2025-06-01），不可能');
    expect(validateIdNumber(withCheck('36042620250601007'), { today })).toMatchObject({ ok: true });
  });

  it('needs a real today', () => {
    expect(() => validateIdNumber('11010519491231002X', { today: '2025-13-01' })).toThrow(RangeError);
  });
});

describe('validateIdNumber: sex from the sequence code', () => {
  it('odd position 17 → male, even → female', () => {
    for (let d = 0; d <= 9; d++) {
      const check = validateIdNumber(withCheck(`3604261991010100${d}`), { today });
      expect(check).toMatchObject({ ok: true, sex: d % 2 === 1 ? 'male' : 'female' });
    }
  });
});

describe('the MOD 11-2 check character', () => {
  it('catches every single-digit substitution and every neighbour swap', () => {
    const valid = '11010519491231002X';
    for (let i = 0; i < 17; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === valid[i]) continue;
        const changed = valid.slice(0, i) + String(d) + valid.slice(i + 1);
        expect(validateIdNumber(changed, { today }).ok, changed).toBe(false);
      }
      if (i < 16 && valid[i] !== valid[i + 1]) {
        const swapped = valid.slice(0, i) + valid.charAt(i + 1) + valid.charAt(i) + valid.slice(i + 2);
        expect(validateIdNumber(swapped, { today }).ok, swapped).toBe(false);
      }
    }
  });

  it('refuses anything but 17 digits', () => {
    expect(() => idNumberCheckCharacter('1101051949123100')).toThrow(RangeError);
    expect(() => idNumberCheckCharacter('1101051949123100X')).toThrow(RangeError);
  });
});
