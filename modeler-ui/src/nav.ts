// The pages and who sees them. A person sees every page one of their roles opens; the first
// one is their start page.
import type { Role } from '../../api/auth/roles.js';
import type { Messages } from './i18n/zh-CN.js';

export interface Page {
  readonly path: string;
  readonly label: keyof Messages['nav'];
  readonly roles: readonly Role[];
}

export const PAGES: readonly Page[] = [
  { path: '/guide', label: 'guide', roles: ['guide'] },
  { path: '/intake', label: 'intake', roles: ['clerk'] },
  { path: '/tasks', label: 'tasks', roles: ['approver', 'issuer', 'clerk', 'supervisor'] },
  { path: '/supervision', label: 'supervision', roles: ['supervisor'] },
  { path: '/designer', label: 'designer', roles: ['designer'] },
  { path: '/dictionary', label: 'dictionary', roles: ['designer', 'admin'] },
  { path: '/forms', label: 'forms', roles: ['designer', 'admin'] },
];

export function pagesFor(roles: readonly Role[]): Page[] {
  return PAGES.filter((p) => p.roles.some((r) => roles.includes(r)));
}
