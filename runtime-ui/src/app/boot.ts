import type { QueryClient } from '@tanstack/react-query';
import { initialLocale } from '../i18n/initial-locale.ts';
import { listKey, listQueryOptions } from '../list/use-list-query.ts';
import { initialListQuery } from '../list/query.ts';
import { parseListSearch } from '../list/list-search.ts';
import { prefetchAnalysis } from '../reports/prefetch.ts';
import { bundleQuery } from './bundle-context.ts';
import { takeEarlyRequests } from './early-requests.ts';
import { awaitFirstScreen, expectFirstPage } from './first-screen.ts';
import { firstView } from './first-view.ts';
import { parseRoute } from './router.ts';
import type { pages as Pages } from './route-tree.tsx';
import { sessionQuery } from './session.ts';

/**
 * The first screen needs the session, the UI bundle, the page's code and (on a list URL) the
 * list's first page. They are asked for at once rather than one after the other (the session
 * no longer waits for the first render, the list only for the bundle); the answers land in the
 * query cache, where the pages find them. The session and the bundle were asked for before
 * the app's code ran (early-requests.ts), and so before the page's code, whose chunks would
 * take the browser's six connections to the server. What the page does not need waits until
 * all of this is in (first-screen.ts). Settles once the session and the bundle are known.
 */
export function prefetchFirstScreen(client: QueryClient, url: URL, pages: typeof Pages): Promise<void> {
  // Already on their way (early-requests.ts): the query cache takes their answers.
  const early = takeEarlyRequests();
  const locale = early?.locale ?? initialLocale();
  const session = client.prefetchQuery(early ? { ...sessionQuery, queryFn: () => early.session } : sessionQuery);
  // Refused when nobody is signed in yet: the shell asks again after sign-in.
  const bundle = client.fetchQuery(early ? { ...bundleQuery(locale), queryFn: () => early.bundle } : bundleQuery(locale, { quiet401: true }));
  bundle.catch(() => undefined);
  const route = parseRoute(url.pathname);
  const page =
    route.name === 'list'
      ? pages.list
      : route.name === 'record'
        ? pages.record
        : route.name === 'new'
          ? pages.newRecord
          : route.name === 'edit'
            ? pages.editRecord
            : route.name === 'approvals'
              ? pages.approvals
              : undefined;
  const code = page?.preload?.();
  code?.catch(() => undefined);
  const analysis = prefetchAnalysis(client, locale, route, url, bundle, () => {
    const code =
      route.name === 'report' ? pages.report.preload?.() : route.name === 'dashboard' ? pages.dashboard.preload?.() : import('../dashboards/DashboardView.tsx');
    code?.catch(() => undefined);
  });
  // A list's first page; home opens the menu's first list when the user has no home dashboard.
  const firstPage =
    route.name === 'list' || route.name === 'home'
      ? bundle.then((loaded) => {
          const view = route.name === 'list' ? route.view : loaded.home ? undefined : firstView(loaded);
          if (!view) return undefined;
          const query = initialListQuery(loaded, view, route.name === 'list' ? parseListSearch(Object.fromEntries(url.searchParams)) : {});
          const answer = query ? client.prefetchInfiniteQuery(listQueryOptions(query)) : undefined;
          // The list renders once this is in (it does not draw placeholders first).
          if (query && answer) expectFirstPage(listKey(query), answer);
          if (route.name === 'home') pages.list.preload?.()?.catch(() => undefined);
          return answer;
        })
      : undefined;
  awaitFirstScreen([session, bundle, code, analysis, firstPage].filter((p) => p !== undefined));
  // Settles after the callbacks above: the list's request is out by then.
  return Promise.allSettled([session, bundle]).then(() => undefined);
}
