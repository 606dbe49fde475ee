// /lookup — where a case stands, by its number and the phone given when applying. The api answers
// an unknown number and a wrong phone alike, so the page cannot be used to guess case numbers.
import { useState, type FormEvent } from 'react';
import { apiJson } from '../api.js';
import { t } from '../i18n/index.js';
import { errorText, formatDateTime } from './format.js';
import { Facts, PublicFrame } from './PublicFrame.js';

/** GET /api/public/cases/lookup (api/cases/routes.ts PublicCase). */
interface PublicCase {
  readonly caseNo: string;
  readonly subItemName: string | null;
  readonly orgUnitName: string;
  readonly status: string;
  readonly statusLabel: string;
  readonly final: boolean;
  readonly createdAt: string;
  readonly acceptedAt: string | null;
  readonly concludedAt: string | null;
  readonly committedDueAt: string | null;
}

export function LookupPage() {
  const l = t.public.lookup;
  const [caseNo, setCaseNo] = useState('');
  const [phone, setPhone] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [found, setFound] = useState<PublicCase | undefined>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setFound(undefined);
    try {
      const query = new URLSearchParams({ caseNo: caseNo.trim(), phone: phone.trim() });
      setFound(await apiJson<PublicCase>('GET', `/public/cases/lookup?${query.toString()}`, '查询办件'));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <PublicFrame title={l.title}>
      {found ? (
        <section className="result" aria-label={l.status}>
          <div className={`status-badge${found.final ? ' final' : ''}`}>{found.statusLabel}</div>
          <p className="status-explain">{l.explain[found.status] ?? ''}</p>
          <Facts
            rows={[
              [l.caseNo, found.caseNo],
              [l.subItem, found.subItemName],
              [l.unit, found.orgUnitName],
              [l.createdAt, formatDateTime(found.createdAt)],
              [l.acceptedAt, formatDateTime(found.acceptedAt)],
              [l.committedDueAt, found.final ? null : formatDateTime(found.committedDueAt)],
              [l.concludedAt, formatDateTime(found.concludedAt)],
            ]}
          />
          <button type="button" className="big" onClick={() => setFound(undefined)}>
            {l.again}
          </button>
        </section>
      ) : (
        <form className="stack" onSubmit={(e) => void submit(e)}>
          <p className="muted">{l.intro}</p>
          <label className="field">
            {l.caseNo}
            <input name="caseNo" value={caseNo} onChange={(e) => setCaseNo(e.target.value)} placeholder={l.caseNoPlaceholder} required autoComplete="off" />
          </label>
          <label className="field">
            {l.phone}
            <input name="phone" type="tel" inputMode="tel" value={phone} onChange={(e) => setPhone(e.target.value)} placeholder={l.phonePlaceholder} required autoComplete="tel" />
          </label>
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="primary big" disabled={busy}>
            {busy ? l.searching : l.submit}
          </button>
        </form>
      )}
    </PublicFrame>
  );
}
