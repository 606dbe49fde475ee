// /complaint — 办不成事反映 from a phone: name, phone, the case if there is one, what went wrong;
// the answer is the complaint number. Below, the complainant follows a complaint by number + phone.
import { useState, type FormEvent } from 'react';
import { apiJson, ApiFailure } from '../api.js';
import { t } from '../i18n/index.js';
import { errorText, formatDateTime } from './format.js';
import { Facts, PublicFrame } from './PublicFrame.js';

/** GET /api/public/complaints/lookup (api/complaints/store.ts PublicComplaintView). */
interface PublicComplaint {
  readonly complaintNo: string;
  readonly filedAt: string;
  readonly state: string;
  readonly stageLabel: string;
  readonly resolveDueAt: string | null;
  readonly resolution: string | null;
  readonly closedAt: string | null;
  readonly steps: readonly { readonly at: string; readonly label: string }[];
}

type Field = 'name' | 'phone' | 'caseNo' | 'description';
const FIELDS: readonly Field[] = ['name', 'phone', 'caseNo', 'description'];

/** The api's issues by the form field they name (body.phone → phone); the rest under the button. */
function byField(error: unknown): { fields: Partial<Record<Field, string>>; general: string | undefined } {
  const fields: Partial<Record<Field, string>> = {};
  if (!(error instanceof ApiFailure)) return { fields, general: errorText(error) };
  for (const issue of error.issues) {
    const field = FIELDS.find((f) => issue.path === `body.${f}`);
    if (field && fields[field] === undefined) fields[field] = issue.message;
  }
  return { fields, general: Object.keys(fields).length > 0 ? undefined : error.message };
}

export function ComplaintPage() {
  const c = t.public.complaint;
  const [form, setForm] = useState<Record<Field, string>>({ name: '', phone: '', caseNo: '', description: '' });
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<{ fields: Partial<Record<Field, string>>; general: string | undefined }>({ fields: {}, general: undefined });
  const [filed, setFiled] = useState<string | undefined>();

  const set = (field: Field) => (value: string) => setForm((f) => ({ ...f, [field]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors({ fields: {}, general: undefined });
    try {
      const body = { name: form.name.trim(), phone: form.phone.trim(), description: form.description.trim(), ...(form.caseNo.trim() ? { caseNo: form.caseNo.trim() } : {}) };
      const answer = await apiJson<{ complaintNo: string }>('POST', '/public/complaints', '提交反映', body);
      setFiled(answer.complaintNo);
    } catch (e) {
      setErrors(byField(e));
    } finally {
      setBusy(false);
    }
  };

  const input = (field: Exclude<Field, 'description'>, label: string, extra: { type?: string; placeholder?: string; required?: boolean; autoComplete?: string } = {}) => (
    <label className="field">
      {label}
      <input
        name={field}
        value={form[field]}
        onChange={(e) => set(field)(e.target.value)}
        aria-invalid={errors.fields[field] ? true : undefined}
        type={extra.type ?? 'text'}
        placeholder={extra.placeholder}
        required={extra.required ?? false}
        autoComplete={extra.autoComplete ?? 'off'}
      />
      {errors.fields[field] && <span className="error field-error">{errors.fields[field]}</span>}
    </label>
  );

  return (
    <PublicFrame title={c.title}>
      {filed ? (
        <div className="thanks" role="status">
          <div className="thanks-mark" aria-hidden="true">
            ✓
          </div>
          <strong>{c.filed}</strong>
          <p>
            {c.number}：<span className="complaint-no" data-testid="complaint-no">{filed}</span>
          </p>
          <p className="muted">{c.keepNumber}</p>
          <button
            type="button"
            className="big"
            onClick={() => {
              setFiled(undefined);
              setForm({ name: '', phone: '', caseNo: '', description: '' });
            }}
          >
            {c.another}
          </button>
        </div>
      ) : (
        <form className="stack" onSubmit={(e) => void submit(e)}>
          <p className="muted">{c.intro}</p>
          {input('name', c.name, { required: true, autoComplete: 'name' })}
          {input('phone', c.phone, { type: 'tel', placeholder: c.phonePlaceholder, required: true, autoComplete: 'tel' })}
          {input('caseNo', c.caseNo)}
          <label className="field">
            {c.description}
            <textarea
              name="description"
              value={form.description}
              onChange={(e) => set('description')(e.target.value)}
              placeholder={c.descriptionPlaceholder}
              rows={5}
              maxLength={2000}
              required
              aria-invalid={errors.fields.description ? true : undefined}
            />
            {errors.fields.description && <span className="error field-error">{errors.fields.description}</span>}
          </label>
          {errors.general && (
            <p className="error" role="alert">
              {errors.general}
            </p>
          )}
          <button type="submit" className="primary big" disabled={busy}>
            {busy ? c.submitting : c.submit}
          </button>
          <p className="muted small">{c.relatedNotice}</p>
        </form>
      )}
      <ComplaintLookup initialNo={filed ?? ''} initialPhone={filed ? form.phone : ''} key={filed ?? ''} />
    </PublicFrame>
  );
}

function ComplaintLookup({ initialNo, initialPhone }: { readonly initialNo: string; readonly initialPhone: string }) {
  const c = t.public.complaint;
  const [no, setNo] = useState(initialNo);
  const [phone, setPhone] = useState(initialPhone);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [found, setFound] = useState<PublicComplaint | undefined>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setFound(undefined);
    try {
      const query = new URLSearchParams({ no: no.trim().toUpperCase(), phone: phone.trim() });
      setFound(await apiJson<PublicComplaint>('GET', `/public/complaints/lookup?${query.toString()}`, '查询反映'));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="lookup-section" aria-labelledby="complaint-lookup">
      <h2 id="complaint-lookup">{c.lookupTitle}</h2>
      <form className="stack" onSubmit={(e) => void submit(e)}>
        <label className="field">
          {c.no}
          <input name="no" value={no} onChange={(e) => setNo(e.target.value)} placeholder={c.noPlaceholder} required autoComplete="off" />
        </label>
        <label className="field">
          {c.lookupPhone}
          <input name="lookupPhone" type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} required autoComplete="tel" />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="big" disabled={busy}>
          {c.lookupSubmit}
        </button>
      </form>
      {found && (
        <div className="result" data-testid="complaint-progress">
          <div className={`status-badge${found.state === 'closed' ? ' final' : ''}`}>{c.state[found.state] ?? found.state}</div>
          <Facts
            rows={[
              [c.no, found.complaintNo],
              [c.filedAt, formatDateTime(found.filedAt)],
              [c.stage, found.stageLabel],
              [c.resolveDueAt, formatDateTime(found.resolveDueAt)],
              [c.resolution, found.resolution],
              [c.closedAt, formatDateTime(found.closedAt)],
            ]}
          />
          {found.steps.length > 0 && (
            <>
              <h3>{c.steps}</h3>
              <ol className="steps">
                {found.steps.map((s) => (
                  <li key={`${s.at}-${s.label}`}>
                    <span className="at">{formatDateTime(s.at)}</span> {s.label}
                  </li>
                ))}
              </ol>
            </>
          )}
        </div>
      )}
    </section>
  );
}
