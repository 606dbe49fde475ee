// Every supervisor action goes through this dialog: what it will do, its own fields, and a
// reason that is required (the api refuses without one and audits it). The api's refusal shows
// inside the dialog, which stays open; success closes it and the page says what happened.
import { useState, type ReactNode } from 'react';
import { t } from '../i18n/index.js';

export interface ActionDialogProps {
  readonly title: string;
  readonly warning?: string;
  readonly children?: ReactNode;
  /** A problem with the dialog's own fields, checked before sending (undefined = fine). */
  readonly check?: () => string | undefined;
  readonly run: (reason: string) => Promise<void>;
  readonly onClose: () => void;
  readonly danger?: boolean;
}

export const MIN_REASON = 2;

export function ActionDialog({ title, warning, children, check, run, onClose, danger }: ActionDialogProps) {
  const s = t.supervision;
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const problem = reason.trim().length < MIN_REASON ? s.reasonRequired : check?.();
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await run(reason.trim());
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  };
  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="dialog" aria-modal="true" aria-label={title}>
        <header>
          <h2>{title}</h2>
          <button type="button" className="link" onClick={onClose} aria-label={t.modeler.close}>
            ✕
          </button>
        </header>
        <form
          className="dialog-body sv-dialog-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          {warning && <p className="sv-warning">{warning}</p>}
          {children}
          <label>
            {s.reasonLabel}
            <textarea value={reason} rows={3} placeholder={s.reasonPlaceholder} onChange={(e) => setReason(e.target.value)} autoFocus />
          </label>
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <div className="sv-dialog-buttons">
            <button type="button" onClick={onClose} disabled={busy}>
              {s.cancel}
            </button>
            <button type="submit" className={danger ? 'danger' : 'primary'} disabled={busy}>
              {busy ? s.working : s.confirm}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
