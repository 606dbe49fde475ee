// Sign-in: POST /api/auth/login sets the session cookie; the api's message (wrong password,
// too many attempts) is shown as it is.
import { useState, type FormEvent } from 'react';
import { t } from '../i18n/index.js';
import { useSession } from '../session.js';

export function LoginPage() {
  const { login } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await login(username, password);
    } catch (e) {
      setError(e instanceof Error ? e.message : t.login.failed);
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <form className="login-card" onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
        <div className="brand">{t.appName}</div>
        <div className="muted">{t.appSubtitle}</div>
        <h1 id="login-title">{t.login.title}</h1>
        <label>
          {t.login.username}
          <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required autoFocus />
        </label>
        <label>
          {t.login.password}
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t.login.submitting : t.login.submit}
        </button>
        <p className="muted small">{t.login.hint}</p>
      </form>
    </main>
  );
}
