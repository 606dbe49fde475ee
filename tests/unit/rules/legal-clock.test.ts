// workers/rules/legal-clock.ts: the legal clock of a case as a ledger of stops (domain.md §4):
// start day excluded, stops (中止 / 特别程序) cover their first and last day, warnings on the committed limit.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chinaCalendar } from '../../../workers/rules/calendar/index.js';
import {
  DEFAULT_YELLOW_WITHIN_DAYS,
  LegalClockError,
  clockDueDate,
  legalClockStatus,
  validateClockLedger,
  type ClockStop,
  type LegalClockInput,
} from '../../../workers/rules/legal-clock.js';

const calendar = chinaCalendar();

function status(partial: Omit<LegalClockInput, 'calendar' | 'ledger'> & { ledger?: readonly ClockStop[] }) {
  return legalClockStatus({ ledger: [], calendar, ...partial });
}

describe('a running clock (no stops)', () => {
  // Accepted Friday 2025-04-25; the 调休 Sunday 4/27 counts, the May Day break 5/1–5/5 doesn't.
  const accepted = { acceptedOn: '2025-04-25', committedDays: 5, legalDays: 20 } as const;

  it('does not count the day of acceptance and matches domain.md: 2025-04-25 + 20 → 2025-05-27', () => {
    const s = status({ ...accepted, today: '2025-04-25' });
    expect(s.usedDays).toBe(0);
    expect(s.committed.dueDate).toBe('2025-05-06');
    expect(s.legal.dueDate).toBe('2025-05-27');
    expect(s.state).toBe('running');
    expect(s.segments).toEqual([{ kind: 'running', from: '2025-04-26', to: null, workingDays: 0 }]);
  });

  it.each([
    ['2025-04-26', 0, 5, 'none'], // Saturday: nothing used
    ['2025-04-27', 1, 4, 'none'], // 调休 Sunday counts
    ['2025-04-28', 2, 3, 'none'],
    ['2025-04-29', 3, 2, 'yellow'], // 2 working days left (4/30, 5/6)
    ['2025-04-30', 4, 1, 'yellow'],
    ['2025-05-03', 4, 1, 'yellow'], // during the holiday nothing is used
    ['2025-05-06', 5, 0, 'yellow'], // due today
    ['2025-05-07', 6, -1, 'red'], // the committed deadline has passed
    ['2025-05-27', 20, -15, 'red'],
  ] as const)('on %s: used %i, %i left, %s', (today, used, left, warning) => {
    const s = status({ ...accepted, today });
    expect(s.usedDays).toBe(used);
    expect(s.committed.remainingDays).toBe(left);
    expect(s.legal.remainingDays).toBe(20 - used);
    expect(s.warning).toBe(warning);
    expect(s.committed.overdue).toBe(warning === 'red');
    expect(s.legal.overdue).toBe(false);
  });

  it('marks the legal limit overdue the day after its due date', () => {
    const s = status({ ...accepted, today: '2025-05-28' });
    expect(s.legal).toMatchObject({ dueDate: '2025-05-27', remainingDays: -1, overdue: true });
    expect(s.warning).toBe('red');
  });

  it('turns red on the weekend after a Friday deadline, with 0 working days left', () => {
    const s = status({ acceptedOn: '2025-03-03', committedDays: 4, legalDays: 20, today: '2025-03-08' });
    expect(s.committed).toMatchObject({ dueDate: '2025-03-07', remainingDays: 0, overdue: true });
    expect(s.warning).toBe('red');
  });

  it('crosses the year boundary through the holiday and the 调休 Sunday 2026-01-04', () => {
    const s = status({ acceptedOn: '2025-12-29', committedDays: 5, legalDays: 20, today: '2026-01-04' });
    expect(s.committed.dueDate).toBe('2026-01-06');
    expect(s.usedDays).toBe(3); // 12/30, 12/31, 1/4
    expect(s.warning).toBe('yellow');
  });

  it('treats an instant item (0 days) as due on the day of acceptance', () => {
    expect(status({ acceptedOn: '2025-03-03', committedDays: 0, legalDays: 0, today: '2025-03-03' })).toMatchObject({
      committed: { dueDate: '2025-03-03', remainingDays: 0, overdue: false },
      warning: 'yellow',
    });
    expect(status({ acceptedOn: '2025-03-03', committedDays: 0, legalDays: 3, today: '2025-03-04' }).warning).toBe('red');
  });

  it('lets the yellow threshold be configured (default 2)', () => {
    expect(DEFAULT_YELLOW_WITHIN_DAYS).toBe(2);
    expect(status({ ...accepted, today: '2025-04-30', yellowWithinDays: 0 }).warning).toBe('none');
    expect(status({ ...accepted, today: '2025-05-06', yellowWithinDays: 0 }).warning).toBe('yellow');
    expect(status({ ...accepted, today: '2025-04-28', yellowWithinDays: 3 }).warning).toBe('yellow');
  });
});

