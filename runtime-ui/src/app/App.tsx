import { Suspense, useCallback, useEffect, useState } from 'react';
import type { UiBundle, UiLocale } from '@loom/metadata';
import { ApiError, currentSession, get, onUnauthorized, signOut, type SessionAnswer } from '../api/index.ts';
import { I18nProvider, useI18n } from '../i18n/i18n.tsx';
import { LoginPage } from '../shell/LoginPage.tsx';
import { Sidebar } from '../shell/Sidebar.tsx';
import { TopBar } from '../shell/TopBar.tsx';
import { Icon } from '../ui/Icon.tsx';
import { forgetPrefetchedBundle, prefetchedBundle } from './boot.ts';
import { navigate, parseRoute, useLocationPath, type Route } from './router.ts';
import { routes } from './routes.tsx';

export function App() {
  return (
    <I18nProvider>
      <Session />
    </I18nProvider>
  );
}

function Session() {
  const [session, setSession] = useState<SessionAnswer | null | undefined>(undefined);
  const [failure, setFailure] = useState<Error | null>(null);
  const { t } = useI18n();

  useEffect(() => {
    currentSession().then(setSession, (e: Error) => setFailure(e));
    return onUnauthorized(() => setSession(null));
  }, []);

  if (failure) return <Failure error={failure} onRetry={() => location.reload()} />;
  if (session === undefined) return <div className="boot">{t('shell.loading')}</div>;
  if (session === null) return <LoginPage onSignedIn={setSession} />;
  return (
    <Shell
      key={session.user.id}
      onSignOut={async () => {
        await signOut().catch(() => undefined);
        setSession(null);
      }}
    />
  );
}

function Failure({ error, onRetry }: { error: Error; onRetry(): void }) {
  const { t } = useI18n();
  return (
    <div className="page-empty" role="alert">
      <p className="empty-title">{t('shell.loadFailed')}</p>
      <p className="muted">{error instanceof ApiError ? error.messages.join(' ') : error.message}</p>
      <button type="button" className="btn" onClick={onRetry}>
        {t('shell.retry')}
      </button>
    </div>
  );
}

/** The UI bundle for the current locale (the previous one stays on screen while the next loads). */
function useBundle(locale: UiLocale) {
  const [bundle, setBundle] = useState<UiBundle | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setError(null);
    const load = () => get<UiBundle>('/api/meta/ui', { locale }, controller.signal);
    // The bundle asked for at start-up (refused if nobody was signed in then: ask again).
    const early = attempt === 0 ? prefetchedBundle(locale) : undefined;
    (early ? early.catch(load) : load()).then(
      (b) => {
        if (controller.signal.aborted) return;
        forgetPrefetchedBundle();
        setBundle(b);
      },
      (e: Error) => !controller.signal.aborted && setError(e),
    );
    return () => controller.abort();
  }, [locale, attempt]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { bundle, error, retry };
}

function firstView(bundle: UiBundle): string | undefined {
  const walk = (items: UiBundle['menus'][number]['items']): string | undefined => {
    for (const item of items) {
      if (item.kind === 'view') return item.view;
      if (item.kind === 'group') {
        const found = walk(item.items);
        if (found) return found;
      }
    }
    return undefined;
  };
  for (const menu of bundle.menus) {
    const found = walk(menu.items);
    if (found) return found;
  }
  return Object.keys(bundle.views)[0];
}

function titleOf(bundle: UiBundle | null, route: Route): string {
  if (!bundle) return '';
  switch (route.name) {
    case 'list':
      return bundle.views[route.view]?.label ?? '';
    case 'new':
    case 'record':
    case 'edit':
      return bundle.entities[route.entity]?.label ?? '';
    default:
      return '';
  }
}

function Shell({ onSignOut }: { onSignOut(): void }) {
  const { t, locale } = useI18n();
  const path = useLocationPath();
  const route = parseRoute(path);
  const { bundle, error, retry } = useBundle(locale);
  const [drawer, setDrawer] = useState(false);

  // The home page opens the first list of the menu.
  useEffect(() => {
    if (bundle && route.name === 'home') {
      const view = firstView(bundle);
      if (view) navigate({ name: 'list', view }, { replace: true });
    }
  }, [bundle, route.name]);

  useEffect(() => {
    const title = titleOf(bundle, route);
    document.title = title ? `${title} · Loom` : 'Loom';
  });

  return (
    <div className={`app ${drawer ? 'drawer-open' : ''}`}>
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark"><Icon name="loom" size={16} /></span>
          <span>Loom</span>
        </div>
        {bundle && <Sidebar bundle={bundle} route={route} onNavigate={() => setDrawer(false)} />}
      </aside>
      <div className="scrim" onClick={() => setDrawer(false)} />
      <div className="main">
        <TopBar bundle={bundle} title={titleOf(bundle, route)} onMenu={() => setDrawer((d) => !d)} onSignOut={onSignOut} />
        <main className="content">
          {error && !bundle ? (
            <Failure error={error} onRetry={retry} />
          ) : !bundle ? (
            <div className="boot">{t('shell.loading')}</div>
          ) : (
            <Suspense fallback={<div className="boot">{t('shell.loading')}</div>}>
              <Page bundle={bundle} route={route} />
            </Suspense>
          )}
        </main>
      </div>
    </div>
  );
}

function Page({ bundle, route }: { bundle: UiBundle; route: Route }) {
  const { t } = useI18n();
  switch (route.name) {
    case 'list':
      return <routes.list view={route.view} bundle={bundle} />;
    case 'new':
      return <routes.form key={`new:${route.entity}`} entity={route.entity} bundle={bundle} onSaved={(id) => navigate({ name: 'record', entity: route.entity, id })} />;
    case 'edit':
      return <routes.form key={`edit:${route.id}`} entity={route.entity} id={route.id} bundle={bundle} onSaved={(id) => navigate({ name: 'record', entity: route.entity, id })} />;
    case 'record':
      return <routes.record key={route.id} entity={route.entity} id={route.id} bundle={bundle} />;
    case 'home':
      return (
        <div className="page-empty">
          <p>{t('shell.home')}</p>
        </div>
      );
    case 'notFound':
      return (
        <div className="page-empty">
          <p>{t('shell.notFound')}</p>
        </div>
      );
  }
}
