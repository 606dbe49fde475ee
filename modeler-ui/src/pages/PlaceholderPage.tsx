import { t } from '../i18n/index.js';

/** A page whose work is still to come: its title and a plain notice, never made-up data. */
export function PlaceholderPage({ title }: { readonly title: string }) {
  return (
    <section className="page">
      <h1>{title}</h1>
      <p className="muted">{t.pages.notBuilt}</p>
    </section>
  );
}
