// Staff sessions: a random token handed to the browser as an HttpOnly cookie (or to a script as
// a bearer token), stored only as its SHA-256. A session lasts one working day (12 hours).
import { createHash, randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Sql } from 'postgres';
import type { ApiContext } from '../context.js';
import { isRole, type Role, type Staff } from './roles.js';

export const SESSION_COOKIE = 'ow_session';
export const SESSION_HOURS = 12;

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export async function createSession(sql: Sql, username: string, now: Date): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
  await sql`insert into app.sessions (token_hash, username, created_at, expires_at) values (${hashToken(token)}, ${username}, ${now}, ${expiresAt})`;
  return { token, expiresAt };
}

export async function endSession(sql: Sql, token: string): Promise<void> {
  await sql`delete from app.sessions where token_hash = ${hashToken(token)}`;
}

/** The token a request carries: `Authorization: Bearer …` first, then the cookie. */
export function requestToken(req: Request): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim() || undefined;
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

interface StaffRow {
  username: string;
  name: string;
  roles: string[];
  orgUnit: string;
  orgLevel: 'county' | 'town';
  groups: string[];
}

export function toStaff(row: StaffRow): Staff {
  return {
    username: row.username,
    name: row.name,
    roles: row.roles.filter(isRole) as Role[],
    orgUnit: row.orgUnit,
    orgLevel: row.orgLevel,
    groups: row.groups,
  };
}

/** Loads one active staff member with their unit's level. */
export async function findStaff(sql: Sql, username: string): Promise<Staff | undefined> {
  const [row] = await sql<StaffRow[]>`
    select s.username, s.name, s.roles, s.org_unit as "orgUnit", u.level as "orgLevel", s.groups
    from app.staff s join app.org_units u on u.id = s.org_unit
    where s.username = ${username} and s.active`;
  return row ? toStaff(row) : undefined;
}

/** Express middleware: puts the signed-in staff member (if any) in res.locals.staff. */
export function sessionMiddleware(ctx: ApiContext) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const token = requestToken(req);
      if (token) {
        const [row] = await ctx.sql<StaffRow[]>`
          select s.username, s.name, s.roles, s.org_unit as "orgUnit", u.level as "orgLevel", s.groups
          from app.sessions x join app.staff s on s.username = x.username join app.org_units u on u.id = s.org_unit
          where x.token_hash = ${hashToken(token)} and x.expires_at > ${ctx.now()} and s.active`;
        if (row) res.locals['staff'] = toStaff(row);
      }
      next();
    } catch (error) {
      next(error);
    }
  };
}
