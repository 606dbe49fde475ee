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

  it('a due date beyond the calendar still colours, without working days', () => {
    expect(taskClock({ yellowAt: null, committedDueAt: at('2031-01-10T00:00:00+08:00'), legalDueAt: null, suspended: false, now: at('2025-06-10T10:00:00+08:00') })).toMatchObject({ clock: 'normal', workingDaysLeft: null });
  });
});
