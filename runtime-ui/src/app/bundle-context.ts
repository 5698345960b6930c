import { createContext, useContext } from 'react';
import { queryOptions } from '@tanstack/react-query';
import type { UiBundle, UiLocale } from '@loom/metadata';
import { api } from '../api/client.ts';
import { keys } from '../api/keys.ts';

/**
 * The UI bundle for the signed-in user and locale. It changes only when the metadata is
 * published again (the app then reloads it: see use-revision-watch.ts), so it never goes
 * stale by age.
 */
export function bundleQuery(locale: UiLocale, options: { quiet401?: boolean } = {}) {
  return queryOptions({
    queryKey: keys.bundle(locale),
    queryFn: ({ signal }) => api<UiBundle>('/api/meta/ui', { query: { locale }, signal, quiet401: options.quiet401 }),
    staleTime: Infinity,
  });
}

export const BundleContext = createContext<UiBundle | null>(null);

/** The UI bundle of the shell around this page (pages render only once it is there). */
export function useUiBundle(): UiBundle {
  const bundle = useContext(BundleContext);
  if (!bundle) throw new Error('useUiBundle() is used outside the app shell');
  return bundle;
}
