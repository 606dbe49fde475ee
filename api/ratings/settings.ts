// The local rules of 好差评 and 办不成事反映 that differ from county to county (domain.md §2: "time
// limits are local and must be configurable"), kept in app.settings so a supervisor changes them
// without a release. Defaults: verify a 差评 within 1 working day and rectify within 15 (Liaoning's
// rule, the strictest common one), a missing rating becomes 基本满意 after 7 natural days
// (Guangdong), and the hall's working day ends at 17:30.
import type { Sql, TransactionSql } from 'postgres';
import { z } from 'zod';
import { TIME_OF_DAY } from '../../workers/rules/working-time.js';

export const ratingSettingsSchema = z.strictObject({
  /** 回访核实: working days after the rating. */
  verifyWorkingDays: z.number().int().min(1, '至少 1 个工作日').max(30, '不超过 30 个工作日'),
  /** 限期整改: working days after the rating. */
  rectifyWorkingDays: z.number().int().min(1, '至少 1 个工作日').max(60, '不超过 60 个工作日'),
  /** A concluded case without a rating gets 基本满意 after this many natural days. */
  defaultAfterDays: z.number().int().min(1, '至少 1 天').max(90, '不超过 90 天'),
  /** When the hall's working day ends (deadlines fall at this time), 'HH:MM' China time. */
  workdayEndsAt: z.string().regex(TIME_OF_DAY, '应为 HH:MM，例如 17:30'),
});
export type RatingSettings = z.output<typeof ratingSettingsSchema>;

export const DEFAULT_RATING_SETTINGS: RatingSettings = {
  verifyWorkingDays: 1,
  rectifyWorkingDays: 15,
  defaultAfterDays: 7,
  workdayEndsAt: '17:30',
};

const KEY = 'ratings';

/** The settings in force: the stored ones over the defaults (a broken stored value falls back to the default). */
export async function ratingSettings(sql: Sql): Promise<RatingSettings> {
  const [row] = await sql<{ value: string }[]>`select value from app.settings where key = ${KEY}`;
  if (!row) return DEFAULT_RATING_SETTINGS;
  let stored: unknown;
  try {
    stored = JSON.parse(row.value);
  } catch {
    return DEFAULT_RATING_SETTINGS;
  }
  const parsed = ratingSettingsSchema.partial().safeParse(stored);
  return parsed.success ? { ...DEFAULT_RATING_SETTINGS, ...stripUndefined(parsed.data) } : DEFAULT_RATING_SETTINGS;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export async function saveRatingSettings(sql: Sql | TransactionSql, settings: RatingSettings): Promise<void> {
  await sql`insert into app.settings (key, value) values (${KEY}, ${JSON.stringify(settings)})
    on conflict (key) do update set value = excluded.value`;
}
