// What a fresh installation comes up with, so the hall can be tried at once: the county hall and
// three town sub-centres, and one demo account per role (README "Demo accounts"). Seeded only
// into an empty staff table — a real installation replaces these people on its first day.
import type { Sql } from 'postgres';
import { hashPassword } from '../auth/passwords.js';
import type { Role } from '../auth/roles.js';

export const ORG_UNITS = [
  { id: 'county', name: '县政务服务中心', level: 'county' },
  { id: 'town-qingshan', name: '青山镇便民服务中心', level: 'town' },
  { id: 'town-hekou', name: '河口镇便民服务中心', level: 'town' },
  { id: 'town-shiqiao', name: '石桥乡便民服务中心', level: 'town' },
] as const;

export const DEMO_PASSWORD = 'onewindow2026';

export interface DemoAccount {
  readonly username: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly orgUnit: string;
  readonly groups: readonly string[];
}

/** One person per role at the county hall, and a clerk at a town sub-centre. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'guide', name: '王导办', roles: ['guide'], orgUnit: 'county', groups: [] },
  { username: 'clerk', name: '李受理', roles: ['clerk', 'guide'], orgUnit: 'county', groups: ['front-desk'] },
  { username: 'approver', name: '张审批', roles: ['approver'], orgUnit: 'county', groups: ['market-regulation'] },
  { username: 'approver2', name: '赵审批', roles: ['approver'], orgUnit: 'county', groups: ['health', 'fire-rescue'] },
  { username: 'approver-housing', name: '吴审批', roles: ['approver'], orgUnit: 'county', groups: ['housing', 'natural-resources'] },
  { username: 'issuer', name: '陈出件', roles: ['issuer'], orgUnit: 'county', groups: ['issuing-window'] },
  { username: 'supervisor', name: '刘督办', roles: ['supervisor'], orgUnit: 'county', groups: ['supervisor', 'complaint-window'] },
  { username: 'designer', name: '周设计', roles: ['designer'], orgUnit: 'county', groups: [] },
  { username: 'admin', name: '系统管理员', roles: ['admin'], orgUnit: 'county', groups: [] },
  { username: 'town-clerk', name: '孙受理（青山镇）', roles: ['clerk', 'guide'], orgUnit: 'town-qingshan', groups: ['front-desk'] },
];

export async function seedOrgUnits(sql: Sql): Promise<void> {
  for (const unit of ORG_UNITS) {
    await sql`insert into app.org_units (id, name, level) values (${unit.id}, ${unit.name}, ${unit.level}) on conflict (id) do nothing`;
  }
}

/** Seeds the demo accounts if nobody exists yet; returns how many it made. */
export async function seedDemoStaff(sql: Sql): Promise<number> {
  const [{ count } = { count: 0 }] = await sql<{ count: number }[]>`select count(*)::int as count from app.staff`;
  if (count > 0) return 0;
  const hash = await hashPassword(DEMO_PASSWORD);
  for (const a of DEMO_ACCOUNTS) {
    await sql`insert into app.staff (username, name, password_hash, roles, org_unit, groups)
      values (${a.username}, ${a.name}, ${hash}, ${[...a.roles]}, ${a.orgUnit}, ${[...a.groups]}) on conflict do nothing`;
  }
  return DEMO_ACCOUNTS.length;
}
