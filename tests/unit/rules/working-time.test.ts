// workers/rules/working-time.ts, the one working-time module: working days with the start day
// excluded (domain.md §4 vectors), the hall's opening hours ("no progress for N working hours" must
// not run over lunch, a weekend or the Spring Festival), the next moment the hall is open, the
// hall's deadlines — and years without an official calendar, counted Monday–Friday and marked
// `estimated` instead of failing.
import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  closingTime,
  DEFAULT_HALL_HOURS,
  endOfChinaDay,
  endOfWorkingDay,
  isWorkingDay,
  nextWorkingMoment,
  validateHallHours,
  workingDayDeadline,
  workingDaysBetween,
  workingHoursBetween,
} from '../../../workers/rules/working-time.js';

const at = (s: string): Date => new Date(s);

describe('working days (domain.md §4, start day excluded)', () => {
  it.each([
    ['2025-01-24', 5, '2025-02-07'], // uses the make-up Sunday 1/26
    ['2025-09-26', 3, '2025-09-30'],
    ['2025-09-30', 1, '2025-10-09'],
    ['2026-02-13', 1, '2026-02-14'], // make-up Saturday
    ['2026-02-13', 5, '2026-02-27'],
    ['2025-04-25', 20, '2025-05-27'],
  ] as const)('%s + %i → %s, exact', (start, n, due) => {
    expect(addWorkingDays(start, n)).toEqual({ date: due, estimated: false });
    expect(workingDaysBetween(start, due)).toEqual({ days: n, estimated: false });
  });

  it('tells a working day from a day off, on a China wall clock', () => {
    expect(isWorkingDay('2026-02-14')).toEqual({ working: true, estimated: false }); // make-up Saturday
    expect(isWorkingDay('2026-10-05')).toEqual({ working: false, estimated: false }); // National Day
    // 2026-10-07T16:30Z is Thursday 2026-10-08 00:30 in the hall: the first day back.
    expect(isWorkingDay(at('2026-10-07T16:30:00Z'))).toEqual({ working: true, estimated: false });
  });

  it('crosses into 2027, which has no official table yet: Monday–Friday, estimated, never an error', () => {
    // Accepted Tue 2026-12-15, 20 working days: Dec 16–18, 21–25, 28–31 (12), then Jan 1 (a Friday:
    // no holiday is invented), Jan 4–8, Jan 11, 12.
    expect(addWorkingDays('2026-12-15', 20)).toEqual({ date: '2027-01-12', estimated: true });
    expect(addWorkingDays('2026-12-15', 12)).toEqual({ date: '2026-12-31', estimated: false });
    expect(isWorkingDay('2027-01-01')).toEqual({ working: true, estimated: true });
    // Instants are read as China dates: 2026-12-31T20:00Z is already 2027-01-01 in the hall.
    expect(workingDaysBetween(at('2026-12-30T10:00:00+08:00'), at('2026-12-31T20:00:00Z'))).toEqual({ days: 2, estimated: true });
  });
});

describe('working hours between two instants (hall hours 09:00–12:00, 13:30–17:30)', () => {
  const hours = (from: string, to: string) => workingHoursBetween(at(from), at(to)).hours;

  it('counts only opening hours within one day, not lunch', () => {
    expect(hours('2025-03-05T08:00:00+08:00', '2025-03-05T20:00:00+08:00')).toBe(7);
    expect(hours('2025-03-05T11:00:00+08:00', '2025-03-05T14:00:00+08:00')).toBe(1.5); // 11–12, 13:30–14
    expect(hours('2025-03-05T12:10:00+08:00', '2025-03-05T13:20:00+08:00')).toBe(0);
  });

  it('skips the weekend: Friday 16:00 to Monday 09:30 is two hours', () => {
    expect(hours('2025-03-07T16:00:00+08:00', '2025-03-10T09:30:00+08:00')).toBe(2);
  });

  it('skips the Spring Festival and National Day, and counts a make-up Saturday', () => {
    // Mon 27 Jan 17:00–17:30, holiday 28 Jan – 4 Feb, Wed 5 Feb 09:00–09:30.
    expect(hours('2025-01-27T17:00:00+08:00', '2025-02-05T09:30:00+08:00')).toBe(1);
    // Sat 8 Feb is a make-up workday: a full day.
    expect(hours('2025-02-08T00:00:00+08:00', '2025-02-09T00:00:00+08:00')).toBe(7);
    // Wed 30 Sep 17:00–17:30, 1–7 Oct off, Thu 8 Oct 09:00–09:30.
    expect(workingHoursBetween(at('2026-09-30T17:00:00+08:00'), at('2026-10-08T09:30:00+08:00'))).toEqual({ hours: 1, estimated: false });
  });

  it('into 2027 counts Friday 1 January as a working day and says the figure is an estimate', () => {
    expect(workingHoursBetween(at('2026-12-31T17:00:00+08:00'), at('2027-01-04T09:30:00+08:00'))).toEqual({ hours: 8, estimated: true });
  });

  it('uses the hall hours it is given', () => {
    const hall = { sessions: [['08:30', '12:00'], ['14:00', '18:00']] } as const;
    expect(workingHoursBetween(at('2025-03-05T00:00:00+08:00'), at('2025-03-06T00:00:00+08:00'), { hours: hall }).hours).toBe(7.5);
    expect(workingHoursBetween(at('2025-03-05T13:00:00+08:00'), at('2025-03-05T14:30:00+08:00'), { hours: hall }).hours).toBe(0.5);
  });

  it('is 0 when the end is not after the start', () => {
    expect(hours('2025-03-05T10:00:00+08:00', '2025-03-05T09:00:00+08:00')).toBe(0);
  });
});

