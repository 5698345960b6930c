import type { QueryClient } from '@tanstack/react-query';
import type { UiLocale } from '@loom/metadata';
import { listQueryOptions } from '../list/use-list-query.ts';
import { initialListQuery } from '../list/query.ts';
import { parseListSearch } from '../list/list-search.ts';
import { prefetchAnalysis } from '../reports/prefetch.ts';
import { bundleQuery } from './bundle-context.ts';
import { parseRoute } from './router.ts';
import type { pages as Pages } from './route-tree.tsx';

/**
 * The first screen needs the session, the UI bundle, the page's code and (on a list URL) the
 * list's first page. They are asked for at once when the script starts rather than one after
 * the other; the answers land in the query cache, where the pages find them.
 */
export function prefetchFirstScreen(client: QueryClient, locale: UiLocale, url: URL, pages: typeof Pages): void {
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
            : undefined;
  page?.preload?.()?.catch(() => undefined);
  // Refused when nobody is signed in yet: the shell asks again after sign-in.
  const bundle = client.fetchQuery(bundleQuery(locale, { quiet401: true }));
  bundle.catch(() => undefined);
  prefetchAnalysis(client, locale, route, url, bundle, () => {
    const code =
      route.name === 'report' ? pages.report.preload?.() : route.name === 'dashboard' ? pages.dashboard.preload?.() : import('../dashboards/DashboardView.tsx');
    code?.catch(() => undefined);
  });
  if (route.name !== 'list') return;
  const search = parseListSearch(Object.fromEntries(url.searchParams));
  bundle.then(
    (loaded) => {
      const query = initialListQuery(loaded, route.view, search);
      if (query) void client.prefetchInfiniteQuery(listQueryOptions(query));
    },
    () => undefined,
  );
}