describe('stops: suspension (中止, e.g. 补正) and special procedure (特别程序)', () => {
  const supplement: ClockStop = { kind: 'suspension', from: '2025-03-05', to: '2025-03-06', reason: '补正：缺经营场所证明' };

  it('stops on the first day and resumes the day after the last', () => {
    // Accepted Monday 3/3: 3/4 counts, 3/5–3/6 don't, counting resumes Friday 3/7.
    const s = status({ acceptedOn: '2025-03-03', committedDays: 5, legalDays: 20, ledger: [supplement], today: '2025-03-06' });
    expect(s.state).toBe('suspension');
    expect(s.usedDays).toBe(1);
    expect(s.stoppedDays).toEqual({ suspension: 2, specialProcedure: 0 });
    expect(s.committed.dueDate).toBe('2025-03-12'); // 3/10 without the stop
    expect(s.legal.dueDate).toBe('2025-04-02'); // 3/31 without the stop
    expect(s.segments).toEqual([
      { kind: 'running', from: '2025-03-04', to: '2025-03-04', workingDays: 1 },
      { kind: 'suspension', from: '2025-03-05', to: '2025-03-06', workingDays: 2 },
      { kind: 'running', from: '2025-03-07', to: null, workingDays: 0 },
    ]);
  });

  it('gives no warning while the clock stands still, even with little time left', () => {
    const s = status({
      acceptedOn: '2025-03-03',
      committedDays: 3,
      legalDays: 20,
      ledger: [{ kind: 'suspension', from: '2025-03-06', to: null }],
      today: '2025-03-10',
    });
    expect(s.committed.remainingDays).toBe(1);
    expect(s.warning).toBe('none');
  });

  it('has no due date while a stop is open, and counts the stopped days', () => {
    const s = status({
      acceptedOn: '2025-03-03',
      committedDays: 5,
      legalDays: 20,
      ledger: [{ kind: 'suspension', from: '2025-03-05', to: null }],
      today: '2025-03-10',
    });
    expect(s.state).toBe('suspension');
    expect(s.committed).toMatchObject({ dueDate: null, dueDateUnknown: 'clockStopped', remainingDays: 4, overdue: false });
    expect(s.stoppedDays.suspension).toBe(4); // 3/5, 3/6, 3/7, 3/10
    expect(s.segments.at(-1)).toEqual({ kind: 'suspension', from: '2025-03-05', to: null, workingDays: 4 });
    expect(s.warning).toBe('none');
  });

  it('stays red when the deadline passed before the stop began', () => {
    const s = status({
      acceptedOn: '2025-03-03',
      committedDays: 1,
      legalDays: 20,
      ledger: [{ kind: 'suspension', from: '2025-03-06', to: null }],
      today: '2025-03-10',
    });
    expect(s.committed).toMatchObject({ dueDate: '2025-03-04', overdue: true, remainingDays: -1 });
    expect(s.legal.dueDateUnknown).toBe('clockStopped');
    expect(s.warning).toBe('red');
  });

  it('handles a suspension spanning the National Day holiday, ending on a 调休 Saturday', () => {
    // Accepted Wed 9/24: 9/25, 9/26, 调休 Sun 9/28 count; 补正 from 9/29, materials back 10/9;
    // counting resumes Fri 10/10, then the 调休 Saturday 10/11 is the 5th day.
    const ledger: ClockStop[] = [{ kind: 'suspension', from: '2025-09-29', to: '2025-10-09', reason: '补正' }];
    const s = status({ acceptedOn: '2025-09-24', committedDays: 5, legalDays: 20, ledger, today: '2025-10-10' });
    expect(s.committed.dueDate).toBe('2025-10-11');
    expect(s.legal.dueDate).toBe('2025-10-31');
    expect(s.usedDays).toBe(4);
    expect(s.stoppedDays.suspension).toBe(3); // 9/29, 9/30, 10/9: the holiday isn't a working day anyway
    expect(s.warning).toBe('yellow');
    expect(clockDueDate('2025-09-24', 5, [], calendar)).toBe('2025-09-30');
  });

  it('chains a special procedure and a suspension across the new year', () => {
    const ledger: ClockStop[] = [
      { kind: 'specialProcedure', from: '2025-12-24', to: '2025-12-26', reason: '现场核查检测' },
      { kind: 'suspension', from: '2025-12-27', to: '2026-01-05', reason: '补正' },
    ];
    const s = status({ acceptedOn: '2025-12-22', committedDays: 10, legalDays: 20, ledger, today: '2026-01-07' });
    expect(s.committed.dueDate).toBe('2026-01-16');
    expect(s.legal.dueDate).toBe('2026-01-30');
    expect(s.usedDays).toBe(3); // 12/23, 1/6, 1/7
    expect(s.stoppedDays).toEqual({ specialProcedure: 3, suspension: 5 }); // 12/29–31, 调休 1/4, 1/5
    expect(s.segments).toEqual([
      { kind: 'running', from: '2025-12-23', to: '2025-12-23', workingDays: 1 },
      { kind: 'specialProcedure', from: '2025-12-24', to: '2025-12-26', workingDays: 3 },
      { kind: 'suspension', from: '2025-12-27', to: '2026-01-05', workingDays: 5 },
      { kind: 'running', from: '2026-01-06', to: null, workingDays: 2 },
    ]);
    expect(s.state).toBe('running');
    expect(s.warning).toBe('none');
  });

  it('allows a stop to begin on the day of acceptance', () => {
    const ledger: ClockStop[] = [{ kind: 'specialProcedure', from: '2025-03-03', to: '2025-03-04' }];
    expect(clockDueDate('2025-03-03', 1, ledger, calendar)).toBe('2025-03-05');
    const s = status({ acceptedOn: '2025-03-03', committedDays: 1, legalDays: 1, ledger, today: '2025-03-03' });
    expect(s.state).toBe('specialProcedure');
    expect(s.segments[0]).toEqual({ kind: 'specialProcedure', from: '2025-03-03', to: '2025-03-04', workingDays: 0 });
  });

  it('takes a planned end of a special procedure into the due date', () => {
    // Art.45: the applicant is told the expected time; the ledger may hold the planned end.
    const ledger: ClockStop[] = [{ kind: 'specialProcedure', from: '2025-03-05', to: '2025-03-14', reason: '检测（预计）' }];
    const s = status({ acceptedOn: '2025-03-03', committedDays: 5, legalDays: 20, ledger, today: '2025-03-07' });
    expect(s.committed.dueDate).toBe('2025-03-20');
    expect(s.stoppedDays.specialProcedure).toBe(3); // only up to today
  });
});

