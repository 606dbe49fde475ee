// /r/:token — rating a case from the QR code on its receipt (扫码评), on the citizen's phone.
// An unknown link, a case not yet concluded and a case already rated each get the api's words.
import { useCallback, useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { apiJson, ApiFailure } from '../api.js';
import { t } from '../i18n/index.js';
import { errorText } from './format.js';
import { PublicFrame } from './PublicFrame.js';
import { CaseFacts, NotRatable, RatingForm, RatingThanks } from './RatingForm.js';
import type { RatingDone, RatingInput, RatingPage } from './rating-api.js';

type State =
  | { readonly kind: 'loading' }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'form'; readonly page: RatingPage }
  | { readonly kind: 'refused'; readonly message: string }
  | { readonly kind: 'done'; readonly rating: RatingDone };

export function RatePage() {
  const { token = '' } = useParams();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const path = `/public/ratings/${encodeURIComponent(token)}`;

  const load = useCallback(() => {
    setState({ kind: 'loading' });
    apiJson<RatingPage>('GET', path, '读取评价页')
      .then((page) => setState({ kind: 'form', page }))
      .catch((e: unknown) => setState({ kind: 'failed', message: errorText(e) }));
  }, [path]);
  useEffect(load, [load]);

  const submit = async (input: RatingInput) => {
    try {
      setState({ kind: 'done', rating: await apiJson<RatingDone>('POST', path, '提交评价', input) });
    } catch (e) {
      // Rated meanwhile (another channel, another tab): the api says when and how.
      if (e instanceof ApiFailure && e.status === 409) setState({ kind: 'refused', message: e.message });
      else throw e;
    }
  };

  const r = t.public.rating;
  return (
    <PublicFrame title={r.title}>
      {state.kind === 'loading' && <p className="muted">{t.loading}</p>}
      {state.kind === 'failed' && (
        <div className="notice error" role="alert">
          <p>{state.message}</p>
          <button type="button" onClick={load}>
            {t.public.retry}
          </button>
        </div>
      )}
      {state.kind === 'refused' && (
        <div className="notice" role="status">
          <strong>{r.alreadyRated}</strong>
          <p>{state.message}</p>
        </div>
      )}
      {state.kind === 'done' && <RatingThanks scoreLabel={state.rating.scoreLabel} bad={state.rating.bad} />}
      {state.kind === 'form' && (
        <>
          <CaseFacts page={state.page} />
          {state.page.case.ratable ? (
            <>
              <p className="muted">{r.intro}</p>
              <RatingForm page={state.page} onSubmit={submit} />
            </>
          ) : (
            <NotRatable page={state.page} />
          )}
        </>
      )}
    </PublicFrame>
  );
}
