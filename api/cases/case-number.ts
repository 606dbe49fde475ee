// 办件编号: <prefix><yyyymmdd><sequence of the day, at least 4 digits>, e.g. C202611280007 —
// short enough to read out over the phone, and it says where and when the case was opened.
// The sequence comes from app.case_number_sequences (0300_case_numbers.sql): taking a number
// row-locks the day's counter until the opening transaction ends, so two clerks opening cases
// at the same moment queue for a few milliseconds instead of getting the same number, and an
// opening that fails gives its number back (the day's numbers have no gaps).
import type { Sql, TransactionSql } from 'postgres';
import { chinaDateOf } from '../../workers/rules/calendar/iso-date.js';

/** A unit's prefix when none is set: the initials of its id (county → C, town-qingshan → TQ). */
export function defaultCasePrefix(orgUnitId: string): string {
  const initials = orgUnitId
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part.charAt(0).toUpperCase())
    .join('');
  return /^[A-Z]/.test(initials) ? initials.slice(0, 8) : `U${initials}`.slice(0, 8);
}

export async function nextCaseNo(tx: TransactionSql, orgUnitId: string, now: Date): Promise<string> {
  const [unit] = await tx<{ prefix: string | null }[]>`select case_prefix as prefix from app.org_units where id = ${orgUnitId}`;
  if (!unit) throw new Error(`org unit ${orgUnitId} does not exist`);
  const prefix = unit.prefix ?? defaultCasePrefix(orgUnitId);
  const day = chinaDateOf(now);
  const [row] = await tx<{ last: number }[]>`
    insert into app.case_number_sequences (prefix, day, last) values (${prefix}, ${day}, 1)
    on conflict (prefix, day) do update set last = app.case_number_sequences.last + 1
    returning last`;
  if (!row) throw new Error('case number sequence returned no row');
  return `${prefix}${day.replaceAll('-', '')}${String(row.last).padStart(4, '0')}`;
}

/**
 * Gives a number back after an opening was undone (its flow could not start): only if it is still
 * the last one taken that day, so numbers stay gap-free unless another opening came in between.
 */
export async function returnCaseNo(sql: Sql | TransactionSql, caseNo: string): Promise<void> {
  const m = /^([A-Z][A-Z0-9]*)(\d{4})(\d{2})(\d{2})(\d{4,})$/.exec(caseNo);
  if (!m) return;
  const [, prefix, y, mo, d, seq] = m;
  await sql`update app.case_number_sequences set last = last - 1
    where prefix = ${prefix ?? ''} and day = ${`${y ?? ''}-${mo ?? ''}-${d ?? ''}`} and last = ${Number(seq)}`;
}
