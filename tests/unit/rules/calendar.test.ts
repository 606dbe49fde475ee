// workers/rules/calendar/: the working-day calendar as data (one file per year: holidays and 调休 of
// 2025 and 2026), working-day arithmetic with the start day excluded, and the dates it works on.
// Vectors: domain.md §4. A year without a file counts weekends only and says so (estimatedBetween).
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CHINA_CALENDAR_DIR,
  CalendarDataError,
  addCalendarDays,
  buildCalendar,
  calendarFromJson,
  chinaCalendar,
  chinaDateOf,
  dateOfDayNumber,
  dayNumber,
  isIsoDate,
  isoWeekday,
  loadCalendarFile,
  loadCalendarFolder,
  type CalendarEntry,
  type IsoDate,
} from '../../../workers/rules/calendar/index.js';

const calendar = chinaCalendar();

/** Every date from `from` to `to`, both included. */
function days(from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = from; d <= to; d = addCalendarDays(d, 1)) out.push(d);
  return out;
}

describe('the 2025–2026 calendar data matches the State Council notices (domain.md §4 table)', () => {
  // The table, re-typed from domain.md as ranges, independently of the JSON file.
  const holidays: Record<string, readonly (readonly [IsoDate, IsoDate])[]> = {
    '2025': [
      ['2025-01-01', '2025-01-01'],
      ['2025-01-28', '2025-02-04'],
      ['2025-04-04', '2025-04-06'],
      ['2025-05-01', '2025-05-05'],
      ['2025-05-31', '2025-06-02'],
      ['2025-10-01', '2025-10-08'],
    ],
    '2026': [
      ['2026-01-01', '2026-01-03'],
      ['2026-02-15', '2026-02-23'],
      ['2026-04-04', '2026-04-06'],
      ['2026-05-01', '2026-05-05'],
      ['2026-06-19', '2026-06-21'],
      ['2026-09-25', '2026-09-27'],
      ['2026-10-01', '2026-10-07'],
    ],
  };
  const makeUpWorkdays: Record<string, readonly (readonly [IsoDate, 6 | 7])[]> = {
    '2025': [['2025-01-26', 7], ['2025-02-08', 6], ['2025-04-27', 7], ['2025-09-28', 7], ['2025-10-11', 6]],
    '2026': [['2026-01-04', 7], ['2026-02-14', 6], ['2026-02-28', 6], ['2026-05-09', 6], ['2026-09-20', 7], ['2026-10-10', 6]],
  };

  it('covers exactly 2025 and 2026', () => {
    expect(calendar.years).toEqual([2025, 2026]);
  });

  for (const year of ['2025', '2026']) {
    it(`lists every ${year} holiday day and nothing else`, () => {
      const expected = (holidays[year] ?? []).flatMap(([from, to]) => days(from, to));
      const actual = calendar.entries.filter((e) => e.kind === 'holiday' && e.date.startsWith(year)).map((e) => e.date);
      expect(actual).toEqual(expected);
    });

    it(`lists every ${year} make-up workday on the weekday the notice names`, () => {
      const listed = makeUpWorkdays[year] ?? [];
      const actual = calendar.entries.filter((e) => e.kind === 'makeUpWorkday' && e.date.startsWith(year)).map((e) => e.date);
      expect(actual).toEqual(listed.map(([date]) => date));
      for (const [date, weekday] of listed) expect(isoWeekday(date), date).toBe(weekday);
    });
  }

  it('gives 2025 and 2026 the 248 working days each that 365 − 104 weekend days − 13 statutory holidays predict', () => {
    expect(calendar.workingDaysBetween('2024-12-31', '2025-12-31')).toBe(248);
    expect(calendar.workingDaysBetween('2025-12-31', '2026-12-31')).toBe(248);
  });

  it('names each day', () => {
    expect(calendar.entryOn('2025-10-06')).toEqual({ date: '2025-10-06', kind: 'holiday', name: '国庆节、中秋节' });
    expect(calendar.entryOn('2026-02-28')).toEqual({ date: '2026-02-28', kind: 'makeUpWorkday', name: '春节' });
    expect(calendar.entryOn('2025-03-03')).toBeUndefined();
  });
});

