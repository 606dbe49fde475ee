// engine/model/cron.ts: Zeebe's cron timer cycles (https://docs.camunda.io/docs/8.3/components/modeler/bpmn/timer-events/#time-cycle),
// parsed as Spring's CronExpression parses them: `second minute hour day-of-month month day-of-week`.
import { describe, expect, it } from 'vitest';
import { cronSyntaxError, nextCronTime, parseCron, type CronSchedule } from '../../engine/model/cron.js';

function schedule(text: string): CronSchedule {
  const parsed = parseCron(text);
  if (!parsed) throw new Error(`'${text}' did not parse: ${cronSyntaxError(text) ?? ''}`);
  return parsed;
}

/** The next fire time after `from`, as an ISO string (UTC). */
function next(text: string, from: string, timeZone?: string): string | undefined {
  const t = nextCronTime(schedule(text), Date.parse(from), timeZone);
  return t === undefined ? undefined : new Date(t).toISOString();
}

/** The first `n` fire times after `from`. */
function series(text: string, from: string, n: number, timeZone?: string): string[] {
  const s = schedule(text);
  const out: string[] = [];
  let t = Date.parse(from);
  for (let i = 0; i < n; i++) {
    const fire = nextCronTime(s, t, timeZone);
    if (fire === undefined) break;
    out.push(new Date(fire).toISOString());
    t = fire;
  }
  return out;
}

