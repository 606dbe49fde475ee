// What every job worker works with besides the job: the app's database, the acceptance
// dictionary in force, the clock, the working-day calendar, where files live, and the SMS sender.
// The api makes one from its own context (main.ts, tests/support/api.ts); `npm run workers` makes
// one from DATABASE_URL (workers/main.ts). Tests pass their own clock and sender.
import type { Sql } from 'postgres';
import type { Dictionary, SubItem } from '../processes/dictionary/load.js';
import { chinaCalendar } from './rules/calendar/calendar-file.js';
import type { WorkingDayCalendar } from './rules/calendar/working-day-calendar.js';
import { outboxSender, type MessageSender } from './sender.js';

/** Local rules the hall may set differently (domain.md: thresholds and periods are local). */
export interface WorkerSettings {
  /** Yellow card this many working days before the committed due date (default 1). */
  readonly yellowWithinDays: number;
  /**
   * Working days the applicant has to hand in a supplement: at intake (《一次性告知书》, default 5,
   * the same five days 行政许可法 Art.32 gives the hall to issue the notice), and during approval
   * (《补正材料通知书》, default 15: the clock is stopped, so the period is the applicant's, and 15
   * working days is the usual local choice).
   */
  readonly supplementDays: { readonly intake: number; readonly approval: number };
  /** Where citizens open the hall's public pages (the rating link in SMS), e.g. https://zwfw.example.gov.cn; '' prints the path alone. */
  readonly publicBaseUrl: string;
}

export const DEFAULT_WORKER_SETTINGS: WorkerSettings = {
  yellowWithinDays: 1,
  supplementDays: { intake: 5, approval: 15 },
  publicBaseUrl: '',
};

export interface WorkerContext {
  /** The app's database (tables in schema app). */
  readonly sql: Sql;
  /** The acceptance dictionary in force (the api's, so an edit reaches the workers at once). */
  dictionary(): Dictionary;
  now(): Date;
  /** Where uploaded files live (DATA_DIR/files). */
  readonly filesDir: string;
  readonly calendar: WorkingDayCalendar;
  /** Hands SMS to a gateway; the default records them as sent without any network. */
  readonly sender: MessageSender;
  readonly settings: WorkerSettings;
}

export interface WorkerContextInput {
  readonly sql: Sql;
  readonly dictionary: () => Dictionary;
  readonly filesDir: string;
  readonly now?: () => Date;
  readonly calendar?: WorkingDayCalendar;
  readonly sender?: MessageSender;
  readonly settings?: Partial<WorkerSettings>;
}

/** A context with the defaults: wall clock, the bundled calendar (calendar/cn-YYYY.json), the outbox sender. */
export function workerContext(input: WorkerContextInput): WorkerContext {
  return {
    sql: input.sql,
    dictionary: input.dictionary,
    filesDir: input.filesDir,
    now: input.now ?? (() => new Date()),
    calendar: input.calendar ?? chinaCalendar(),
    sender: input.sender ?? outboxSender(),
    settings: { ...DEFAULT_WORKER_SETTINGS, ...input.settings },
  };
}

/**
 * The sub-item a job is about. An unknown code is a technical fault, not a business "no": the
 * case was opened for it, so the dictionary or the flow's variables are wrong and a supervisor
 * must look (the incident names the code).
 */
export function subItemOf(ctx: WorkerContext, code: unknown): SubItem {
  if (typeof code !== 'string' || code === '') throw new Error('变量 subItemCode 缺失或不是文本');
  const subItem = ctx.dictionary().byCode.get(code);
  if (!subItem) throw new Error(`受理事典中没有业务办理项 ${code}（subItemCode）`);
  return subItem;
}