describe('the next working moment', () => {
  const next = (s: string) => nextWorkingMoment(at(s));

  it('is now while the hall is open, else the next opening', () => {
    expect(next('2025-03-05T10:00:00+08:00').at).toEqual(at('2025-03-05T10:00:00+08:00'));
    expect(next('2025-03-05T07:00:00+08:00').at).toEqual(at('2025-03-05T09:00:00+08:00'));
    expect(next('2025-03-05T12:30:00+08:00').at).toEqual(at('2025-03-05T13:30:00+08:00')); // after lunch
    expect(next('2025-03-07T18:00:00+08:00').at).toEqual(at('2025-03-10T09:00:00+08:00')); // Friday evening → Monday
  });

  it('follows the holiday calendar', () => {
    expect(next('2026-02-13T18:00:00+08:00')).toEqual({ at: at('2026-02-14T09:00:00+08:00'), estimated: false }); // make-up Saturday
    expect(next('2026-02-15T10:00:00+08:00')).toEqual({ at: at('2026-02-24T09:00:00+08:00'), estimated: false }); // 春节 2/15–23
    expect(next('2026-12-31T18:00:00+08:00')).toEqual({ at: at('2027-01-01T09:00:00+08:00'), estimated: true });
  });
});

describe('the hall’s deadlines and the end of a day', () => {
  it('ends a working day at the hall’s closing time, a statutory day at 23:59:59, both +08:00', () => {
    expect(closingTime()).toBe('17:30');
    expect(endOfWorkingDay('2026-12-02')).toBe('2026-12-02T17:30:00+08:00');
    expect(endOfWorkingDay('2026-12-02', closingTime({ sessions: [['08:30', '18:00']] }))).toBe('2026-12-02T18:00:00+08:00');
    expect(endOfChinaDay('2026-12-02')).toBe('2026-12-02T23:59:59+08:00');
  });

  it('即办 is today while the working day lasts (lunch included), else the next working day', () => {
    expect(workingDayDeadline(at('2026-12-02T12:30:00+08:00'), 0).dueAt).toBe('2026-12-02T17:30:00+08:00');
    expect(workingDayDeadline(at('2026-12-02T17:10:00+08:00'), 0, { closesAt: '17:00' }).dueAt).toBe('2026-12-03T17:00:00+08:00');
    expect(workingDayDeadline(at('2026-12-31T18:00:00+08:00'), 0)).toEqual({ date: '2027-01-01', dueAt: '2027-01-01T17:30:00+08:00', estimated: true });
  });

  it('refuses impossible hall hours, saying which session', () => {
    expect(validateHallHours(DEFAULT_HALL_HOURS)).toBe(DEFAULT_HALL_HOURS);
    expect(() => validateHallHours({ sessions: [] })).toThrow(/at least one opening session/);
    expect(() => validateHallHours({ sessions: [['12:00', '09:00']] })).toThrow(/session #1: closes \(09:00\) at or before it opens \(12:00\)/);
    expect(() => validateHallHours({ sessions: [['09:00', '12:00'], ['11:00', '17:00']] })).toThrow(/session #2: opens \(11:00\) before the previous session closes/);
    expect(() => validateHallHours({ sessions: [['9:00', '12:00']] })).toThrow(/session #1 opens '9:00' is not a time of day \(HH:MM\)/);
  });
});
