// Loading the working-day calendar from JSON files: { "years": [2026], "entries": [{date, kind, name}…] }
// (other top-level keys such as "$comment" and "source" are documentation). The calendar that
// ships with onewindow is the folder this file lives in: one file per year, `cn-YYYY.json`, each
// holding that year's State Council notice. `chinaCalendar()` loads every such file once, so adding
// next year's notice is adding one file — no code, no list to update.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CalendarDataError } from './calendar-entry.js';
import { buildCalendar, type WorkingDayCalendar } from './working-day-calendar.js';

/** The folder of the bundled calendar files (cn-2025.json, cn-2026.json, …). */
export const CHINA_CALENDAR_DIR = fileURLToPath(new URL('./', import.meta.url));

/** How a year's file is named: cn-2027.json holds the notice for 2027. */
const YEAR_FILE = /^cn-(\d{4})\.json$/;

interface CalendarDoc {
  readonly years: number[];
  readonly entries: unknown[];
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new CalendarDataError(file, `cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
}

function parseDoc(text: string, source: string): CalendarDoc {
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
    throw new CalendarDataError(source, '"years" must list the years the file covers, e.g. [2026]');
  }
  if (!Array.isArray(entries)) throw new CalendarDataError(source, '"entries" must be a list');
  return { years, entries };
}

/**
 * Read and validate one calendar file. Any problem throws a CalendarDataError whose message starts
 * with the file path and names the offending date.
 */
export function loadCalendarFile(file: string): WorkingDayCalendar {
  return calendarFromJson(readText(file), file);
}

/** Parse and validate the JSON text of a calendar file; `source` names it in error messages. */
export function calendarFromJson(text: string, source: string): WorkingDayCalendar {
  const { years, entries } = parseDoc(text, source);
  return buildCalendar(entries, { source, years });
}

/**
 * The calendar of every `cn-YYYY.json` in `dir`. Each file must cover exactly the year its name
 * says (a file named cn-2027.json holding 2026's dates is a copy-paste slip, not a wish). Another
 * .json file in the folder is an error too, so a misnamed notice is not silently ignored. Every
 * entry is checked against its own file's year, so an error names the file to fix.
 */
export function loadCalendarFolder(dir: string): WorkingDayCalendar {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  } catch (error) {
    throw new CalendarDataError(dir, `cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  const years: number[] = [];
  const entries: unknown[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const match = YEAR_FILE.exec(name);
    if (!match) throw new CalendarDataError(file, 'a calendar file must be named cn-YYYY.json (one file per year)');
    const year = Number(match[1]);
    const doc = parseDoc(readText(file), file);
    if (doc.years.length !== 1 || doc.years[0] !== year) {
      throw new CalendarDataError(file, `"years" must be [${year}], the year in the file's name; got ${JSON.stringify(doc.years)}`);
    }
    // Validates the file's entries against its year, with the file named in any error.
    const one = buildCalendar(doc.entries, { source: file, years: [year] });
    years.push(year);
    entries.push(...one.entries);
  }
  return buildCalendar(entries, { source: dir, years });
}

let bundled: WorkingDayCalendar | undefined;

/**
 * The bundled calendar for mainland China (every cn-YYYY.json beside this file), loaded and
 * validated on first use — so a year's file added while a process runs counts from its restart.
 */
export function chinaCalendar(): WorkingDayCalendar {
  bundled ??= loadCalendarFolder(CHINA_CALENDAR_DIR);
  return bundled;
}
