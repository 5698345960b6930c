import { createRootRoute, createRoute, createRouter, lazyRouteComponent } from '@tanstack/react-router';
import { validateListSearch } from '../list/list-search.ts';
import { validateReportSearch } from '../reports/report-search.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { HomePage, NotFoundPage } from './HomePage.tsx';
import { PageError } from './PageError.tsx';
import { BASE, bindRouter } from './router.ts';
import { SessionGate } from './SessionGate.tsx';
import { Shell } from './Shell.tsx';

/**
 * The app's routes (TanStack Router, under the `/app` base; the server answers index.html for
 * every path below it, so deep links work). Each page's code is split off and loaded when
 * its route is first shown; a list's filter, sort, search and saved view are typed search
 * params (list/list-search.ts checks them, dropping what a hand-edited address gets wrong).
 */
export const pages = {
  list: lazyRouteComponent(() => import('../list/ListPage.tsx'), 'ListPage'),
  record: lazyRouteComponent(() => import('../record/RecordPage.tsx'), 'RecordRoute'),
  newRecord: lazyRouteComponent(() => import('../form/FormPage.tsx'), 'NewRecordRoute'),
  editRecord: lazyRouteComponent(() => import('../form/FormPage.tsx'), 'EditRecordRoute'),
  approvals: lazyRouteComponent(() => import('../approvals/ApprovalsPage.tsx'), 'ApprovalsPage'),
  // Reports and dashboards carry the charting library: only their pages load it.
  report: lazyRouteComponent(() => import('../reports/ReportPage.tsx'), 'ReportPage'),
  dashboard: lazyRouteComponent(() => import('../dashboards/DashboardPage.tsx'), 'DashboardPage'),
};

const rootRoute = createRootRoute({
  component: () => <SessionGate>{(signOut) => <Shell onSignOut={signOut} />}</SessionGate>,
  notFoundComponent: NotFoundPage,
});

const homeRoute = createRoute({ getParentRoute: () => rootRoute, path: '/', component: HomePage });
const listRoute = createRoute({ getParentRoute: () => rootRoute, path: '/v/$view', validateSearch: validateListSearch, component: pages.list });
const newRoute = createRoute({ getParentRoute: () => rootRoute, path: '/e/$entity/new', component: pages.newRecord });
const recordRoute = createRoute({ getParentRoute: () => rootRoute, path: '/e/$entity/$id', component: pages.record });
const editRoute = createRoute({ getParentRoute: () => rootRoute, path: '/e/$entity/$id/edit', component: pages.editRecord });
const approvalsRoute = createRoute({ getParentRoute: () => rootRoute, path: '/approvals', component: pages.approvals });
const reportRoute = createRoute({ getParentRoute: () => rootRoute, path: '/r/$name', validateSearch: validateReportSearch, component: pages.report });
const dashboardRoute = createRoute({ getParentRoute: () => rootRoute, path: '/d/$name', component: pages.dashboard });

const routeTree = rootRoute.addChildren([homeRoute, listRoute, newRoute, recordRoute, editRoute, approvalsRoute, reportRoute, dashboardRoute]);

function PagePending() {
  const { t } = useI18n();
  return <div className="boot">{t('shell.loading')}</div>;
}

export function createAppRouter() {
  const router = createRouter({
    routeTree,
    basepath: BASE || '/',
    defaultErrorComponent: PageError,
    defaultPendingComponent: PagePending,
    defaultPreload: 'intent',
  });
  bindRouter(router);
  return router;
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
