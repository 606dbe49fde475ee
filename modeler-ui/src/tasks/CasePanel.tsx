// The case behind a task: number, sub-item, applicant, status (GET /cases/:caseNo), its materials
// with a preview, and — for an enterprise — its earlier cases.
import { useEffect, useState } from 'react';
import { t } from '../i18n/index.js';
import { dateTime } from './format.js';
import { MaterialPreview } from './MaterialPreview.js';
import { enterpriseCases, getCase, type CaseDetail, type CaseMaterial, type CaseSummary } from './tasks-api.js';

type Loaded<T> = { readonly kind: 'loading' } | { readonly kind: 'ready'; readonly value: T } | { readonly kind: 'failed'; readonly message: string };
const failed = (error: unknown) => ({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }) as const;

export function CasePanel({ caseNo }: { readonly caseNo: string }) {
  const [detail, setDetail] = useState<Loaded<CaseDetail>>({ kind: 'loading' });
  useEffect(() => {
    let alive = true;
    setDetail({ kind: 'loading' });
    getCase(caseNo)
      .then((value) => alive && setDetail({ kind: 'ready', value }))
      .catch((error: unknown) => alive && setDetail(failed(error)));
    return () => {
      alive = false;
    };
  }, [caseNo]);

  if (detail.kind === 'loading') return <p className="muted">{t.loading}</p>;
  if (detail.kind === 'failed')
    return (
      <p className="error" role="alert">
        {t.tasks.caseFailed(detail.message)}
      </p>
    );
  const c = detail.value;
  return (
    <>
      <section className="card" aria-label={t.tasks.caseTitle}>
        <dl className="facts">
          <dt>{t.tasks.caseNo}</dt>
          <dd data-testid="case-no">{c.caseNo}</dd>
          <dt>{t.tasks.subItem}</dt>
          <dd>
            {c.subItemName ?? c.subItemCode} <span className="muted small">{c.subItemCode}</span>
          </dd>
          <dt>{t.tasks.applicant}</dt>
          <dd>
            {c.applicantName}
            {c.creditCode && <span className="muted small"> {c.creditCode}</span>}
          </dd>
          <dt>{t.tasks.status}</dt>
          <dd data-testid="case-status">{c.statusLabel}</dd>
          <dt>{t.tasks.acceptedAt}</dt>
          <dd>{dateTime(c.acceptedAt)}</dd>
        </dl>
      </section>
      <Materials materials={c.materials} />
      {c.applicantKind === 'enterprise' && c.creditCode ? (
        <History creditCode={c.creditCode} caseNo={c.caseNo} />
      ) : (
        <section className="card">
          <h3>{t.tasks.history}</h3>
          <p className="muted small">{t.tasks.personApplicant}</p>
        </section>
      )}
    </>
  );
}

function Materials({ materials }: { readonly materials: readonly CaseMaterial[] }) {
  const [shown, setShown] = useState<number | undefined>(() => materials.find((m) => m.fileSha256 !== null)?.seq);
  const current = materials.find((m) => m.seq === shown);
  return (
    <section className="card" aria-label={t.tasks.materials}>
      <h3>{t.tasks.materials}</h3>
      {materials.length === 0 && <p className="muted small">{t.tasks.noMaterials}</p>}
      <ul className="materials">
        {materials.map((m) => (
          <li key={m.seq} className={m.seq === shown ? 'selected' : ''}>
            {m.fileSha256 ? (
              <button type="button" className="link" onClick={() => setShown(m.seq)} aria-pressed={m.seq === shown}>
                {m.name}
              </button>
            ) : (
              <span>{m.name}</span>
            )}
            <span className="muted small">{m.fileSha256 ? (m.filename ?? m.mediaType ?? '') : t.tasks.noFile}</span>
          </li>
        ))}
      </ul>
      {current?.fileSha256 && <MaterialPreview key={current.seq} material={{ ...current, fileSha256: current.fileSha256 }} />}
    </section>
  );
}

function History({ creditCode, caseNo }: { readonly creditCode: string; readonly caseNo: string }) {
  const [cases, setCases] = useState<Loaded<readonly CaseSummary[]>>({ kind: 'loading' });
  useEffect(() => {
    let alive = true;
    enterpriseCases(creditCode)
      .then((value) => alive && setCases({ kind: 'ready', value: value.filter((c) => c.caseNo !== caseNo) }))
      .catch((error: unknown) => alive && setCases(failed(error)));
    return () => {
      alive = false;
    };
  }, [creditCode, caseNo]);
  return (
    <section className="card" aria-label={t.tasks.history}>
      <h3>{t.tasks.history}</h3>
      {cases.kind === 'loading' && <p className="muted small">{t.loading}</p>}
      {cases.kind === 'failed' && <p className="error small">{t.tasks.historyFailed(cases.message)}</p>}
      {cases.kind === 'ready' && cases.value.length === 0 && <p className="muted small">{t.tasks.noHistory}</p>}
      {cases.kind === 'ready' && cases.value.length > 0 && (
        <table className="history">
          <tbody>
            {cases.value.map((c) => (
              <tr key={c.caseNo}>
                <td>{c.caseNo}</td>
                <td>{c.subItemName ?? c.subItemCode}</td>
                <td>{c.statusLabel}</td>
                <td className="muted small">{dateTime(c.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
