// The frame around every page: the top bar (name, unit, roles, language, logout) and the
// navigation for the person's roles.
import { useState, type ReactNode } from 'react';
import { NavLink } from 'react-router-dom';
import { switchLocale, t } from '../i18n/index.js';
import type { Page } from '../nav.js';
import { useSession } from '../session.js';

export function Shell({ pages, children }: { readonly pages: readonly Page[]; readonly children: ReactNode }) {
  const { state, unitName, logout } = useSession();
  const [error, setError] = useState<string | undefined>();
  if (state.kind !== 'signed-in') return null;
  const { staff } = state;

  const signOut = async () => {
    try {
      await logout();
    } catch (e) {
      setError(`${t.shell.logoutFailed}：${e instanceof Error ? e.message : String(e)}`);
    }
  };

  return (
    <div className="shell">
      <header className="topbar">
        <div className="brand">{t.appName}</div>
        <nav aria-label="main">
          {pages.map((p) => (
            <NavLink key={p.path} to={p.path} className={({ isActive }) => (isActive ? 'active' : '')}>
              {t.nav[p.label]}
            </NavLink>
          ))}
        </nav>
        <div className="who" data-testid="who">
          <span className="name">{staff.name}</span>
          <span title={t.shell.unit}>{unitName(staff.orgUnit)}</span>
          <span title={t.shell.roles} className="roles">
            {staff.roleLabels.join('、')}
          </span>
          <button type="button" className="link" onClick={switchLocale}>
            {t.shell.language}
          </button>
          <button type="button" onClick={() => void signOut()}>
            {t.shell.logout}
          </button>
        </div>
      </header>
      {error && (
        <p className="error banner" role="alert">
          {error}
        </p>
      )}
      <main className="content">{children}</main>
    </div>
  );
}
