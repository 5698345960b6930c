import { useEffect, useState } from 'react';
import { Outlet } from '@tanstack/react-router';
import { useQuery } from '@tanstack/react-query';
import { useI18n } from '../i18n/i18n.tsx';
import { Sidebar } from '../shell/Sidebar.tsx';
import { TopBar } from '../shell/TopBar.tsx';
import { Icon } from '../ui/Icon.tsx';
import { BundleContext, bundleQuery } from './bundle-context.ts';
import { Failure } from './Failure.tsx';
import { titleOf } from './page-title.ts';
import { useCurrentRoute } from './router.ts';
import { useRevisionWatch } from './use-revision-watch.ts';

/**
 * The signed-in app: menu, top bar and the page of the current address. Pages render once
 * the UI bundle is there and read it with useUiBundle(); a newer bundle (after a publish, or
 * another locale) replaces it in place, the previous one staying on screen meanwhile.
 */
export function Shell({ onSignOut }: { onSignOut(): void }) {
  const { t, locale } = useI18n();
  const route = useCurrentRoute();
  const { data: bundle, error, refetch } = useQuery({ ...bundleQuery(locale), placeholderData: (previous) => previous });
  const [drawer, setDrawer] = useState(false);
  useRevisionWatch(bundle?.revision);
  const title = titleOf(bundle, route);

  useEffect(() => {
    document.title = title ? `${title} · Loom` : 'Loom';
  }, [title]);

  return (
    <BundleContext.Provider value={bundle ?? null}>
      <div className={`app ${drawer ? 'drawer-open' : ''}`}>
        <aside className="sidebar">
          <div className="brand">
            <span className="brand-mark">
              <Icon name="loom" size={16} />
            </span>
            <span>Loom</span>
          </div>
          {bundle && <Sidebar onNavigate={() => setDrawer(false)} />}
        </aside>
        <div className="scrim" onClick={() => setDrawer(false)} />
        <div className="main">
          <TopBar title={title} onMenu={() => setDrawer((d) => !d)} onSignOut={onSignOut} />
          <main className="content">
            {error && !bundle ? (
              <Failure error={error} onRetry={() => void refetch()} />
            ) : !bundle ? (
              <div className="boot">{t('shell.loading')}</div>
            ) : (
              <Outlet />
            )}
          </main>
        </div>
      </div>
    </BundleContext.Provider>
  );
}
