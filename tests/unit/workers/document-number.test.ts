// Numbers of notices and certificates (workers/rules/document-number.ts).
import { describe, expect, it } from 'vitest';
import { certificateNumber, noticeNumber } from '../../../workers/rules/document-number.js';

describe('document numbers', () => {
  it('numbers each kind of notice by year with its own prefix', () => {
    expect(noticeNumber('one-time', 2026, 17)).toBe('GZ-2026-000017');
    expect(noticeNumber('supplement', 2026, 3)).toBe('BZ-2026-000003');
    expect(noticeNumber('refusal', 2025, 123456)).toBe('BY-2025-123456');
  });

  it('numbers certificates by year and department (the order of departments.json, from 01)', () => {
    expect(certificateNumber(0, 2026, 123)).toBe('ZZ-2026-01-000123');
    expect(certificateNumber(18, 2025, 1)).toBe('ZZ-2025-19-000001');
  });

  it('refuses numbers that could collide or not print', () => {
    expect(() => noticeNumber('one-time', 2026, 0)).toThrow(/≥ 1/);
    expect(() => noticeNumber('one-time', 26, 1)).toThrow(/four digits/);
    expect(() => certificateNumber(-1, 2026, 1)).toThrow(/department index/);
  });
});
