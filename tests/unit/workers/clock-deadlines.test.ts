// The legal clock's date-times for the flow (workers/rules/clock-deadlines.ts), on the 2025–2026
// calendar test vectors of domain.md §4.
import { describe, expect, it } from 'vitest';
import { chinaCalendar } from '../../../workers/rules/calendar/calendar-file.js';
import { clockDeadlines, ledgerStops } from '../../../workers/rules/clock-deadlines.js';

const calendar = chinaCalendar();
const at = (iso: string): Date => new Date(iso);

describe('clock deadlines', () => {
  it('accepted Fri 2025-04-25: 20 working days fall on 2025-05-27 (labour-day holiday, Sun 4/27 make-up workday); 10 on 05-13', () => {
    const d = clockDeadlines({ acceptedOn: '2025-04-25', committedDays: 10, legalDays: 20, stops: [], calendar, yellowWithinDays: 1 });
    expect(d.legalDueAt).toBe('2025-05-27T23:59:59+08:00');
    expect(d.committedDueAt).toBe('2025-05-13T23:59:59+08:00');
    // Yellow from the start of the last working day but one.
    expect(d.yellowAt).toBe('2025-05-12T00:00:00+08:00');
  });

  it('the other vectors: Fri 2025-01-24 +5 → 02-07 (Spring Festival, Sun 1/26 worked); Fri 2026-02-13 +5 → 02-27; +1 → Sat 02-14 (a make-up workday)', () => {
    expect(clockDeadlines({ acceptedOn: '2025-01-24', committedDays: 5, legalDays: 5, stops: [], calendar, yellowWithinDays: 1 }).committedDueAt).toBe('2025-02-07T23:59:59+08:00');
    const spring = clockDeadlines({ acceptedOn: '2026-02-13', committedDays: 1, legalDays: 5, stops: [], calendar, yellowWithinDays: 2 });
    expect(spring.committedDue).toBe('2026-02-14');
    expect(spring.legalDue).toBe('2026-02-27');
    // Two working days before Sat 02-14 is Thu 02-12 — before acceptance: yellow at once.
    expect(spring.yellowOn).toBe('2026-02-12');
  });

  it('a suspension from Tue 2025-05-06 to Mon 05-12 (5 working days) moves both due dates by 5 working days', () => {
    const stops = ledgerStops([
      { state: 'running', startedAt: at('2025-04-25T10:00:00+08:00'), endedAt: at('2025-05-06T15:00:00+08:00') },
      { state: 'suspended', startedAt: at('2025-05-06T15:00:00+08:00'), endedAt: at('2025-05-12T09:30:00+08:00'), reason: 'supplement' },
      { state: 'running', startedAt: at('2025-05-12T09:30:00+08:00'), endedAt: null },
    ]);
    expect(stops).toEqual([{ kind: 'suspension', from: '2025-05-06', to: '2025-05-12', reason: 'supplement' }]);
    const d = clockDeadlines({ acceptedOn: '2025-04-25', committedDays: 10, legalDays: 20, stops, calendar, yellowWithinDays: 1 });
    expect(d.committedDue).toBe('2025-05-20');
    // 05-27 + 5 working days, over the Dragon Boat holiday (5/31–6/2).
    expect(d.legalDue).toBe('2025-06-04');
  });

  it('reads ledger instants as China dates and merges stops that touch the same day', () => {
    const stops = ledgerStops([
      { state: 'suspended', startedAt: at('2025-05-06T17:00:00Z'), endedAt: at('2025-05-07T02:00:00Z') }, // 05-07 01:00 → 05-07 10:00 China time
      { state: 'running', startedAt: at('2025-05-07T02:00:00Z'), endedAt: at('2025-05-07T03:00:00Z') },
      { state: 'suspended', startedAt: at('2025-05-07T03:00:00Z'), endedAt: null },
    ]);
    expect(stops).toEqual([{ kind: 'suspension', from: '2025-05-07', to: null }]);
  });

  it('has no deadlines while the clock stands still', () => {
    expect(() => clockDeadlines({ acceptedOn: '2025-04-25', committedDays: 10, legalDays: 20, stops: [{ kind: 'suspension', from: '2025-05-06', to: null }], calendar, yellowWithinDays: 1 })).toThrow(/中止/);
  });
});
