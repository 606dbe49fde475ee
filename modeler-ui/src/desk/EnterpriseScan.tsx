// 企业码 at the seat. A scanner gun types the code and presses Enter, so the field is a form of
// its own that submits on Enter; the api resolves it (POST /enterprises/resolve) into the
// enterprise's earlier cases and the materials it need not hand in again.
import { useState, type FormEvent } from 'react';
import { t } from '../i18n/index.js';
import { resolveEnterprise, type Enterprise } from './desk-api.js';

const day = (iso: string): string => new Date(iso).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' });

export function EnterpriseScan({ enterprise, onResolved, onClear }: { readonly enterprise: { readonly code: string; readonly found: Enterprise } | undefined; readonly onResolved: (code: string, found: Enterprise) => void; readonly onClear: () => void }) {
  const m = t.desk.enterprise;
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const read = code.trim();
    if (read === '') return;
    setBusy(true);
    setError(undefined);
    try {
      onResolved(read, await resolveEnterprise(read));
      setCode('');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="desk-card desk-enterprise" aria-label={m.title}>
      <form className="desk-scan" onSubmit={(e) => void submit(e)}>
        <label className="desk-field">
          {m.label}
          <span className="desk-inline-row">
            <input value={code} onChange={(e) => setCode(e.target.value)} placeholder={m.placeholder} autoComplete="off" spellCheck={false} aria-invalid={error !== undefined} />
            <button type="submit" disabled={busy || code.trim() === ''}>
              {busy ? m.resolving : m.resolve}
            </button>
          </span>
        </label>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {enterprise && (
        <div className="desk-enterprise-found" data-testid="enterprise">
          <div className="desk-section-head">
            <strong>{enterprise.found.name ?? m.newEnterprise}</strong>
            <button type="button" className="link" onClick={onClear}>
              {m.clear}
            </button>
          </div>
          <div className="small muted">
            {enterprise.found.creditCode} · {enterprise.found.via === 'code' ? m.viaCode : m.viaCreditCode}
          </div>
          <h3>{m.cases(enterprise.found.cases.length)}</h3>
          {enterprise.found.cases.length === 0 ? (
            <p className="muted small">{m.noCases}</p>
          ) : (
            <ul className="desk-list small" aria-label={m.cases(enterprise.found.cases.length)}>
              {enterprise.found.cases.map((c) => (
                <li key={c.caseNo}>
                  <span className="mono">{c.caseNo}</span> {c.subItemName ?? c.subItemCode} · {c.statusLabel} · {day(c.createdAt)}
                </li>
              ))}
            </ul>
          )}
          {enterprise.found.reusableMaterials.length > 0 && (
            <>
              <h3>{m.reusable(enterprise.found.reusableMaterials.length)}</h3>
              <ul className="desk-list small" aria-label={m.reusable(enterprise.found.reusableMaterials.length)}>
                {enterprise.found.reusableMaterials.map((r) => (
                  <li key={r.name}>
                    {r.name} <span className="muted">{m.from(r.caseNo)}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}
