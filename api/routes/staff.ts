// Staff accounts and organisation units (admin). Each person belongs to one unit; what a town
// unit may handle follows from the dictionary's town catalogue.
import type { Router } from 'express';
import { z } from 'zod';
import { audit } from '../audit.js';
import { hashPassword, passwordProblem } from '../auth/passwords.js';
import { ROLES } from '../auth/roles.js';
import type { ApiContext } from '../context.js';
import { badRequest, conflict } from '../http/errors.js';
import { route, type RouteRegistry } from '../http/route.js';

const OrgUnit = z.object({ id: z.string(), name: z.string(), level: z.enum(['county', 'town']) });
const StaffRow = z.object({
  username: z.string(),
  name: z.string(),
  roles: z.array(z.string()),
  orgUnit: z.string(),
  groups: z.array(z.string()),
  active: z.boolean(),
});

export function staffRoutes(router: Router, registry: RouteRegistry, ctx: ApiContext): void {
  route(router, registry, ctx, {
    method: 'get',
    path: '/org-units',
    tag: '人员与机构',
    summary: '县政务服务中心和镇街分中心',
    access: 'public',
    response: z.array(OrgUnit),
    async handler({ ctx }) {
      return ctx.sql<z.infer<typeof OrgUnit>[]>`select id, name, level from app.org_units order by level, id`;
    },
  });

  route(router, registry, ctx, {
    method: 'get',
    path: '/staff',
    tag: '人员与机构',
    summary: '工作人员列表',
    access: ['admin', 'supervisor'],
    response: z.array(StaffRow),
    async handler({ ctx }) {
      return ctx.sql<z.infer<typeof StaffRow>[]>`select username, name, roles, org_unit as "orgUnit", groups, active from app.staff order by org_unit, username`;
    },
  });

  route(router, registry, ctx, {
    method: 'post',
    path: '/staff',
    tag: '人员与机构',
    summary: '新增工作人员账号',
    access: ['admin'],
    status: 201,
    body: z.object({
      username: z.string().regex(/^[a-z][a-z0-9._-]{1,31}$/, '用户名为 2–32 位小写字母、数字、点、横线或下划线，以字母开头'),
      name: z.string().trim().min(1, '请填写姓名').max(40),
      password: z.string(),
      roles: z.array(z.enum(ROLES)).min(1, '至少分配一个角色'),
      orgUnit: z.string().min(1),
      groups: z.array(z.string().regex(/^[a-z][a-z0-9-]*$/, '任务组为小写字母、数字和横线')).default([]),
    }),
    response: StaffRow,
    async handler({ body, ctx, staff }) {
      const problem = passwordProblem(body.password);
      if (problem) throw badRequest(`body.password: ${problem}`, [{ path: 'body.password', message: problem }]);
      const [unit] = await ctx.sql`select 1 from app.org_units where id = ${body.orgUnit}`;
      if (!unit) throw badRequest(`body.orgUnit: 没有机构 ${body.orgUnit}`, [{ path: 'body.orgUnit', message: `没有机构 ${body.orgUnit}` }]);
      const hash = await hashPassword(body.password);
      const made = await ctx.sql.begin(async (tx) => {
        const rows = await tx<z.infer<typeof StaffRow>[]>`
          insert into app.staff (username, name, password_hash, roles, org_unit, groups)
          values (${body.username}, ${body.name}, ${hash}, ${body.roles}, ${body.orgUnit}, ${body.groups})
          on conflict (username) do nothing
          returning username, name, roles, org_unit as "orgUnit", groups, active`;
        const row = rows[0];
        if (!row) throw conflict(`用户名 ${body.username} 已存在`, [{ path: 'body.username', message: '已存在' }]);
        await audit(tx, { actor: staff?.username ?? '?', action: 'staff.create', subjectType: 'staff', subjectId: body.username, detail: { roles: body.roles, orgUnit: body.orgUnit } }, ctx.now());
        return row;
      });
      return made;
    },
  });
}
