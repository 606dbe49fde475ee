// The legal clock's colour on a task, from the case's yellow and committed due dates.
import { describe, expect, it } from 'vitest';
import { taskClock } from '../../../api/tasks/clock.js';

const at = (s: string): Date => new Date(s);

describe('task clock', () => {
  const yellowAt = at('2025-06-05T09:00:00+08:00');
  const committedDueAt = at('2025-06-09T17:30:00+08:00');

  it('normal before yellowAt, yellow from it, red after the committed due date, with working days left', () => {
    const read = (now: string) => taskClock({ yellowAt, committedDueAt, legalDueAt: null, suspended: false, now: at(now) });
    expect(read('2025-06-03T10:00:00+08:00')).toMatchObject({ clock: 'normal', workingDaysLeft: 4 });
    expect(read('2025-06-05T10:00:00+08:00')).toMatchObject({ clock: 'yellow', workingDaysLeft: 2 });
    // Saturday and Sunday do not count.
    expect(read('2025-06-07T10:00:00+08:00')).toMatchObject({ clock: 'yellow', workingDaysLeft: 1 });
    expect(read('2025-06-10T10:00:00+08:00')).toMatchObject({ clock: 'red', workingDaysLeft: -1 });
  });

  it('a suspended clock (补正中) is not coloured; a task without a clock has none', () => {
    expect(taskClock({ yellowAt, committedDueAt, legalDueAt: null, suspended: true, now: at('2025-06-10T10:00:00+08:00') })?.clock).toBe('normal');
    expect(taskClock({ yellowAt: null, committedDueAt: null, legalDueAt: null, suspended: false, now: at('2025-06-10T10:00:00+08:00') })).toBeNull();
  });

  it('working days left into a year the calendar lacks are counted Monday–Friday and marked estimated', () => {
    const read = (committed: string, deadlinesEstimated = false) =>
      taskClock({ yellowAt: null, committedDueAt: at(committed), legalDueAt: null, suspended: false, deadlinesEstimated, now: at('2026-12-28T10:00:00+08:00') });
    // Dec 29, 30, 31, Jan 1 (a weekday until 2027's notice says otherwise), Jan 4.
    expect(read('2027-01-04T23:59:59+08:00')).toMatchObject({ clock: 'normal', workingDaysLeft: 5, estimated: true });
    expect(read('2026-12-31T23:59:59+08:00')).toMatchObject({ workingDaysLeft: 3, estimated: false });
    // The worker said the case's due dates themselves are estimates.
    expect(read('2026-12-31T23:59:59+08:00', true)).toMatchObject({ workingDaysLeft: 3, estimated: true });
  });
});
