import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError, ListAnswer, RecordData } from '../api/index.ts';
import { fetchListPage, FIRST_PAGE, listKey, takePrefetchedFirstPage, type ListQuery } from './query.ts';

export type { ListQuery };

export interface RecordList {
  /** The rows loaded so far, in order (keyset pages appended). */
  readonly rows: readonly RecordData[];
  /** Matching records in all (count=true on the first page); undefined until known. */
  readonly total?: number;
  readonly loading: boolean;
  readonly done: boolean;
  readonly error?: ApiError | Error;
  /** Ask for rows up to this index (the viewport's last row plus some). */
  ensure(index: number): void;
  reload(): void;
}

const PAGE = 200;
const FAR_PAGE = 500;

/**
 * Keyset paging for a virtual list: pages are fetched in order with the server's cursor, as
 * far as the viewport asks for, with bigger pages when the user jumps far ahead. A change of
 * query starts over; answers for an older query are dropped.
 */
export function useRecordList(query: ListQuery): RecordList {
  const key = listKey(query);
  const [state, setState] = useState<{ key: string; rows: RecordData[]; total?: number; next: string | null; loading: boolean; done: boolean; error?: Error }>(
    { key, rows: [], next: null, loading: true, done: false },
  );
  const wanted = useRef(0);
  const inFlight = useRef<AbortController | null>(null);
  const stateRef = useRef(state);
  stateRef.current = state;
  const [reloads, setReloads] = useState(0);

  const fetchPage = useCallback(
    (cursor: string | null, limit: number) => {
      inFlight.current?.abort();
      const controller = new AbortController();
      inFlight.current = controller;
      const first = cursor === null;
      setState((s) => (s.key === key ? { ...s, loading: true } : s));
      const request = (first ? takePrefetchedFirstPage(query) : undefined) ?? fetchListPage(query, cursor, limit, controller.signal);
      request
        .then((answer: ListAnswer) => {
          if (controller.signal.aborted) return;
          inFlight.current = null;
          setState((s) => {
            const base = first ? [] : s.key === key ? s.rows : [];
            return {
              key,
              rows: base.concat(answer.data),
              total: answer.total ?? (first ? undefined : s.total),
              next: answer.next,
              loading: false,
              done: answer.next === null,
            };
          });
        })
        .catch((error: Error) => {
          if (controller.signal.aborted || error.name === 'AbortError') return;
          inFlight.current = null;
          setState((s) => ({ ...s, key, loading: false, error }));
        });
    },
    [key],
  );

  // A new query (or a reload): start from the first page.
  useEffect(() => {
    wanted.current = FIRST_PAGE;
    setState({ key, rows: [], next: null, loading: true, done: false });
    fetchPage(null, FIRST_PAGE);
    return () => inFlight.current?.abort();
  }, [key, reloads, fetchPage]);

  // More rows when the viewport wants them and nothing is on its way.
  useEffect(() => {
    if (state.key !== key || state.loading || state.done || state.error || !state.next) return;
    if (wanted.current < state.rows.length) return;
    const missing = wanted.current - state.rows.length;
    fetchPage(state.next, missing > PAGE ? FAR_PAGE : PAGE);
  }, [state, key, fetchPage]);

  const ensure = useCallback(
    (index: number) => {
      if (index <= wanted.current) return;
      wanted.current = index;
      const s = stateRef.current;
      if (s.key === key && !s.loading && !s.done && !s.error && s.next && index >= s.rows.length) {
        const missing = index - s.rows.length;
        fetchPage(s.next, missing > PAGE ? FAR_PAGE : PAGE);
      }
    },
    [key, fetchPage],
  );

  const reload = useCallback(() => setReloads((n) => n + 1), []);
  const current = state.key === key ? state : { rows: [] as RecordData[], loading: true, done: false, total: undefined, error: undefined };
  return { rows: current.rows, total: current.total, loading: current.loading, done: current.done, error: current.error, ensure, reload };
}
