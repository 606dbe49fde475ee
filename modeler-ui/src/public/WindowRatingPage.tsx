// /rate-window — the 评价器 at the seat: a tablet facing the citizen, driven by the clerk's (or
// issuing clerk's) session. The clerk types or scans the number of the case just concluded; the
// citizen taps one of the five levels. Full screen, without the staff navigation, because the
// citizen holds it.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { apiJson, ApiFailure } from '../api.js';
import { t } from '../i18n/index.js';
import { LoginPage } from '../pages/LoginPage.js';
import { Message } from '../pages/Message.js';
import { useSession } from '../session.js';
import { errorText } from './format.js';
import { CaseFacts, NotRatable, RatingForm, RatingThanks } from './RatingForm.js';
import type { RatingDone, RatingInput, RatingPage } from './rating-api.js';
import './public.css';

const WINDOW_ROLES = ['clerk', 'issuer'] as const;

export function WindowRatingPage() {
  const { state } = useSession();
  if (state.kind === 'loading') return <Message text={t.loading} />;
  if (state.kind === 'failed') return <Message text={`${t.shell.meFailed}：${state.message}`} />;
  if (state.kind === 'signed-out') return <LoginPage />;
  if (!state.staff.roles.some((role) => (WINDOW_ROLES as readonly string[]).includes(role)))
    return (
      <Message text={t.public.window.forbidden}>
        <Link to="/">{t.public.window.back}</Link>
      </Message>
    );
  return <WindowRating staffName={state.staff.name} />;
}

type Step =
  | { readonly kind: 'enter' }
  | { readonly kind: 'rate'; readonly page: RatingPage }
  | { readonly kind: 'refused'; readonly page: RatingPage; readonly message: string }
  | { readonly kind: 'done'; readonly rating: RatingDone };

function WindowRating({ staffName }: { readonly staffName: string }) {
  const w = t.public.window;
  const [caseNo, setCaseNo] = useState('');
  const [seat, setSeat] = useState('');
  const [step, setStep] = useState<Step>({ kind: 'enter' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const open = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const page = await apiJson<RatingPage>('GET', `/ratings/window/${encodeURIComponent(caseNo.trim())}`, '读取办件');
      setStep({ kind: 'rate', page });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const submit = (page: RatingPage) => async (input: RatingInput) => {
    try {
      const body = { caseNo: page.case.caseNo, ...(seat.trim() ? { seat: seat.trim() } : {}), ...input };
      setStep({ kind: 'done', rating: await apiJson<RatingDone>('POST', '/ratings/window', '提交评价', body) });
    } catch (e) {
      if (e instanceof ApiFailure && e.status === 409) setStep({ kind: 'refused', page, message: e.message });
      else throw e;
    }
  };

  const next = () => {
    setCaseNo('');
    setError(undefined);
    setStep({ kind: 'enter' });
  };

  return (
    <div className="citizen window-rating">
      <header className="citizen-top">
        <div className="citizen-hall">{t.public.hall}</div>
        <h1>{w.title}</h1>
      </header>
      <main className="citizen-body">
        {step.kind === 'enter' && (
          <form className="stack" onSubmit={(e) => void open(e)}>
            <p className="muted">{w.hint}</p>
            <label className="field">
              {w.caseNo}
              <input value={caseNo} onChange={(e) => setCaseNo(e.target.value)} required autoFocus autoComplete="off" />
            </label>
            <label className="field">
              {w.seat}
              <input value={seat} onChange={(e) => setSeat(e.target.value)} maxLength={20} autoComplete="off" />
            </label>
            {error && (
              <p className="error" role="alert">
                {error}
              </p>
            )}
            <button type="submit" className="primary big" disabled={busy || caseNo.trim() === ''}>
              {busy ? w.opening : w.open}
            </button>
          </form>
        )}
        {step.kind === 'rate' && (
          <>
            <CaseFacts page={step.page} />
            {step.page.case.ratable ? <RatingForm page={step.page} onSubmit={submit(step.page)} /> : <NotRatable page={step.page} />}
          </>
        )}
        {step.kind === 'refused' && (
          <div className="notice" role="status">
            <strong>{t.public.rating.alreadyRated}</strong>
            <p>{step.message}</p>
          </div>
        )}
        {step.kind === 'done' && <RatingThanks scoreLabel={step.rating.scoreLabel} bad={step.rating.bad} />}
        {step.kind !== 'enter' && (
          <button type="button" className="big" onClick={next}>
            {w.next}
          </button>
        )}
      </main>
      <footer className="citizen-links muted small">{w.signedInAs(staffName)}</footer>
    </div>
  );
}
