// "No progress for N working hours" counts the hall's opening hours (09:00–12:00, 13:30–17:30
// China time) on working days of the holiday calendar — not nights, weekends or holidays.
import { describe, expect, it } from 'vitest';
import { workingHoursBetween } from '../../api/supervision/working-hours.js';

const at = (s: string): Date => new Date(s);

describe('working hours between two instants', () => {
  it('counts only opening hours within one day', () => {
    expect(workingHoursBetween(at('2025-03-05T08:00:00+08:00'), at('2025-03-05T20:00:00+08:00'))).toBe(7);
    expect(workingHoursBetween(at('2025-03-05T11:00:00+08:00'), at('2025-03-05T14:00:00+08:00'))).toBe(1.5); // 11–12, 13:30–14
  });

  it('skips the weekend: Friday 16:00 to Monday 09:30 is two hours', () => {
    expect(workingHoursBetween(at('2025-03-07T16:00:00+08:00'), at('2025-03-10T09:30:00+08:00'))).toBe(2);
  });

  it('skips the Spring Festival and counts its make-up Saturday', () => {
    // Mon 27 Jan 17:00–17:30, holiday 28 Jan – 4 Feb, Wed 5 Feb 09:00–09:30.
    expect(workingHoursBetween(at('2025-01-27T17:00:00+08:00'), at('2025-02-05T09:30:00+08:00'))).toBe(1);
    // Sat 8 Feb is a make-up workday: a full day.
    expect(workingHoursBetween(at('2025-02-08T00:00:00+08:00'), at('2025-02-09T00:00:00+08:00'))).toBe(7);
  });

  it('is 0 when the end is not after the start', () => {
    expect(workingHoursBetween(at('2025-03-05T10:00:00+08:00'), at('2025-03-05T09:00:00+08:00'))).toBe(0);
  });
});
