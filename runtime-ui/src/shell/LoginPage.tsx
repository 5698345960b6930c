import { useState } from 'react';
import { ApiError, signIn, type SessionAnswer } from '../api/index.ts';
import { LOCALES, useI18n } from '../i18n/i18n.tsx';
import { Icon } from '../ui/Icon.tsx';

export function LoginPage({ onSignedIn }: { onSignedIn(session: SessionAnswer): void }) {
  const { t, locale, setLocale } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await signIn(email.trim(), password));
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 400 || e.status === 403)) setError(t('login.failed'));
      else if (e instanceof ApiError) setError(e.messages.join(' '));
      else setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-page">
      <div className="login-card">
        <div className="brand brand-lg">
          <span className="brand-mark">
            <Icon name="loom" size={18} />
          </span>
          <span>Loom</span>
        </div>
        <h1>{t('login.title')}</h1>
        <p className="muted">{t('login.subtitle')}</p>
        <form onSubmit={submit} className="login-form" noValidate>
          <label className="field">
            <span className="field-label">{t('login.email')}</span>
            <input
              className="input"
              name="email"
              type="email"
              autoComplete="username"
              required
              autoFocus
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </label>
          <label className="field">
            <span className="field-label">{t('login.password')}</span>
            <input
              className="input"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          {error && (
            <div className="alert" role="alert">
              {error}
            </div>
          )}
          <button className="btn btn-primary btn-block" type="submit" disabled={busy || !email || !password}>
            {busy ? t('login.busy') : t('login.submit')}
          </button>
        </form>
        <div className="login-locales">
          {LOCALES.map((l) => (
            <button key={l.code} type="button" className={`btn btn-link ${l.code === locale ? 'active' : ''}`} onClick={() => setLocale(l.code)}>
              {l.label}
            </button>
          ))}
        </div>
      </div>
    </div>
  );
}
