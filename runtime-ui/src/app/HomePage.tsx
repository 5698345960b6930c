import { lazy, Suspense, useEffect } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { useUiBundle } from './bundle-context.ts';
import { firstView } from './first-view.ts';
import { navigate } from './router.ts';

// The dashboard code (and its charts) is loaded only when there is a home dashboard to show.
const DashboardView = lazy(() => import('../dashboards/DashboardView.tsx').then((m) => ({ default: m.DashboardView })));

/**
 * Home is the user's workbench: the dashboard their role names as home (the bundle's `home`),
 * shown here at the app's own address. Without one, home opens the first list of the menu
 * (a bundle without lists shows a hint).
 */
export function HomePage() {
  const bundle = useUiBundle();
  const { t } = useI18n();
  const home = bundle.home;
  const view = home ? undefined : firstView(bundle);
  useEffect(() => {
    if (view) navigate({ name: 'list', view }, { replace: true });
  }, [view]);
  if (home)
    return (
      <Suspense fallback={<p className="lf-page-message">{t('shell.loading')}</p>}>
        <DashboardView name={home} />
      </Suspense>
    );
  return (
    <div className="page-empty">
      <p>{view ? t('shell.loading') : t('shell.home')}</p>
    </div>
  );
}

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <div className="page-empty">
      <p>{t('shell.notFound')}</p>
    </div>
  );
}
