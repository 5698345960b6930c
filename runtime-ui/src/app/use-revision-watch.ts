import { useEffect, useRef } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, onRevision } from '../api/client.ts';
import { keys } from '../api/keys.ts';
import { useAfterFirstScreen } from './first-screen.ts';

/** How often an idle app asks whether the metadata was published again (while the tab is shown). */
export const HEALTH_POLL_MS = 30_000;

/**
 * Reloads the UI bundle when the server serves a newer metadata revision than the bundle's.
 * Every API answer names its revision (the `loom-revision` header), so a user who is working
 * sees a publish on their next request; an idle app asks `/api/health` every 30 s while the
 * tab is visible, and at once when the tab comes back into view. The first ask waits for the
 * page's first screen (the bundle it just read is that recent anyway).
 */
export function useRevisionWatch(bundleRevision: number | undefined): void {
  const client = useQueryClient();
  const asked = useRef(0);
  const settled = useAfterFirstScreen();
  useEffect(() => {
    if (bundleRevision === undefined) return;
    return onRevision((served) => {
      if (served <= bundleRevision || served <= asked.current) return;
      asked.current = served;
      void client.invalidateQueries({ queryKey: keys.bundles() });
    });
  }, [bundleRevision, client]);
  useQuery({
    queryKey: keys.health(),
    queryFn: ({ signal }) => api<{ revision: number }>('/api/health', { signal }),
    enabled: bundleRevision !== undefined && settled,
    staleTime: 0,
    refetchInterval: HEALTH_POLL_MS,
    refetchIntervalInBackground: false,
    refetchOnWindowFocus: true,
    retry: false,
  });
}
