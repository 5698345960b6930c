import { use, useCallback, useEffect, useMemo, useRef } from 'react';
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import type { RecordData } from '../api/index.ts';
import { keys } from '../api/keys.ts';
import { firstPageOnItsWay } from '../app/first-screen.ts';
import { fetchListPage, type ListQuery } from './query.ts';

/** The first page is small (the screen shows at once), the next ones bigger. */
export const FIRST_PAGE = 60;
const PAGE = 200;

interface PageParam {
  readonly cursor: string | null;
  readonly limit: number;
}

/** A list's pages in the query cache: keyset pages in order, following the server's cursor. */
export function listQueryOptions(query: ListQuery) {
  return infiniteQueryOptions({
    queryKey: keys.list(query.entity, { filter: query.filter ?? null, q: query.q || '', sort: query.sort, expand: query.expand }),
    queryFn: ({ pageParam, signal }) => fetchListPage(query, pageParam.cursor, pageParam.limit, signal),
    initialPageParam: { cursor: null, limit: FIRST_PAGE } as PageParam,
    getNextPageParam: (last): PageParam | undefined => (last.next ? { cursor: last.next, limit: PAGE } : undefined),
  });
}

/** A list's query as one string (its cache key). */
export function listKey(query: ListQuery): string {
  return JSON.stringify(listQueryOptions(query).queryKey);
}

export interface RecordList {
  /** The rows loaded so far, in order. */
  readonly rows: readonly RecordData[];
  /** Matching records in all (asked for with the first page); undefined until known. */
  readonly total?: number;
  readonly done: boolean;
  readonly error: Error | null;
  /** Ask for rows up to this index (the viewport's last row plus some). */
  ensure(index: number): void;
}

/**
 * The rows of a virtual list: pages are fetched in order, as far as the viewport asks for. A
 * change of query is another cache entry (Back shows the previous one at once). The first
 * screen's list, whose first page was asked for at start, suspends until that page is in
 * (app/first-screen.ts), so that it first renders with its rows.
 */
export function useListQuery(query: ListQuery): RecordList {
  const key = listKey(query);
  const early = firstPageOnItsWay(key);
  if (early) use(early);
  const result = useInfiniteQuery(listQueryOptions(query));
  const { data, hasNextPage, isFetchingNextPage, isError, fetchNextPage } = result;
  const rows = useMemo(() => data?.pages.flatMap((page) => page.data) ?? [], [data]);
  const wanted = useRef(0);
  useEffect(() => {
    wanted.current = 0;
  }, [key]);

  const more = useCallback(() => {
    if (wanted.current >= rows.length && hasNextPage && !isFetchingNextPage && !isError) void fetchNextPage();
  }, [rows.length, hasNextPage, isFetchingNextPage, isError, fetchNextPage]);
  useEffect(more, [more]);

  const ensure = useCallback(
    (index: number) => {
      if (index <= wanted.current) return;
      wanted.current = index;
      more();
    },
    [more],
  );
  return { rows, total: data?.pages[0]?.total, done: data !== undefined && !hasNextPage, error: result.error, ensure };
}
