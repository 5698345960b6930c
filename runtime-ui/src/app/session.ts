import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { currentSession, type SessionAnswer } from '../api/index.ts';
import { keys } from '../api/keys.ts';

/** Who is signed in (null: nobody). Asked once; sign-in, sign-out and a 401 set it directly. */
export const sessionQuery = queryOptions({
  queryKey: keys.session(),
  queryFn: currentSession,
  staleTime: Infinity,
  gcTime: Infinity,
});

/**
 * A new session (or none): everything read for the previous user is dropped, so nothing of
 * theirs is shown to the next one.
 */
export function setSession(client: QueryClient, session: SessionAnswer | null): void {
  client.removeQueries({ predicate: (query) => query.queryKey[0] !== keys.session()[0] });
  client.setQueryData(keys.session(), session);
}
