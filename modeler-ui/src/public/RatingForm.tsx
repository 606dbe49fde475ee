// The five levels of 好差评 with, for 不满意 / 非常不满意, what went wrong and a comment. Shared by
// the QR page on the citizen's phone and the 评价器 at the window; the levels and problem
// categories are the api's. Checked here first so the citizen sees at once what is missing; the
// api checks again and its message is shown as it is.
import { useState, type FormEvent } from 'react';
import { t } from '../i18n/index.js';
import { Facts } from './PublicFrame.js';
import { formatDateTime, errorText } from './format.js';
import type { RatingInput, RatingPage } from './rating-api.js';

/** Stars rather than emoji faces: phones without a colour-emoji font show every CJK font's ★. */
const stars = (score: number): string => '★'.repeat(score) + '☆'.repeat(Math.max(0, 5 - score));

export function CaseFacts({ page }: { readonly page: RatingPage }) {
  const r = t.public.rating;
  const c = page.case;
  return (
    <Facts
      rows={[
        [r.caseNo, c.caseNo],
        [r.subItem, c.subItemName],
        [r.unit, c.orgUnitName],
        [r.staff, c.staffName],
        [r.concludedAt, formatDateTime(c.concludedAt)],
      ]}
    />
  );
}

/** Why a case shows no form: rated already (when and how), or not yet ratable (the api's reason). */
export function NotRatable({ page }: { readonly page: RatingPage }) {
  const r = t.public.rating;
  const rating = page.case.rating;
  return (
    <div className="notice" role="status">
      <strong>{rating ? r.alreadyRated : r.notRatable}</strong>
      <p>{rating ? r.ratedBefore(rating.channelLabel, rating.scoreLabel, formatDateTime(rating.ratedAt)) : page.case.notRatableReason}</p>
    </div>
  );
}

export function RatingForm({ page, onSubmit }: { readonly page: RatingPage; readonly onSubmit: (input: RatingInput) => Promise<void> }) {
  const r = t.public.rating;
  const [score, setScore] = useState<number | undefined>();
  const [problems, setProblems] = useState<readonly string[]>([]);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const bad = page.choices.levels.find((l) => l.score === score)?.bad ?? false;

  const choose = (value: number) => {
    setScore(value);
    setError(undefined);
    if (!page.choices.levels.find((l) => l.score === value)?.bad) setProblems([]);
  };
  const toggle = (id: string) => {
    setError(undefined);
    setProblems((list) => (list.includes(id) ? list.filter((p) => p !== id) : [...list, id]));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (score === undefined) return setError(r.chooseLevel);
    if (bad && problems.length === 0) return setError(r.chooseProblem);
    if (problems.includes('other') && comment.trim() === '') return setError(r.otherNeedsComment);
    setBusy(true);
    setError(undefined);
    try {
      await onSubmit({ score, problems: bad ? problems : [], ...(comment.trim() ? { comment: comment.trim() } : {}) });
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };

  return (
    <form className="rating-form" onSubmit={(e) => void submit(e)}>
      <fieldset className="levels">
        <legend>{r.levels}</legend>
        {page.choices.levels.map((level) => (
          <label key={level.score} className={`level${score === level.score ? ' chosen' : ''}${level.bad ? ' bad' : ''}`}>
            <input type="radio" name="score" value={level.score} checked={score === level.score} onChange={() => choose(level.score)} />
            <span className="label">{level.label}</span>
            <span className="stars" aria-hidden="true">
              {stars(level.score)}
            </span>
          </label>
        ))}
      </fieldset>
      {bad && (
        <fieldset className="problems">
          <legend>{r.problems}</legend>
          {page.choices.problems.map((p) => (
            <label key={p.id} className={`problem${problems.includes(p.id) ? ' chosen' : ''}`}>
              <input type="checkbox" checked={problems.includes(p.id)} onChange={() => toggle(p.id)} />
              <span>{p.label}</span>
            </label>
          ))}
        </fieldset>
      )}
      <label className="field">
        {bad ? r.comment : r.commentOptional}
        <textarea value={comment} onChange={(e) => setComment(e.target.value)} placeholder={r.commentPlaceholder} rows={3} maxLength={500} />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="primary big" disabled={busy}>
        {busy ? r.submitting : r.submit}
      </button>
    </form>
  );
}

/** After a rating: thanks, and for a 差评 what happens next. */
export function RatingThanks({ scoreLabel, bad }: { readonly scoreLabel: string; readonly bad: boolean }) {
  const r = t.public.rating;
  return (
    <div className="thanks" role="status">
      <div className="thanks-mark" aria-hidden="true">
        ✓
      </div>
      <strong>{r.thanks}</strong>
      <p>{r.yourRating(scoreLabel)}</p>
      {bad && <p>{r.thanksBad}</p>}
    </div>
  );
}