describe('isWorkingDay / dayType', () => {
  it.each([
    ['2025-03-03', 'workday', true], // a Monday
    ['2025-03-08', 'weekend', false],
    ['2025-03-09', 'weekend', false],
    ['2025-01-01', 'holiday', false],
    ['2025-10-08', 'holiday', false], // the 8th day of the 2025 National Day break
    ['2025-02-01', 'holiday', false], // a Saturday inside the Spring Festival break
    ['2025-01-26', 'makeUpWorkday', true], // 调休 Sunday
    ['2025-02-08', 'makeUpWorkday', true], // 调休 Saturday
    ['2025-10-11', 'makeUpWorkday', true], // 调休 Saturday
    ['2026-01-04', 'makeUpWorkday', true], // 调休 Sunday right after New Year
    ['2026-02-14', 'makeUpWorkday', true], // 调休 Saturday before the Spring Festival
    ['2026-02-28', 'makeUpWorkday', true], // 调休 Saturday after it
    ['2026-02-23', 'holiday', false], // Monday, last day of the 9-day Spring Festival (not 2/21 as a third-party crate says)
    ['2026-02-24', 'workday', true],
  ] as const)('%s is a %s (working: %s)', (date, type, working) => {
    expect(calendar.dayType(date)).toBe(type);
    expect(calendar.isWorkingDay(date)).toBe(working);
  });
});

