// The problems below the canvas: errors first, each naming the element; clicking one selects the
// element and opens the panel entry to fix.
import { t } from '../i18n/index.js';
import type { LintReport } from './editor.js';
import { lintMessageIn } from './lint-messages.js';

/** A linter message in the locale's words. */
export const lintMessage = (message: string): string => lintMessageIn(t, message);

export interface LintState {
  readonly reports: readonly LintReport[] | undefined;
  readonly failure: string | undefined;
}

export function isError(report: LintReport): boolean {
  return report.category === 'error' || report.category === 'rule-error';
}

export function LintPanel({ state, elementName, onShow }: { readonly state: LintState; readonly elementName: (id: string) => string | undefined; readonly onShow: (report: LintReport) => void }) {
  const reports = [...(state.reports ?? [])].filter((r) => r.category !== 'info').sort((a, b) => Number(isError(b)) - Number(isError(a)));
  const errors = reports.filter(isError).length;
  return (
    <section className="lint" aria-label={t.lint.title} data-testid="lint-panel">
      <header>
        <strong>{t.lint.title}</strong>
        {state.reports === undefined && !state.failure && <span className="muted">{t.lint.checking}</span>}
        {state.reports !== undefined && (
          <span data-testid="lint-summary" className={errors > 0 ? 'error-text' : 'muted'}>
            {errors > 0 || reports.length > 0 ? `${t.lint.errors(errors)} · ${t.lint.warnings(reports.length - errors)}` : t.lint.none}
          </span>
        )}
      </header>
      {state.failure && (
        <p className="error" role="alert">
          {t.lint.failed(state.failure)}
        </p>
      )}
      <ul>
        {reports.map((r, i) => (
          <li key={`${r.id}-${r.rule}-${String(i)}`} className={isError(r) ? 'lint-error' : 'lint-warning'}>
            <button type="button" className="link" onClick={() => onShow(r)} title={r.message}>
              <span className="badge">{isError(r) ? t.lint.error : t.lint.warning}</span>
              <span className="lint-element">{elementName(r.id) ?? r.id}</span>
              <span>{lintMessage(r.message)}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
