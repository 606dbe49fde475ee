// The deadlines the api gives the rectification and complaint flows: the end of the hall's working
// day on the n-th working day after today (次日起算), on the 2025–2026 calendar (domain.md §4), and
// the complaint tiers 即办 / 5 / 10 working days.
import { describe, expect, it } from 'vitest';
import { resolveDueAtForTier } from '../../../api/complaints/resolve-due.js';
import { chinaTimeOf, workingDayDeadline } from '../../../workers/rules/working-time.js';
import { buildCalendar } from '../../../workers/rules/calendar/index.js';

const at = (text: string): Date => new Date(text);

describe('working-day deadlines', () => {
  it('verify within 1 and rectify within 15 working days of a Tuesday rating', () => {
    const rated = at('2026-12-01T10:00:00+08:00');
    expect(workingDayDeadline(rated, 1, { closesAt: '17:30' })).toEqual({ date: '2026-12-02', dueAt: '2026-12-02T17:30:00+08:00', estimated: false });
    // Dec 2–4, 7–11, 14–18, 21, 22: the 15th working day.
    expect(workingDayDeadline(rated, 15, { closesAt: '17:30' })).toEqual({ date: '2026-12-22', dueAt: '2026-12-22T17:30:00+08:00', estimated: false });
  });

  it('skips holidays and counts make-up Saturdays (domain.md vectors: Fri 2026-02-13 +1 → Sat 02-14, +5 → 02-27)', () => {
    const friday = at('2026-02-13T09:00:00+08:00');
    expect(workingDayDeadline(friday, 1, { closesAt: '17:00' }).dueAt).toBe('2026-02-14T17:00:00+08:00');
    expect(workingDayDeadline(friday, 5, { closesAt: '17:00' }).dueAt).toBe('2026-02-27T17:00:00+08:00');
  });

  it('reads "today" on a China wall clock: 16:30 UTC is already the next day in the hall', () => {
    // 2026-02-12T16:30Z = Fri 2026-02-13 00:30 in China, so +1 is the make-up Saturday.
    expect(chinaTimeOf(at('2026-02-12T16:30:00Z'))).toBe('00:30');
    expect(workingDayDeadline(at('2026-02-12T16:30:00Z'), 1, { closesAt: '17:30' }).dueAt).toBe('2026-02-14T17:30:00+08:00');
  });

  it('a deadline in a year the calendar lacks is still given, counting weekends only, and flagged as estimated', () => {
    // Sun 2026-12-20 + 15: Dec 21–25, 28–31, Jan 1 (a holiday the calendar does not know yet), Jan 4–8.
    expect(workingDayDeadline(at('2026-12-20T10:00:00+08:00'), 15, { closesAt: '17:30' })).toEqual({ date: '2027-01-08', dueAt: '2027-01-08T17:30:00+08:00', estimated: true });
  });

  it('refuses nonsense limits and times', () => {
    expect(() => workingDayDeadline(at('2026-12-01T10:00:00+08:00'), -1, { closesAt: '17:30' })).toThrow(/whole number/);
    expect(() => workingDayDeadline(at('2026-12-01T10:00:00+08:00'), 1, { closesAt: '25:00' })).toThrow(/HH:MM/);
  });
});

describe('complaint tiers → resolveDueAt', () => {
  it('即办 is the end of today while the working day lasts', () => {
    expect(resolveDueAtForTier('instant', at('2026-12-01T10:00:00+08:00'), '17:30').dueAt).toBe('2026-12-01T17:30:00+08:00');
  });

  it('即办 after hours, or on a day off, moves to the next working day (never a deadline already past)', () => {
    expect(resolveDueAtForTier('instant', at('2026-12-01T18:05:00+08:00'), '17:30').dueAt).toBe('2026-12-02T17:30:00+08:00');
    // Friday evening before the Spring Festival: the next working day is the make-up Saturday.
    expect(resolveDueAtForTier('instant', at('2026-02-13T18:00:00+08:00'), '17:30').dueAt).toBe('2026-02-14T17:30:00+08:00');
    // National Day holiday (Oct 1–7): Thursday Oct 8.
    expect(resolveDueAtForTier('instant', at('2026-10-03T09:00:00+08:00'), '17:30').dueAt).toBe('2026-10-08T17:30:00+08:00');
  });

  it('5 and 10 working days count from the day after', () => {
    const now = at('2026-12-01T10:00:00+08:00');
    expect(resolveDueAtForTier('within5', now, '17:30').dueAt).toBe('2026-12-08T17:30:00+08:00');
    expect(resolveDueAtForTier('within10', now, '17:30').dueAt).toBe('2026-12-15T17:30:00+08:00');
  });

  it('uses the calendar it is given (a county that adds a local day off)', () => {
    const local = buildCalendar([{ date: '2026-12-02', kind: 'holiday', name: '县庆' }], { years: [2026] });
    expect(resolveDueAtForTier('within5', at('2026-12-01T10:00:00+08:00'), '17:30', local).dueAt).toBe('2026-12-09T17:30:00+08:00');
  });
});
