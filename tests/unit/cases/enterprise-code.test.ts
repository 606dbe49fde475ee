// 企业码 tokens: signed with the installation secret, compact enough for a small QR code, and
// read back from whatever a scanner gun types (Enter, Caps Lock, a Chinese input method).
import { randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { readScannedInput, signEnterpriseCode } from '../../../api/enterprise/code.js';

const secret = randomBytes(32);
const creditCode = '91350100M000100Y43';
const token = signEnterpriseCode(secret, { creditCode, issuedOn: '2026-03-02' });

describe('enterprise code tokens', () => {
  it('carry the credit code and issue date, in QR alphanumeric characters only', () => {
    expect(token).toMatch(/^OW1\.91350100M000100Y43\.20260302\.[A-Z2-7]{16}$/);
    // Alphanumeric mode: the code fits a version-3 symbol (29×29 modules), easy to scan from paper.
    const qr = QRCode.create(token, { errorCorrectionLevel: 'M' });
    expect(qr.version).toBeLessThanOrEqual(3);
  });

  it('read back as the enterprise, whatever the scanner added around them', () => {
    for (const typed of [token, `  ${token}\r\n`, token.toLowerCase(), token.replaceAll('.', '。'), `\t${token}\n`]) {
      expect(readScannedInput(secret, typed)).toEqual({ kind: 'code', creditCode, issuedOn: '2026-03-02' });
    }
  });

  it('a changed character, a token for another enterprise or another secret is refused as forged or damaged', () => {
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    const damaged = readScannedInput(secret, token.slice(0, -1) + last);
    expect(damaged).toMatchObject({ kind: 'invalid' });
    expect(damaged.kind === 'invalid' && damaged.reason).toContain('伪造');
    const other = token.replace(creditCode, '9144030071526726XG');
    expect(readScannedInput(secret, other).kind).toBe('invalid');
    expect(readScannedInput(randomBytes(32), token).kind).toBe('invalid');
    const truncated = readScannedInput(secret, token.slice(0, 20));
    expect(truncated.kind === 'invalid' && truncated.reason).toContain('不完整');
  });

  it('a bare credit code typed by hand is accepted when its check character is right', () => {
    expect(readScannedInput(secret, ' 91350100m000100y43 ')).toEqual({ kind: 'creditCode', creditCode });
    const wrong = readScannedInput(secret, '91350100M000100Y4Z');
    expect(wrong.kind).toBe('invalid');
    expect(wrong.kind === 'invalid' && wrong.reason).toContain('校验码');
    expect(readScannedInput(secret, '   ').kind).toBe('invalid');
  });
});
