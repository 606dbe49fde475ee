// 企业码 (enterpriseCode): a code printed as a QR code that a clerk scans to bring up an
// enterprise's earlier cases and reusable materials.
//
//   OW1.<统一社会信用代码>.<issued yyyymmdd>.<signature>
//
// The signature is the first 80 bits of HMAC-SHA256 under the installation secret, in base32.
// Everything in the token is upper case letters, digits and '.', for two reasons: a QR code in
// alphanumeric mode holds it in a small symbol (version 3), and a scanner gun "types" it as
// keystrokes — with Caps Lock on, or a Chinese input method turning '.' into '。', what arrives is
// still readable once upper-cased and normalised. The credit code is not secret (it is on the
// licence); the signature stops anyone from making a code for an enterprise that is not theirs.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { validateCreditCode } from '../../workers/rules/credit-code.js';
import { isIsoDate, type IsoDate } from '../../workers/rules/calendar/iso-date.js';

const VERSION = 'OW1';
const SIGNATURE_BYTES = 10;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const TOKEN = /^OW1\.([0-9A-Z]{18})\.(\d{8})\.([A-Z2-7]{16})$/;

export interface EnterpriseCodePayload {
  readonly creditCode: string;
  readonly issuedOn: IsoDate;
}

function base32(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32.charAt((value >>> (bits - 5)) & 31);
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32.charAt((value << (5 - bits)) & 31);
  return out;
}

function signature(secret: Buffer, creditCode: string, compactDate: string): string {
  const mac = createHmac('sha256', secret).update(`onewindow enterprise-code v1\n${creditCode}\n${compactDate}`).digest();
  return base32(mac.subarray(0, SIGNATURE_BYTES));
}

/** The token for an enterprise (its credit code already checked and normalised). */
export function signEnterpriseCode(secret: Buffer, payload: EnterpriseCodePayload): string {
  const compactDate = payload.issuedOn.replaceAll('-', '');
  return `${VERSION}.${payload.creditCode}.${compactDate}.${signature(secret, payload.creditCode, compactDate)}`;
}

/** What scanner or keyboard input turned out to be. */
export type ScannedInput =
  | { readonly kind: 'code'; readonly creditCode: string; readonly issuedOn: IsoDate }
  | { readonly kind: 'creditCode'; readonly creditCode: string }
  | { readonly kind: 'invalid'; readonly reason: string };

/**
 * Reads what a scanner gun (or a clerk's hands) typed: surrounding whitespace and the Enter the
 * scanner sends are ignored, full-width characters and '。' are made half-width, letters upper-cased.
 * A token must carry a valid signature; a bare 18-character credit code must pass its check.
 */
export function readScannedInput(secret: Buffer, input: string): ScannedInput {
  const text = input.normalize('NFKC').replaceAll('。', '.').trim().toUpperCase();
  if (text === '') return { kind: 'invalid', reason: '未扫描到内容：请扫描企业码或输入统一社会信用代码' };
  if (text.startsWith(`${VERSION}.`)) {
    const match = TOKEN.exec(text.replace(/\s+/g, ''));
    const [, creditCode, compactDate, given] = match ?? [];
    if (creditCode === undefined || compactDate === undefined || given === undefined) {
      return { kind: 'invalid', reason: '企业码无效：内容不完整或已损坏，请重新扫描' };
    }
    const expected = signature(secret, creditCode, compactDate);
    if (!timingSafeEqual(Buffer.from(expected), Buffer.from(given))) {
      return { kind: 'invalid', reason: '企业码无效：签名不符，该码可能是伪造的或已损坏，请核实后重新扫描' };
    }
    const issuedOn = `${compactDate.slice(0, 4)}-${compactDate.slice(4, 6)}-${compactDate.slice(6)}`;
    if (!isIsoDate(issuedOn)) return { kind: 'invalid', reason: '企业码无效：签发日期不正确' };
    return { kind: 'code', creditCode, issuedOn };
  }
  const check = validateCreditCode(text);
  if (check.ok) return { kind: 'creditCode', creditCode: check.normalized };
  return { kind: 'invalid', reason: `既不是企业码，也不是有效的统一社会信用代码：${check.reason}` };
}
