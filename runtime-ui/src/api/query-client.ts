import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './client.ts';

/**
 * The app's one query cache. Reads stay fresh for 30 s (a list reopened from the menu or by
 * Back shows at once and is not asked for again); writes mark what they change stale
 * (invalidate.ts), and the bundle is reloaded when the server reports a newer revision.
 * An answer the server gave on purpose (4xx) is not asked for again; a dropped connection or
 * a 5xx is, once.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        gcTime: 5 * 60_000,
        refetchOnWindowFocus: false,
        retry: (failures, error) => failures < 1 && !(error instanceof ApiError && error.status < 500),
      },
    },
  });
}
