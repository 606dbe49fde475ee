// 邮帮办 waybill numbers in the UPU S10 layout (workers/rules/waybill-number.ts).
import { describe, expect, it } from 'vitest';
import { isWaybillNumber, s10CheckDigit, waybillNumber } from '../../../workers/rules/waybill-number.js';

describe('S10 waybill numbers', () => {
  it('computes the S10 check digit (UPU S10 worked example RR 47312482 9 GB)', () => {
    expect(s10CheckDigit('47312482')).toBe(9);
    expect(isWaybillNumber('RR473124829GB')).toBe(true);
  });

  it('maps 10 to 0 and 11 to 5, as S10 says', () => {
    // The last digit weighs 7: 1 × 7 = 7 → 11 − 7 = 4; 8 × 7 = 56 ≡ 1 → 10 → 0; a zero sum → 11 → 5.
    expect(s10CheckDigit('00000001')).toBe(4);
    expect(s10CheckDigit('00000008')).toBe(0);
    expect(s10CheckDigit('00000000')).toBe(5);
  });

  it('makes 13-character EMS-style numbers whose check digit catches a mistyped digit', () => {
    const no = waybillNumber(12);
    expect(no).toMatch(/^EA\d{9}CN$/);
    expect(no).toHaveLength(13);
    expect(isWaybillNumber(no)).toBe(true);
    const typo = `${no.slice(0, 5)}${(Number(no[5]) + 1) % 10}${no.slice(6)}`;
    expect(isWaybillNumber(typo)).toBe(false);
    expect(waybillNumber(12)).not.toBe(waybillNumber(13));
  });

  it('rejects what is not a serial', () => {
    expect(() => s10CheckDigit('1234567')).toThrow(/8 digits/);
    expect(() => waybillNumber(-1)).toThrow(RangeError);
    expect(isWaybillNumber('EA12345678CN')).toBe(false);
  });
});