describe('limits reaching into a year the calendar lacks', () => {
  it('gives an estimated due date (weekends only) instead of failing the clock', () => {
    const s = status({ acceptedOn: '2026-12-01', committedDays: 5, legalDays: 45, today: '2026-12-02' });
    expect(s.committed).toMatchObject({ dueDate: '2026-12-08', estimated: false });
    // Dec 2–31 are 22 working days; 23 more Monday–Fridays of 2027 (no holidays invented): Feb 2.
    expect(s.legal).toMatchObject({ dueDate: '2027-02-02', dueDateUnknown: null, estimated: true, remainingDays: 44 });
    expect(s.estimated).toBe(true);
    expect(clockDueDate('2026-12-01', 45, [], calendar)).toBe('2027-02-02');
  });

  it('reads the days used in the new year as an estimate too', () => {
    const s = status({ acceptedOn: '2026-12-21', committedDays: 10, legalDays: 20, today: '2027-01-05' });
    // Dec 22–25, 28–31 (8) and Jan 1, 4, 5 counted Monday–Friday (3).
    expect(s).toMatchObject({ usedDays: 11, warning: 'red', estimated: true });
    expect(s.committed).toMatchObject({ dueDate: '2027-01-04', overdue: true, estimated: true });
  });
});

describe('inconsistent input is refused', () => {
  const base = { acceptedOn: '2025-03-03', committedDays: 5, legalDays: 20, today: '2025-03-10' } as const;

  it.each([
    ['a stop before acceptance', [{ kind: 'suspension', from: '2025-03-02', to: '2025-03-04' }], /before the case was accepted/],
    ['a stop ending before it starts', [{ kind: 'suspension', from: '2025-03-05', to: '2025-03-04' }], /ends \(2025-03-04\) before it starts/],
    [
      'overlapping stops',
      [
        { kind: 'suspension', from: '2025-03-04', to: '2025-03-06' },
        { kind: 'specialProcedure', from: '2025-03-06', to: '2025-03-07' },
      ],
      /#2 .*starts before the previous stop ends \(2025-03-06\)/,
    ],
    [
      'an open stop that is not the last',
      [
        { kind: 'suspension', from: '2025-03-04', to: null },
        { kind: 'specialProcedure', from: '2025-03-06', to: '2025-03-07' },
      ],
      /previous stop is still open/,
    ],
    ['a bad date', [{ kind: 'suspension', from: '2025-3-4', to: null }], /'from' is not a date/],
  ] as const)('%s', (_what, ledger, message) => {
    expect(() => status({ ...base, ledger: ledger as readonly ClockStop[] })).toThrow(LegalClockError);
    expect(() => validateClockLedger(base.acceptedOn, ledger as readonly ClockStop[])).toThrow(message);
  });

  it('refuses an unknown stop kind', () => {
    const ledger = [{ kind: 'pause', from: '2025-03-04', to: null }] as unknown as readonly ClockStop[];
    expect(() => validateClockLedger('2025-03-03', ledger)).toThrow(/kind must be/);
  });

  it('refuses a committed limit above the legal one, negative limits and a today before acceptance', () => {
    expect(() => status({ ...base, committedDays: 21 })).toThrow(/must not exceed legalDays/);
    expect(() => status({ ...base, committedDays: -1 })).toThrow(/whole number/);
    expect(() => status({ ...base, legalDays: 2.5 })).toThrow(/whole number/);
    expect(() => status({ ...base, today: '2025-03-02' })).toThrow(/before the case was accepted/);
    expect(() => status({ ...base, today: 'today' })).toThrow(LegalClockError);
  });
});

describe('the rules read no clock', () => {
  it('no file under workers/rules calls Date.now() or new Date()', () => {
    const dir = fileURLToPath(new URL('../../../workers/rules/', import.meta.url));
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const text = readFileSync(path.join(dir, f), 'utf8');
      expect(text, f).not.toMatch(/Date\.now\(|new Date\(\)/);
    }
  });
});
