// Case number prefixes when an org unit has none set, and the public lookup's miss counter.
import { describe, expect, it } from 'vitest';
import { defaultCasePrefix } from '../../../api/cases/case-number.js';
import { LookupThrottle } from '../../../api/cases/lookup-throttle.js';
import { ApiError } from '../../../api/http/errors.js';

describe('default case number prefix', () => {
  it('is the initials of the unit id, upper case', () => {
    expect(defaultCasePrefix('county')).toBe('C');
    expect(defaultCasePrefix('town-qingshan')).toBe('TQ');
    expect(defaultCasePrefix('town_he-kou')).toBe('THK');
  });

  it('always starts with a letter and stays short', () => {
    expect(defaultCasePrefix('3rd-district')).toBe('U3D');
    expect(defaultCasePrefix('a-b-c-d-e-f-g-h-i-j').length).toBeLessThanOrEqual(8);
  });
});

describe('public lookup throttle', () => {
  it('stops an address after its misses in the window, and lets it go once the window moves on', () => {
    const throttle = new LookupThrottle({ windowMinutes: 15, missesPerAddress: 3 });
    const t0 = new Date('2026-03-02T09:00:00+08:00');
    for (let i = 0; i < 3; i++) {
      throttle.check('1.2.3.4', t0);
      throttle.miss('1.2.3.4', t0);
    }
    let refused: unknown;
    try {
      throttle.check('1.2.3.4', new Date(t0.getTime() + 60_000));
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).status).toBe(429);
    expect(Number((refused as ApiError).headers['Retry-After'])).toBe(14 * 60);
    // Another address is not affected; the same one is free after 15 minutes.
    expect(() => throttle.check('5.6.7.8', t0)).not.toThrow();
    expect(() => throttle.check('1.2.3.4', new Date(t0.getTime() + 15 * 60_000 + 1))).not.toThrow();
  });
});
