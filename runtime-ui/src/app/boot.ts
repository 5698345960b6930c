import type { UiBundle, UiLocale } from '@loom/metadata';
import { api } from '../api/index.ts';
import { initialListQuery, prefetchFirstPage } from '../list/query.ts';
import { parseRoute } from './router.ts';
import { routes } from './routes.tsx';

/**
 * The first screen needs the session, the UI bundle and (on a list URL) the list page's code.
 * They are asked for at once when the script starts rather than one after the other.
 */
let early: { locale: UiLocale; promise: Promise<UiBundle> } | null = null;

export function prefetchBundle(locale: UiLocale, pathname: string): void {
  const promise = api<UiBundle>('/api/meta/ui', { query: { locale }, quiet401: true });
  promise.catch(() => undefined);
  early = { locale, promise };
  // On a list URL, the list's first page too, as soon as the bundle says what the view asks.
  const route = parseRoute(pathname);
  if (route.name === 'list') {
    promise.then((bundle) => {
      const query = initialListQuery(bundle, route.view);
      if (query) prefetchFirstPage(query);
    }, () => undefined);
  }
}

/** The prefetched bundle for this locale, until one screen has used it (later loads fetch afresh). */
export function prefetchedBundle(locale: UiLocale): Promise<UiBundle> | undefined {
  return early && early.locale === locale ? early.promise : undefined;
}

export function forgetPrefetchedBundle(): void {
  early = null;
}

export function prefetchPageCode(pathname: string): void {
  const route = parseRoute(pathname);
  const page = route.name === 'list' ? routes.list : route.name === 'record' ? routes.record : route.name === 'new' || route.name === 'edit' ? routes.form : undefined;
  page?.preload().catch(() => undefined);
}
