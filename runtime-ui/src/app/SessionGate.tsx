import { Fragment, useEffect, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { onUnauthorized, signOut } from '../api/index.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { LoginPage } from '../shell/LoginPage.tsx';
import { Failure } from './Failure.tsx';
import { sessionQuery, setSession } from './session.ts';

/** The sign-in page until someone is signed in, then the app (keyed by user: nothing carries over). */
export function SessionGate({ children }: { children(signOut: () => void): ReactNode }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const session = useQuery(sessionQuery);

  // A 401 from any request means the session ended: back to the sign-in page.
  useEffect(() => onUnauthorized(() => setSession(client, null)), [client]);

  if (session.error) return <Failure error={session.error} onRetry={() => location.reload()} />;
  if (session.data === undefined) return <div className="boot">{t('shell.loading')}</div>;
  if (session.data === null) return <LoginPage onSignedIn={(answer) => setSession(client, answer)} />;
  const leave = async () => {
    await signOut().catch(() => undefined);
    setSession(client, null);
  };
  return <Fragment key={session.data.user.id}>{children(() => void leave())}</Fragment>;
}