describe('parseCron', () => {
  it('expands each field into its allowed values', () => {
    expect(parseCron('0 0 9-17 * * MON-FRI')).toEqual({
      fields: '0 0 9-17 * * MON-FRI',
      seconds: [0],
      minutes: [0],
      hours: [9, 10, 11, 12, 13, 14, 15, 16, 17],
      months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
      daysOfWeek: [1, 2, 3, 4, 5].map((weekday) => ({ kind: 'weekday', weekday })),
    });
  });

  it('reads lists, steps, ranges with steps, and a start with a step', () => {
    const s = schedule('*/20 5,10,15 0-12/6 1 JAN,jul ?');
    expect(s.seconds).toEqual([0, 20, 40]);
    expect(s.minutes).toEqual([5, 10, 15]);
    expect(s.hours).toEqual([0, 6, 12]);
    expect(s.months).toEqual([1, 7]);
    expect(s.daysOfMonth).toEqual([{ kind: 'day', day: 1 }]);
    expect(s.daysOfWeek).toBeUndefined(); // `?` is any day
    expect(schedule('5/20 * * * * *').seconds).toEqual([5, 25, 45]);
  });

  it('treats 0 and 7 as Sunday, and SUN as 7 at the end of a range', () => {
    expect(schedule('0 0 0 * * 7').daysOfWeek).toEqual([{ kind: 'weekday', weekday: 0 }]);
    expect(schedule('0 0 0 * * SAT-SUN').daysOfWeek).toEqual([
      { kind: 'weekday', weekday: 6 },
      { kind: 'weekday', weekday: 0 },
    ]);
    expect(schedule('0 0 0 * * SUN-TUE').daysOfWeek?.map((r) => r.kind === 'weekday' && r.weekday)).toEqual([0, 1, 2]);
  });

  it('reads the Quartz extras L, L-n, nW, LW, nL and n#k', () => {
    expect(schedule('0 0 0 L,L-3,15W,LW * *').daysOfMonth).toEqual([
      { kind: 'last', offset: 0 },
      { kind: 'last', offset: 3 },
      { kind: 'nearestWeekday', day: 15 },
      { kind: 'lastWeekday' },
    ]);
    expect(schedule('0 0 0 ? * 5L,FRI#3,mon#1').daysOfWeek).toEqual([
      { kind: 'last', weekday: 5 },
      { kind: 'nth', weekday: 5, nth: 3 },
      { kind: 'nth', weekday: 1, nth: 1 },
    ]);
  });

  it('expands the macros Spring knows', () => {
    expect(schedule('@daily').fields).toBe('0 0 0 * * *');
    expect(schedule('@MIDNIGHT').fields).toBe('0 0 0 * * *');
    expect(schedule('@hourly').fields).toBe('0 0 * * * *');
    expect(schedule('@weekly').fields).toBe('0 0 0 * * 0');
    expect(schedule('@monthly').fields).toBe('0 0 0 1 * *');
    expect(schedule('@yearly').fields).toBe('0 0 0 1 1 *');
    expect(schedule('@annually').fields).toBe('0 0 0 1 1 *');
  });

  it('rejects what is not a Spring cron expression, saying why', () => {
    const bad: [string, RegExp][] = [
      ['0 0 9 * *', /has 6 fields .* found 5/],
      ['0 0 0 9 * * *', /found 7/],
      ['', /found 0/],
      ['60 * * * * *', /second value 60 is out of range 0-59/],
      ['0 0 24 * * *', /hour value 24/],
      ['0 0 0 0 * *', /day-of-month value 0/],
      ['0 0 0 * 13 *', /month value 13/],
      ['0 0 0 * * 8', /day-of-week value 8/],
      ['0 0 9 * * FUNDAY', /'FUNDAY' is not a valid day-of-week value/],
      ['0 0 9 * FOO *', /'FOO' is not a valid month value/],
      ['? 0 9 * * *', /'\?' is only allowed in the day-of-month and day-of-week fields/],
      ['0 0 9 ?,1 * *', /'\?' must be the whole/],
      ['*/0 * * * * *', /step .* must be a positive number/],
      ['0 0 9 5-1 * *', /range '5-1' starts after it ends/],
      ['0 0 9 FRI-MON * *', /not a valid day-of-month value/],
      ['0 0 9 * * FRI-MON', /range 'FRI-MON' starts after it ends/],
      ['0 0 9 * * L', /day-of-week is missing before 'L'/],
      ['0 0 9 * * 5#6', /week in '5#6' must be from 1 to 5/],
      ['0 0 9 L-31 * *', /'L-31' must be 'L-n'/],
      ['0 0 9 32W * *', /day-of-month value 32/],
      ['0 0 9 1,,2 * *', /empty list item/],
      ['0 0 9 1/2/3 * *', /more than one '\/'/],
      ['@sometimes', /unknown macro '@sometimes'/],
      ['R/PT1H', /found 1/],
    ];
    for (const [text, reason] of bad) {
      expect(parseCron(text), text).toBeUndefined();
      expect(cronSyntaxError(text), text).toMatch(reason);
    }
    expect(cronSyntaxError('0 0 9 * * MON-FRI')).toBeUndefined();
  });
});

