// Login throttling, kept in the database so a restart does not reset it: after 5 failed logins
// for one username in 15 minutes, or 30 from one address, further attempts are refused until
// the window has moved on. A success clears the username's failures.
import type { Sql } from 'postgres';
import { ApiError } from '../http/errors.js';

export const THROTTLE = { windowMinutes: 15, perUsername: 5, perAddress: 30 } as const;

export async function assertNotThrottled(sql: Sql, username: string, ip: string, now: Date): Promise<void> {
  const since = new Date(now.getTime() - THROTTLE.windowMinutes * 60_000);
  const [row] = await sql<{ byUser: number; byIp: number; oldest: Date | null }[]>`
    select count(*) filter (where username = ${username})::int as "byUser",
           count(*) filter (where ip = ${ip})::int as "byIp",
           min(at) filter (where username = ${username}) as oldest
    from app.login_failures where at > ${since} and (username = ${username} or ip = ${ip})`;
  if (!row) return;
  if (row.byUser >= THROTTLE.perUsername || row.byIp >= THROTTLE.perAddress) {
    const retryAfter = row.oldest ? Math.max(1, Math.ceil((row.oldest.getTime() + THROTTLE.windowMinutes * 60_000 - now.getTime()) / 1000)) : THROTTLE.windowMinutes * 60;
    throw new ApiError(429, 'too_many_attempts', `登录失败次数过多，请 ${String(Math.ceil(retryAfter / 60))} 分钟后再试`, [], { 'Retry-After': String(retryAfter) });
  }
}

export async function recordFailure(sql: Sql, username: string, ip: string, now: Date): Promise<void> {
  await sql`insert into app.login_failures (username, ip, at) values (${username}, ${ip}, ${now})`;
}

export async function clearFailures(sql: Sql, username: string): Promise<void> {
  await sql`delete from app.login_failures where username = ${username}`;
}
