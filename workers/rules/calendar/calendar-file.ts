// Loading a working-day calendar from a JSON file: { "years": [2025, 2026], "entries": [{date, kind, name}…] }
// (other top-level keys such as "$comment" and "sources" are documentation). The calendar that
// ships with onewindow is cn-2025-2026.json beside this file; `chinaCalendar()` loads it once.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CalendarDataError } from './calendar-entry.js';
import { buildCalendar, type BuildCalendarOptions, type WorkingDayCalendar } from './working-day-calendar.js';

/** The bundled calendar file (holidays and make-up workdays of 2025 and 2026). */
export const CHINA_CALENDAR_FILE = fileURLToPath(new URL('./cn-2025-2026.json', import.meta.url));

/**
 * Read and validate a calendar file. Any problem throws a CalendarDataError whose message starts
 * with the file path and names the offending date.
 */
export function loadCalendarFile(
  file: string,
  options: Pick<BuildCalendarOptions, 'beyondCoverage'> = {},
): WorkingDayCalendar {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CalendarDataError(file, `cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  return calendarFromJson(text, file, options);
}

/** Parse and validate the JSON text of a calendar file; `source` names it in error messages. */
export function calendarFromJson(
  text: string,
  source: string,
  options: Pick<BuildCalendarOptions, 'beyondCoverage'> = {},
): WorkingDayCalendar {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new CalendarDataError(source, `is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new CalendarDataError(source, 'must hold an object { "years": [...], "entries": [...] }');
  }
  const { years, entries } = doc as Record<string, unknown>;
  if (!Array.isArray(years) || years.length === 0 || !years.every((y): y is number => typeof y === 'number')) {
    throw new CalendarDataError(source, '"years" must list the years the file covers, e.g. [2025, 2026]');
  }
  if (!Array.isArray(entries)) throw new CalendarDataError(source, '"entries" must be a list');
  return buildCalendar(entries, { ...options, source, years });
}

let bundled: WorkingDayCalendar | undefined;

/** The bundled calendar for mainland China (2025–2026), loaded and validated on first use. */
export function chinaCalendar(): WorkingDayCalendar {
  bundled ??= loadCalendarFile(CHINA_CALENDAR_FILE);
  return bundled;
}
