// 居民身份证号 (`idNumber`, GB 11643-1999): 18 characters —
//   6 地址码 (region) · 8 出生日期 YYYYMMDD · 3 顺序码 (odd = male, even = female) · 1 校验码,
// the check character by ISO 7064 MOD 11-2: R = Σ digit·2^(17−i) mod 11, R 0…10 → 1 0 X 9 8 7 6 5 4 3 2
// (domain.md §3). A lower-case x is accepted and stored upper-case.
//
// The region code is checked for shape only (a province-level prefix): GB/T 2260 codes change
// over time and a person keeps the number issued under an old code, so a list would refuse real
// people. "Not in the future" needs today's date, which the caller passes (no clock in here).
import { dayNumber, isRealDate, type IsoDate } from './calendar/iso-date.js';
import {
  identifierFault,
  normalizeIdentifierInput,
  shown,
  type IdentifierCheck,
} from './identifier-check.js';

const LENGTH = 18;
const WEIGHTS: readonly number[] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';
/**
 * Province-level prefixes of GB/T 2260 (11 北京 … 65 新疆, 71 台湾), plus 81 香港 / 82 澳门 / 83 台湾 used by
 * the residence permits for Hong Kong, Macao and Taiwan residents, which follow the same format.
 */
const PROVINCE_PREFIXES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);
/** Birth years before this are taken as typing errors (the standard's own example is from 1880). */
export const EARLIEST_BIRTH_YEAR = 1800;

export type Sex = 'male' | 'female';

export interface ValidIdNumber {
  /** 18 characters, the check character upper-case. */
  readonly normalized: string;
  /** Positions 1–6, the 地址码. */
  readonly regionCode: string;
  /** Positions 7–14 as 'YYYY-MM-DD'. */
  readonly birthDate: IsoDate;
  /** From the 顺序码's last digit (position 17): odd → male, even → female. */
  readonly sex: Sex;
}

export type IdNumberCheck = IdentifierCheck<ValidIdNumber>;

export interface IdNumberCheckOptions {
  /** Today's date in China ('YYYY-MM-DD'); a birth date after it is refused. */
  readonly today: IsoDate;
}

/** The check character (position 18) for the first 17 digits. */
export function idNumberCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('expected the first 17 digits of an ID number');
  let sum = 0;
  for (let i = 0; i < LENGTH - 1; i++) sum += Number(first17.charAt(i)) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARACTERS.charAt(sum % 11);
}

/**
 * Check a 居民身份证号. Input is normalised first (full-width → half-width, spaces removed, x → X).
 * The first fault found is reported, in this order: empty, length, digits of positions 1–17 (left
 * to right), region code, birth date, check character (position 18: a digit or X).
 */
export function validateIdNumber(text: string, options: IdNumberCheckOptions): IdNumberCheck {
  const today = options.today;
  dayNumber(today);
  const normalized = normalizeIdentifierInput(text);
  const chars = Array.from(normalized);
  if (chars.length === 0) {
    return identifierFault('empty', '未填写居民身份证号', 'No ID number was entered');
  }
  if (chars.length === 15 && /^\d{15}$/.test(normalized)) {
    return identifierFault(
      'length',
      '这是15位的第一代身份证号，已停止使用，请提供18位居民身份证号',
      'This is a 15-digit first-generation ID number, no longer valid; ask for the 18-character number',
      { position: 16 },
    );
  }
  if (chars.length !== LENGTH) {
    return identifierFault(
      'length',
      `居民身份证号应为18位，实为${chars.length}位`,
      `An ID number has 18 characters; this one has ${chars.length}`,
      { position: chars.length < LENGTH ? chars.length + 1 : LENGTH + 1 },
    );
  }
  // Position 18 is judged by the check at the end, which can say what it should be.
  for (let i = 0; i < LENGTH - 1; i++) {
    const c = chars[i] ?? '';
    const position = i + 1;
    if (c < '0' || c > '9') {
      return identifierFault(
        'character',
        `第${position}位应为数字，实为“${shown(c)}”` + (c === 'X' ? '（只有第18位校验码可以是X）' : ''),
        `Position ${position} must be a digit, found '${shown(c)}'` + (c === 'X' ? ' (only the check character may be X)' : ''),
        { position, actual: c },
      );
    }
  }

  const regionCode = normalized.slice(0, 6);
  if (!PROVINCE_PREFIXES.has(regionCode.slice(0, 2))) {
    const foreigner = regionCode.startsWith('9');
    return identifierFault(
      'region',
      `前两位“${regionCode.slice(0, 2)}”不是省级行政区划代码（第1–6位是地址码）` +
        (foreigner ? '；以9开头的可能是外国人永久居留身份证号，不是居民身份证号' : ''),
      `The first two digits '${regionCode.slice(0, 2)}' are not a province code (positions 1–6 are the region code)` +
        (foreigner ? "; a number starting with 9 may be a foreigner's permanent residence ID, not a resident ID" : ''),
      { position: 1, actual: regionCode },
    );
  }

  const birth = normalized.slice(6, 14);
  const year = Number(birth.slice(0, 4));
  const month = Number(birth.slice(4, 6));
  const day = Number(birth.slice(6, 8));
  if (!isRealDate(year, month, day) || year < EARLIEST_BIRTH_YEAR) {
    const position = year < EARLIEST_BIRTH_YEAR ? 7 : month < 1 || month > 12 ? 11 : 13;
    return identifierFault(
      'birthDate',
      `第7–14位出生日期“${birth}”不是有效日期`,
      `The birth date in positions 7–14, '${birth}', is not a real date`,
      { position, actual: birth },
    );
  }
  const birthDate = `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`;
  if (dayNumber(birthDate) > dayNumber(today)) {
    return identifierFault(
      'birthDate',
      `出生日期${birthDate}晚于今天（${today}），不可能`,
      `The birth date ${birthDate} is after today (${today})`,
      { position: 7, actual: birth },
    );
  }

  const expected = idNumberCheckCharacter(normalized.slice(0, LENGTH - 1));
  const actual = chars[LENGTH - 1] ?? '';
  if (actual !== expected) {
    return identifierFault(
      'checkCharacter',
      `第18位校验码应为${expected}，实为${shown(actual)}，号码有误，请核对身份证`,
      `The check character (position 18) should be ${expected}, found '${shown(actual)}': the number is mistyped`,
      { position: LENGTH, expected, actual },
    );
  }

  return {
    ok: true,
    normalized,
    regionCode,
    birthDate,
    sex: Number(normalized.charAt(16)) % 2 === 1 ? 'male' : 'female',
  };
}
