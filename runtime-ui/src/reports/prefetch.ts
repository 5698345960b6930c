import type { QueryClient } from '@tanstack/react-query';
import type { UiBundle, UiLocale } from '@loom/metadata';
import type { Route } from '../app/router.ts';
import { validateReportSearch } from './report-search.ts';
import { dashboardQuery, reportQuery } from './reports-api.ts';

/**
 * A report, a dashboard or a home dashboard as the first screen: its answer is asked for as
 * soon as the bundle says the user is signed in, while the page's code (and the charting
 * library) is still loading, rather than after it.
 */
export function prefetchAnalysis(client: QueryClient, locale: UiLocale, route: Route, url: URL, bundle: Promise<UiBundle>, preloadPage: () => void): void {
  if (route.name !== 'report' && route.name !== 'dashboard' && route.name !== 'home') return;
  // The charting library too, straight away: the page's code would only ask for it once it runs.
  const preloadChart = () => void import('./ReportChart.tsx').catch(() => undefined);
  if (route.name !== 'home') {
    preloadPage();
    preloadChart();
  }
  bundle.then(
    (loaded) => {
      if (route.name === 'report') void client.prefetchQuery(reportQuery(route.report, validateReportSearch(Object.fromEntries(url.searchParams)), locale));
      else if (route.name === 'dashboard') void client.prefetchQuery(dashboardQuery(route.dashboard, locale));
      else if (loaded.home) {
        void client.prefetchQuery(dashboardQuery(loaded.home, locale));
        preloadPage();
        preloadChart();
      }
    },
    () => undefined,
  );
}
