// The strip above every supervision page: its two views (总览, 卡件清单).
import type { ReactNode } from 'react';
import { NavLink } from 'react-router-dom';
import { t } from '../i18n/index.js';

export function SupervisionHeader({ children }: { readonly children?: ReactNode }) {
  const s = t.supervision;
  return (
    <div className="sv-header">
      <nav aria-label={s.title} className="sv-tabs">
        <NavLink to="/supervision" end className={({ isActive }) => (isActive ? 'active' : '')}>
          {s.tabs.dashboard}
        </NavLink>
        <NavLink to="/supervision/stuck" className={({ isActive }) => (isActive ? 'active' : '')}>
          {s.tabs.stuck}
        </NavLink>
      </nav>
      <div className="sv-header-extra">{children}</div>
    </div>
  );
}
