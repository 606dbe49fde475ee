// Who staff are in the hall (architecture.md, users). A person may hold several roles.
export const ROLES = ['guide', 'clerk', 'approver', 'issuer', 'supervisor', 'designer', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  guide: '导办员',
  clerk: '综合受理员',
  approver: '审批人员',
  issuer: '出件人员',
  supervisor: '督办',
  designer: '流程设计',
  admin: '系统管理员',
};

/** A signed-in staff member, as every handler sees them. */
export interface Staff {
  readonly username: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly orgUnit: string;
  /** 'county' or 'town': what the unit may handle (县镇同权 for devolved items only). */
  readonly orgLevel: 'county' | 'town';
  /** Candidate groups of user tasks this person works. */
  readonly groups: readonly string[];
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