describe('addWorkingDays (start day excluded, 次日起算)', () => {
  it.each([
    ['2025-01-24', 5, '2025-02-07'], // uses 调休 Sun 1/26
    ['2025-09-26', 3, '2025-09-30'],
    ['2025-09-30', 1, '2025-10-09'],
    ['2026-02-13', 1, '2026-02-14'], // a 调休 Saturday
    ['2026-02-13', 5, '2026-02-27'],
    ['2025-04-25', 20, '2025-05-27'],
  ] as const)('domain.md vector: %s + %i → %s', (start, n, due) => {
    expect(calendar.addWorkingDays(start, n)).toBe(due);
  });

  it('crosses the year boundary onto the 调休 Sunday 2026-01-04', () => {
    expect(calendar.addWorkingDays('2025-12-31', 1)).toBe('2026-01-04');
    expect(calendar.addWorkingDays('2025-12-31', 2)).toBe('2026-01-05');
    expect(calendar.addWorkingDays('2025-12-26', 4)).toBe('2026-01-04');
    expect(calendar.addWorkingDays('2025-12-26', 5)).toBe('2026-01-05');
  });

  it('never counts the start day, whatever it is', () => {
    expect(calendar.addWorkingDays('2025-03-03', 1)).toBe('2025-03-04'); // from a workday
    expect(calendar.addWorkingDays('2025-03-08', 1)).toBe('2025-03-10'); // from a Saturday
    expect(calendar.addWorkingDays('2025-10-03', 1)).toBe('2025-10-09'); // from inside a holiday
    expect(calendar.addWorkingDays('2025-10-11', 1)).toBe('2025-10-13'); // from a 调休 Saturday
  });

  it('returns the start for 0 and counts backwards for negative n', () => {
    expect(calendar.addWorkingDays('2025-10-04', 0)).toBe('2025-10-04');
    expect(calendar.addWorkingDays('2025-02-05', -1)).toBe('2025-01-27');
    expect(calendar.addWorkingDays('2025-02-05', -2)).toBe('2025-01-26');
    expect(calendar.addWorkingDays('2026-01-05', -2)).toBe('2025-12-31');
  });

  it('refuses a fractional count or a malformed date', () => {
    expect(() => calendar.addWorkingDays('2025-03-03', 1.5)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2025-3-3', 1)).toThrow(/YYYY-MM-DD/);
    expect(() => calendar.isWorkingDay('2025-02-29')).toThrow(RangeError);
  });

  it('counts a year without an official table Monday–Friday, inventing no holiday, and says it is an estimate', () => {
    // 2027-01-01 will surely be 元旦, but no notice says so yet: it counts as the Friday it is.
    expect(calendar.addWorkingDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(calendar.isWorkingDay('2027-01-02')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2024-12-31')).toBe(true); // before the data, too
    expect(calendar.isWorkingDay('2025-10-08')).toBe(false); // the known years keep their holidays
    expect(calendar.covers('2026-12-31')).toBe(true);
    expect(calendar.covers('2027-01-01')).toBe(false);
    expect(calendar.estimatedBetween('2026-12-01', '2026-12-31')).toBe(false);
    expect(calendar.estimatedBetween('2026-12-01', '2027-01-01')).toBe(true);
    expect(calendar.estimatedBetween('2027-01-01', '2026-12-01')).toBe(true); // either order
    expect(calendar.estimatedBetween('2024-12-31', '2025-01-02')).toBe(true);
    expect(calendar.estimatedBetween('2025-01-01', '2026-12-31')).toBe(false);
  });
});

describe('workingDaysBetween', () => {
  it('counts working days after a, up to and including b', () => {
    expect(calendar.workingDaysBetween('2025-03-03', '2025-03-03')).toBe(0);
    expect(calendar.workingDaysBetween('2025-03-03', '2025-03-04')).toBe(1);
    expect(calendar.workingDaysBetween('2025-03-07', '2025-03-10')).toBe(1);
    expect(calendar.workingDaysBetween('2025-09-30', '2025-10-09')).toBe(1);
    expect(calendar.workingDaysBetween('2025-09-30', '2025-10-11')).toBe(3);
  });

  it('is negative when b is before a', () => {
    expect(calendar.workingDaysBetween('2025-10-09', '2025-09-30')).toBe(-1);
  });

  it('undoes addWorkingDays for every start in 2025 and every n up to 40', () => {
    for (const start of days('2025-01-01', '2025-12-31')) {
      for (let n = 0; n <= 40; n++) {
        const due = calendar.addWorkingDays(start, n);
        expect(calendar.workingDaysBetween(start, due)).toBe(n);
        // The due date is always a working day (n ≥ 1), and the day before it holds one fewer.
        if (n >= 1) {
          expect(calendar.isWorkingDay(due)).toBe(true);
          expect(calendar.workingDaysBetween(start, addCalendarDays(due, -1))).toBe(n - 1);
        }
      }
    }
  });
});

describe('calendar files and entries (editable data)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'onewindow-calendar-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function file(name: string, doc: unknown): string {
    const p = path.join(dir, name);
    writeFileSync(p, typeof doc === 'string' ? doc : JSON.stringify(doc));
    return p;
  }

  const good: CalendarEntry[] = [
    { date: '2027-01-01', kind: 'holiday', name: '元旦' },
    { date: '2027-02-20', kind: 'makeUpWorkday', name: '春节' },
  ];

  it('loads a file and builds a calendar from it', () => {
    const c = loadCalendarFile(file('ok.json', { years: [2027], entries: good }));
    expect(c.years).toEqual([2027]);
    expect(c.isWorkingDay('2027-01-01')).toBe(false);
    expect(c.isWorkingDay('2027-02-20')).toBe(true);
    expect(c.addWorkingDays('2027-01-01', 1)).toBe('2027-01-04'); // Friday holiday → Monday
  });

  it.each([
    ['a date that does not exist', { date: '2027-02-30', kind: 'holiday', name: '春节' }, '2027-02-30', /not a calendar date/],
    ['a malformed date', { date: '2027/02/10', kind: 'holiday', name: '春节' }, '2027/02/10', /YYYY-MM-DD/],
    ['an unknown kind', { date: '2027-02-10', kind: 'festival', name: '春节' }, '2027-02-10', /kind must be/],
    ['a missing name', { date: '2027-02-10', kind: 'holiday' }, '2027-02-10', /name is missing/],
    ['a make-up workday on a weekday', { date: '2027-02-10', kind: 'makeUpWorkday', name: '春节' }, '2027-02-10', /Saturday or Sunday/],
    ['a date outside the declared years', { date: '2028-01-01', kind: 'holiday', name: '元旦' }, '2028-01-01', /outside the calendar's years/],
  ])('refuses %s, naming the file and the date', (_what, entry, date, problem) => {
    const p = file('bad.json', { years: [2027], entries: [...good, entry] });
    let error: unknown;
    try {
      loadCalendarFile(p);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CalendarDataError);
    const message = (error as CalendarDataError).message;
    expect(message).toContain(p);
    expect(message).toContain(date);
    expect(message).toMatch(problem);
    expect((error as CalendarDataError).date).toBe(date);
  });

  it('refuses the same date twice', () => {
    const p = file('dup.json', { years: [2027], entries: [...good, { date: '2027-01-01', kind: 'holiday', name: '元旦' }] });
    expect(() => loadCalendarFile(p)).toThrow(`${p}: 2027-01-01 listed twice (entries #1 and #3)`);
  });

  it('refuses a file that is not a calendar', () => {
    expect(() => loadCalendarFile(file('broken.json', '{"years": [2027], "entries": ['))).toThrow(/is not valid JSON/);
    expect(() => loadCalendarFile(file('noyears.json', { entries: good }))).toThrow(/"years" must list/);
    expect(() => loadCalendarFile(file('noentries.json', { years: [2027] }))).toThrow(/"entries" must be a list/);
    expect(() => loadCalendarFile(path.join(dir, 'missing.json'))).toThrow(/missing\.json: cannot be read/);
    expect(() => calendarFromJson('[]', 'inline')).toThrow(/^inline: must hold an object/);
  });

  it('loads every cn-YYYY.json of a folder: adding next year’s file is all it takes', () => {
    const folder = path.join(dir, 'folder');
    mkdirSync(folder);
    cpSync(path.join(CHINA_CALENDAR_DIR, 'cn-2026.json'), path.join(folder, 'cn-2026.json'));
    const before = loadCalendarFolder(folder);
    expect(before.years).toEqual([2026]);
    expect(before.addWorkingDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(before.estimatedBetween('2026-12-31', '2027-01-01')).toBe(true);
    writeFileSync(path.join(folder, 'cn-2027.json'), JSON.stringify({ years: [2027], entries: good }));
    const after = loadCalendarFolder(folder);
    expect(after.years).toEqual([2026, 2027]);
    expect(after.addWorkingDays('2026-12-31', 1)).toBe('2027-01-04');
    expect(after.estimatedBetween('2026-12-31', '2027-01-04')).toBe(false);
    expect(after.isWorkingDay('2026-10-08')).toBe(true);
    expect(after.isWorkingDay('2026-10-07')).toBe(false);
  });

  it('refuses a folder file with the wrong name or the wrong year, naming the file', () => {
    const misnamed = path.join(dir, 'misnamed');
    mkdirSync(misnamed);
    writeFileSync(path.join(misnamed, '2027.json'), JSON.stringify({ years: [2027], entries: good }));
    expect(() => loadCalendarFolder(misnamed)).toThrow(`${path.join(misnamed, '2027.json')}: a calendar file must be named cn-YYYY.json`);
    const wrongYear = path.join(dir, 'wrong-year');
    mkdirSync(wrongYear);
    writeFileSync(path.join(wrongYear, 'cn-2028.json'), JSON.stringify({ years: [2027], entries: good }));
    expect(() => loadCalendarFolder(wrongYear)).toThrow(/cn-2028\.json: "years" must be \[2028\]/);
    const strayDate = path.join(dir, 'stray-date');
    mkdirSync(strayDate);
    writeFileSync(path.join(strayDate, 'cn-2027.json'), JSON.stringify({ years: [2027], entries: [...good, { date: '2028-01-01', kind: 'holiday', name: '元旦' }] }));
    expect(() => loadCalendarFolder(strayDate)).toThrow(/cn-2027\.json: 2028-01-01 is outside the calendar's years/);
  });

  it('builds a calendar from entries the api keeps, in any order, deriving the years', () => {
    const c = buildCalendar([good[1], good[0]], { source: 'api' });
    expect(c.years).toEqual([2027]);
    expect(c.entries.map((e) => e.date)).toEqual(['2027-01-01', '2027-02-20']);
    expect(c.source).toBe('api');
    expect(() => buildCalendar([{ date: '2027-13-01', kind: 'holiday', name: 'x' }], { source: 'api' })).toThrow(
      'api: 2027-13-01 not a calendar date in the form YYYY-MM-DD',
    );
    expect(() => buildCalendar([], { years: [2027.5] })).toThrow(CalendarDataError);
  });

  it('keeps an edited copy separate from the bundled calendar', () => {
    const edited = buildCalendar(
      calendar.entries.filter((e) => e.date !== '2025-10-11'),
      { years: calendar.years, source: 'api' },
    );
    expect(edited.isWorkingDay('2025-10-11')).toBe(false);
    expect(calendar.isWorkingDay('2025-10-11')).toBe(true);
  });
});

describe('dates (iso-date.ts)', () => {
  it('turns an instant into the date on a China wall clock', () => {
    expect(chinaDateOf(new Date('2025-01-31T15:59:59.999Z'))).toBe('2025-01-31');
    expect(chinaDateOf(new Date('2025-01-31T16:00:00Z'))).toBe('2025-02-01');
    expect(chinaDateOf(Date.parse('2025-12-31T16:30:00Z'))).toBe('2026-01-01');
    expect(chinaDateOf(Date.parse('2026-01-01T00:00:00+08:00'))).toBe('2026-01-01');
    expect(() => chinaDateOf(new Date('nope'))).toThrow(RangeError);
  });

  it('agrees with Intl in Asia/Shanghai every 7 hours for two years', () => {
    const format = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
    for (let t = Date.parse('2024-12-30T00:00:00Z'); t < Date.parse('2027-01-02T00:00:00Z'); t += 7 * 3_600_000) {
      expect(chinaDateOf(t)).toBe(format.format(t));
    }
  });

  it('counts days like the proleptic Gregorian calendar', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('2025-01-01')).toBe(Date.UTC(2025, 0, 1) / 86_400_000);
    expect(dateOfDayNumber(dayNumber('2024-02-29') + 1)).toBe('2024-03-01');
    expect(addCalendarDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addCalendarDays('2026-01-01', -1)).toBe('2025-12-31');
    for (let d = dayNumber('1880-01-01'); d < dayNumber('2101-01-01'); d += 13) {
      const date = dateOfDayNumber(d);
      expect(dayNumber(date)).toBe(d);
      expect(date).toBe(new Date(d * 86_400_000).toISOString().slice(0, 10));
    }
  });

  it('knows the weekday', () => {
    expect(isoWeekday('2025-01-26')).toBe(7);
    expect(isoWeekday('2025-02-08')).toBe(6);
    expect(isoWeekday('2026-01-01')).toBe(4);
  });

  it('accepts only real YYYY-MM-DD dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2025-1-01')).toBe(false);
    expect(isIsoDate('2025-01-01T00:00:00Z')).toBe(false);
    expect(isIsoDate(20250101)).toBe(false);
  });
});