describe('nextCronTime', () => {
  it('fires strictly after the given time, on whole seconds', () => {
    expect(next('0 0 9 * * *', '2024-05-01T09:00:00Z')).toBe('2024-05-02T09:00:00.000Z');
    expect(next('0 0 9 * * *', '2024-05-01T08:59:59.999Z')).toBe('2024-05-01T09:00:00.000Z');
    expect(next('* * * * * *', '2024-05-01T10:00:00.250Z')).toBe('2024-05-01T10:00:01.000Z');
    expect(series('*/15 * * * * *', '2024-01-01T00:00:07.500Z', 4)).toEqual([
      '2024-01-01T00:00:15.000Z',
      '2024-01-01T00:00:30.000Z',
      '2024-01-01T00:00:45.000Z',
      '2024-01-01T00:01:00.000Z',
    ]);
  });

  it('rolls over minutes, hours, days, months and years', () => {
    expect(next('0 0 0 * * *', '2024-12-31T23:59:59Z')).toBe('2025-01-01T00:00:00.000Z');
    expect(next('0 15 10 1 * *', '2024-12-01T10:15:00Z')).toBe('2025-01-01T10:15:00.000Z');
    expect(next('30 * * * * *', '2024-06-30T23:59:45Z')).toBe('2024-07-01T00:00:30.000Z');
  });

  it('runs on working days only: MON-FRI skips the weekend', () => {
    // 2024-03-01 is a Friday
    expect(series('0 0 9 * * MON-FRI', '2024-03-01T09:00:00Z', 3)).toEqual([
      '2024-03-04T09:00:00.000Z',
      '2024-03-05T09:00:00.000Z',
      '2024-03-06T09:00:00.000Z',
    ]);
    expect(series('0 0 9-17/4 * * SAT', '2024-03-01T00:00:00Z', 4)).toEqual([
      '2024-03-02T09:00:00.000Z',
      '2024-03-02T13:00:00.000Z',
      '2024-03-02T17:00:00.000Z',
      '2024-03-09T09:00:00.000Z',
    ]);
  });

  it('skips months without the day (the 31st), and finds month ends with L', () => {
    expect(series('0 0 0 31 * *', '2024-01-31T12:00:00Z', 3)).toEqual([
      '2024-03-31T00:00:00.000Z',
      '2024-05-31T00:00:00.000Z',
      '2024-07-31T00:00:00.000Z',
    ]);
    expect(series('0 0 18 L * *', '2024-01-15T00:00:00Z', 4)).toEqual([
      '2024-01-31T18:00:00.000Z',
      '2024-02-29T18:00:00.000Z',
      '2024-03-31T18:00:00.000Z',
      '2024-04-30T18:00:00.000Z',
    ]);
    expect(next('0 0 0 L-2 * *', '2023-02-01T00:00:00Z')).toBe('2023-02-26T00:00:00.000Z');
  });

  it('knows leap years: 29 February every four years, not in 2100', () => {
    expect(series('0 0 0 29 2 *', '2023-01-01T00:00:00Z', 3)).toEqual([
      '2024-02-29T00:00:00.000Z',
      '2028-02-29T00:00:00.000Z',
      '2032-02-29T00:00:00.000Z',
    ]);
    expect(next('0 0 0 29 2 *', '2096-03-01T00:00:00Z')).toBe('2104-02-29T00:00:00.000Z');
    expect(next('0 0 0 L 2 *', '2100-01-01T00:00:00Z')).toBe('2100-02-28T00:00:00.000Z');
  });

  it('needs day-of-month AND day-of-week when both are given (Spring), either one when the other is * or ?', () => {
    // Friday the 13th
    expect(series('0 0 0 13 * FRI', '2024-01-01T00:00:00Z', 2)).toEqual([
      '2024-09-13T00:00:00.000Z',
      '2024-12-13T00:00:00.000Z',
    ]);
    expect(next('0 0 0 13 * ?', '2024-01-01T00:00:00Z')).toBe('2024-01-13T00:00:00.000Z');
    expect(next('0 0 0 ? * FRI', '2024-01-01T00:00:00Z')).toBe('2024-01-05T00:00:00.000Z');
    // 29 February on a Monday: next in 2044
    expect(next('0 0 0 29 2 MON', '2024-03-01T00:00:00Z')).toBe('2044-02-29T00:00:00.000Z');
  });

  it('finds the nearest weekday (W), the last weekday (LW), the last Friday (5L) and the third Saturday (6#3)', () => {
    // 2024-06-15 is a Saturday → Friday 14th; 2024-06-01 is a Saturday → Monday 3rd (not May 31st)
    expect(next('0 0 12 15W * *', '2024-06-01T00:00:00Z')).toBe('2024-06-14T12:00:00.000Z');
    expect(next('0 0 0 1W * *', '2024-05-31T12:00:00Z')).toBe('2024-06-03T00:00:00.000Z');
    // 2024-03-31 is a Sunday: nearest weekday within March is Friday 29th
    expect(next('0 0 0 31W * *', '2024-03-01T00:00:00Z')).toBe('2024-03-29T00:00:00.000Z');
    // 2024-08-31 is a Saturday → last weekday Friday 30th
    expect(next('0 0 12 LW * *', '2024-08-01T00:00:00Z')).toBe('2024-08-30T12:00:00.000Z');
    expect(next('0 0 10 ? * 5L', '2024-02-01T00:00:00Z')).toBe('2024-02-23T10:00:00.000Z');
    expect(next('0 0 10 ? * 6#3', '2024-01-01T00:00:00Z')).toBe('2024-01-20T10:00:00.000Z');
    // a fifth Monday only in some months: 2024-04-29 is the next
    expect(next('0 0 10 ? * MON#5', '2024-03-01T00:00:00Z')).toBe('2024-04-29T10:00:00.000Z');
  });

  it('expands macros: @weekly is Sunday midnight, @hourly on the hour', () => {
    expect(next('@weekly', '2024-01-01T00:00:00Z')).toBe('2024-01-07T00:00:00.000Z');
    expect(next('@hourly', '2024-01-01T10:30:00Z')).toBe('2024-01-01T11:00:00.000Z');
    expect(next('@monthly', '2024-01-01T00:00:00Z')).toBe('2024-02-01T00:00:00.000Z');
  });

  it('reads the wall clock of a time zone', () => {
    expect(next('0 0 9 * * *', '2024-01-01T00:00:00Z', 'Asia/Shanghai')).toBe('2024-01-01T01:00:00.000Z');
    expect(next('0 0 9 * * *', '2024-01-01T01:00:00Z', 'Asia/Shanghai')).toBe('2024-01-02T01:00:00.000Z');
    // the weekday is the zone's: Monday 06:00 in Shanghai is Sunday 22:00 UTC
    expect(next('0 0 6 * * MON', '2024-01-06T00:00:00Z', 'Asia/Shanghai')).toBe('2024-01-07T22:00:00.000Z');
  });

  it('moves a time in a DST gap later and takes the first of a repeated hour (java.time rules)', () => {
    // Europe/Berlin: 2024-03-31 02:00 → 03:00; 02:30 does not exist → 03:30 CEST (01:30Z)
    expect(next('0 30 2 * * *', '2024-03-30T12:00:00Z', 'Europe/Berlin')).toBe('2024-03-31T01:30:00.000Z');
    // 2024-10-27 03:00 → 02:00; 02:30 happens twice → only the first, 02:30 CEST (00:30Z)
    expect(series('0 30 2 * * *', '2024-10-26T12:00:00Z', 2, 'Europe/Berlin')).toEqual([
      '2024-10-27T00:30:00.000Z',
      '2024-10-28T01:30:00.000Z',
    ]);
    // so an hourly schedule does not fire in the repeated hour (02:00 CET = 01:00Z)
    expect(series('0 0 * * * *', '2024-10-26T23:30:00Z', 3, 'Europe/Berlin')).toEqual([
      '2024-10-27T00:00:00.000Z',
      '2024-10-27T02:00:00.000Z',
      '2024-10-27T03:00:00.000Z',
    ]);
    // and across the spring change the missing hour's tick comes at 03:00 CEST, once
    expect(series('0 0 * * * *', '2024-03-30T23:30:00Z', 3, 'Europe/Berlin')).toEqual([
      '2024-03-31T00:00:00.000Z',
      '2024-03-31T01:00:00.000Z',
      '2024-03-31T02:00:00.000Z',
    ]);
  });

  it('returns undefined for a schedule that never fires, and throws for an unknown zone', () => {
    expect(next('0 0 0 30 2 *', '2024-01-01T00:00:00Z')).toBeUndefined();
    expect(next('0 0 0 31 4 *', '2024-01-01T00:00:00Z')).toBeUndefined();
    expect(nextCronTime(schedule('0 0 0 * * *'), Number.NaN)).toBeUndefined();
    expect(() => nextCronTime(schedule('0 0 0 * * *'), 0, 'Nowhere/Land')).toThrow(RangeError);
  });
});
