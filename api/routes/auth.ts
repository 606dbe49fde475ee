// Signing in and out. Login answers with a session cookie (the web app) and the token itself
// (scripts use it as a bearer token).
import type { Router } from 'express';
import { z } from 'zod';
import { audit } from '../audit.js';
import { verifyPassword } from '../auth/passwords.js';
import { ROLES, ROLE_LABELS } from '../auth/roles.js';
import { createSession, endSession, findStaff, requestToken, SESSION_COOKIE } from '../auth/sessions.js';
import { assertNotThrottled, clearFailures, recordFailure } from '../auth/throttle.js';
import type { ApiContext } from '../context.js';
import { ApiError } from '../http/errors.js';
import { RAW, route, type RouteRegistry } from '../http/route.js';

export const StaffView = z.object({
  username: z.string(),
  name: z.string(),
  roles: z.array(z.enum(ROLES)),
  roleLabels: z.array(z.string()),
  orgUnit: z.string(),
  orgLevel: z.enum(['county', 'town']),
  groups: z.array(z.string()),
});

// One answer for an unknown user and a wrong password, so the form does not reveal who exists.
const WRONG = '用户名或密码错误';

export function authRoutes(router: Router, registry: RouteRegistry, ctx: ApiContext): void {
  route(router, registry, ctx, {
    method: 'post',
    path: '/auth/login',
    tag: '登录',
    summary: '工作人员登录',
    description: '15 分钟内同一用户名失败 5 次（或同一地址 30 次）后暂停登录，返回 429 和 Retry-After。',
    access: 'public',
    body: z.object({ username: z.string().trim().min(1, '请输入用户名'), password: z.string().min(1, '请输入密码') }),
    response: z.object({ token: z.string(), expiresAt: z.string(), staff: StaffView }),
    async handler({ body, ctx, req, res }) {
      const ip = req.ip ?? 'unknown';
      const now = ctx.now();
      await assertNotThrottled(ctx.sql, body.username, ip, now);
      const [row] = await ctx.sql<{ passwordHash: string }[]>`select password_hash as "passwordHash" from app.staff where username = ${body.username} and active`;
      const ok = row ? await verifyPassword(body.password, row.passwordHash) : false;
      const staff = ok ? await findStaff(ctx.sql, body.username) : undefined;
      if (!staff) {
        await recordFailure(ctx.sql, body.username, ip, now);
        throw new ApiError(401, 'login_failed', WRONG);
      }
      await clearFailures(ctx.sql, body.username);
      const session = await createSession(ctx.sql, staff.username, now);
      await audit(ctx.sql, { actor: staff.username, action: 'login', subjectType: 'staff', subjectId: staff.username, detail: { ip } }, now);
      res.cookie(SESSION_COOKIE, session.token, { httpOnly: true, sameSite: 'lax', path: '/', expires: session.expiresAt });
      return { token: session.token, expiresAt: session.expiresAt.toISOString(), staff: { ...staff, roles: [...staff.roles], groups: [...staff.groups], roleLabels: staff.roles.map((r) => ROLE_LABELS[r]) } };
    },
  });

  route(router, registry, ctx, {
    method: 'post',
    path: '/auth/logout',
    tag: '登录',
    summary: '退出登录',
    access: 'public',
    async handler({ ctx, req, res }) {
      const token = requestToken(req);
      if (token) await endSession(ctx.sql, token);
      res.clearCookie(SESSION_COOKIE, { path: '/' });
      res.status(204).end();
      return RAW;
    },
  });

  route(router, registry, ctx, {
    method: 'get',
    path: '/auth/me',
    tag: '登录',
    summary: '当前登录的工作人员',
    access: 'staff',
    response: StaffView,
    async handler({ staff }) {
      if (!staff) throw new ApiError(401, 'unauthorized', '请先登录');
      return { ...staff, roles: [...staff.roles], groups: [...staff.groups], roleLabels: staff.roles.map((r) => ROLE_LABELS[r]) };
    },
  });
}
