// After 受理: the case number big enough to read to the applicant, what happens next, and — when
// required materials were missing — the one-time notice (一次性告知书) the flow issues. The notice
// is written by a worker moments after the case opens, so the documents are polled briefly.
import { useEffect, useState } from 'react';
import { t } from '../i18n/index.js';
import { caseOf, documentsOf, noticePrintUrl, type Notice, type OpenedCase, type SubItem } from './desk-api.js';

const POLL_MS = 1_000;
const POLL_FOR_MS = 30_000;
/** While the case is in one of these, the intake checks may still issue a notice. */
const CHECKING = new Set(['received', 'supplementing']);

type NoticeState =
  | { readonly kind: 'waiting' }
  | { readonly kind: 'found'; readonly notice: Notice }
  /** The flow moved on without a notice: the enterprise's earlier materials made the case complete. */
  | { readonly kind: 'settled'; readonly statusLabel: string; readonly reused: readonly string[] }
  | { readonly kind: 'late'; readonly message?: string };

export function CaseResult({ opened, subItem, missing, onNext }: { readonly opened: OpenedCase; readonly subItem: SubItem; readonly missing: readonly string[]; readonly onNext: () => void }) {
  const m = t.desk.result;
  const [notice, setNotice] = useState<NoticeState | undefined>(missing.length > 0 ? { kind: 'waiting' } : undefined);

  useEffect(() => {
    if (missing.length === 0) return;
    let alive = true;
    const until = Date.now() + POLL_FOR_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastError: string | undefined;
    const poll = async () => {
      try {
        const { notices } = await documentsOf(opened.caseNo);
        const found = notices.find((n) => n.kind === 'one-time') ?? notices.find((n) => n.kind === 'refusal');
        if (!alive) return;
        if (found) return setNotice({ kind: 'found', notice: found });
        const now = await caseOf(opened.caseNo);
        if (!alive) return;
        if (!CHECKING.has(now.status)) {
          return setNotice({ kind: 'settled', statusLabel: now.statusLabel, reused: now.materials.filter((x) => x.reusedFrom !== null).map((x) => x.name) });
        }
      } catch (e) {
        // A passing failure: keep polling until the time is up, then say what went wrong.
        lastError = e instanceof Error ? e.message : String(e);
      }
      if (!alive) return;
      if (Date.now() > until) setNotice({ kind: 'late', ...(lastError !== undefined ? { message: lastError } : {}) });
      else timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      alive = false;
      if (timer) clearTimeout(timer);
    };
  }, [opened.caseNo, missing.length]);

  const next = missing.length > 0 ? m.nextMissing : opened.caseType === 'instant' ? m.nextInstant : m.nextCommitment(subItem.committedDays);
  return (
    <section className="desk-result-panel" aria-label={m.caseNo}>
      <div className="desk-case-head">
        <div>
          <div className="muted">{m.caseNo}</div>
          <div className="desk-case-no" data-testid="case-no">
            {opened.caseNo}
          </div>
          <div>
            {opened.subItemName} · {m.status}：<strong>{opened.statusLabel}</strong>
          </div>
        </div>
        <button type="button" className="primary" onClick={onNext}>
          {m.next}
        </button>
      </div>
      <p className="desk-next">{next}</p>
      {notice?.kind === 'waiting' && <p className="muted">{m.noticeWaiting}</p>}
      {notice?.kind === 'settled' && <p className="desk-ok">{m.settled(notice.statusLabel, notice.reused.join('、'))}</p>}
      {notice?.kind === 'late' && <p className="desk-warn">{notice.message ? `${m.noticeLate}（${notice.message}）` : m.noticeLate}</p>}
      {notice?.kind === 'found' && (
        <section className="desk-notice" aria-label={m.noticeTitle} data-testid="notice">
          <header className="desk-section-head">
            <h2>{notice.notice.title}</h2>
            <a className="button-link primary" href={noticePrintUrl(notice.notice.noticeNo)} target="_blank" rel="noopener">
              {m.printNotice}
            </a>
          </header>
          <dl className="desk-facts">
            <dt>{m.noticeNo}</dt>
            <dd className="mono">{notice.notice.noticeNo}</dd>
            {notice.notice.supplementDeadline && (
              <>
                <dt>{m.deadline}</dt>
                <dd>{new Date(notice.notice.supplementDeadline).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}</dd>
              </>
            )}
          </dl>
          <h3>{m.noticeMissing}</h3>
          <ol className="desk-missing">
            {notice.notice.missingMaterials.map((name) => (
              <li key={name}>{name}</li>
            ))}
          </ol>
        </section>
      )}
    </section>
  );
}
