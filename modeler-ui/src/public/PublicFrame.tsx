// The frame of the citizen pages: sized for a phone, the hall's name on top, the other public
// pages at the bottom.
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { t } from '../i18n/index.js';
import './public.css';

export function PublicFrame({ title, children }: { readonly title: string; readonly children: ReactNode }) {
  return (
    <div className="citizen">
      <header className="citizen-top">
        <div className="citizen-hall">{t.public.hall}</div>
        <h1>{title}</h1>
      </header>
      <main className="citizen-body">{children}</main>
      <footer className="citizen-links">
        <Link to="/lookup">{t.public.links.lookup}</Link>
        <Link to="/complaint">{t.public.links.complaint}</Link>
      </footer>
    </div>
  );
}

/** Label / value rows of a case or a complaint. */
export function Facts({ rows }: { readonly rows: readonly (readonly [string, string | null | undefined])[] }) {
  return (
    <dl className="facts">
      {rows
        .filter(([, value]) => value !== null && value !== undefined && value !== '')
        .map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
    </dl>
  );
}
