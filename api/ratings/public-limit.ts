// Anonymous forms that start a flow (a bad card starts a rectification, a complaint starts the
// complaint flow) are limited per address and hour, so a script can't flood the supervisors'
// inboxes. The limits are generous: citizens in the hall share its Wi-Fi address.
import type { Sql } from 'postgres';
import { ApiError } from '../http/errors.js';

export const PUBLIC_HOURLY_LIMITS = { cards: 30, complaints: 10 } as const;

const HOUR_MS = 3_600_000;

/** Throws 429 when `ip` already sent `limit` anonymous cards (or complaints) in the hour before `now`. */
export async function assertPublicQuota(sql: Sql, kind: keyof typeof PUBLIC_HOURLY_LIMITS, ip: string, now: Date): Promise<void> {
  const since = new Date(now.getTime() - HOUR_MS);
  const [row] =
    kind === 'cards'
      ? await sql<{ n: number; oldest: Date | null }[]>`select count(*)::int as n, min(rated_at) as oldest from app.ratings
          where source_ip = ${ip} and channel = 'card' and rated_at > ${since}`
      : await sql<{ n: number; oldest: Date | null }[]>`select count(*)::int as n, min(filed_at) as oldest from app.complaints
          where source_ip = ${ip} and filed_at > ${since}`;
  const limit = PUBLIC_HOURLY_LIMITS[kind];
  if (!row || row.n < limit) return;
  const retryAfter = row.oldest ? Math.max(1, Math.ceil((row.oldest.getTime() + HOUR_MS - now.getTime()) / 1000)) : HOUR_MS / 1000;
  const what = kind === 'cards' ? '评价卡' : '反映';
  throw new ApiError(429, 'too_many_requests', `同一网络一小时内最多提交 ${String(limit)} 份${what}，请 ${String(Math.ceil(retryAfter / 60))} 分钟后再试，或到窗口当面提交`, [], { 'Retry-After': String(retryAfter) });
}
