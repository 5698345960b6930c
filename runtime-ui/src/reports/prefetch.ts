import type { QueryClient } from '@tanstack/react-query';
import type { UiBundle, UiLocale } from '@loom/metadata';
import type { Route } from '../app/router.ts';
import { validateReportSearch } from './report-search.ts';
import { dashboardQuery, reportQuery } from './reports-api.ts';

/**
 * A report, a dashboard or a home dashboard as the first screen: its answer is asked for as
 * soon as the bundle says the user is signed in, while the page's code (and the charting
 * library) is still loading, rather than after it. Settles once that answer is in (undefined:
 * not such a screen).
 */
export function prefetchAnalysis(
  client: QueryClient,
  locale: UiLocale,
  route: Route,
  url: URL,
  bundle: Promise<UiBundle>,
  preloadPage: () => void,
): Promise<unknown> | undefined {
  if (route.name !== 'report' && route.name !== 'dashboard' && route.name !== 'home') return undefined;
  // The charting library too, straight away: the page's code would only ask for it once it runs.
  const preloadChart = () => void import('./ReportChart.tsx').catch(() => undefined);
  if (route.name !== 'home') {
    preloadPage();
    preloadChart();
  }
  return bundle.then((loaded) => {
    if (route.name === 'report') return client.prefetchQuery(reportQuery(route.report, validateReportSearch(Object.fromEntries(url.searchParams)), locale));
    if (route.name === 'dashboard') return client.prefetchQuery(dashboardQuery(route.dashboard, locale));
    if (!loaded.home) return undefined;
    const answer = client.prefetchQuery(dashboardQuery(loaded.home, locale));
    preloadPage();
    preloadChart();
    return answer;
  });
}
