import type { UiBundle } from '@loom/metadata';
import { get, type ListAnswer, type Query } from '../api/index.ts';
import { expandFor } from './columns.ts';

/** What a list asks the server for (everything but the page). */
export interface ListQuery {
  readonly entity: string;
  readonly filter?: unknown;
  readonly q?: string;
  readonly sort: readonly string[];
  readonly expand: readonly string[];
}

export const FIRST_PAGE = 60;

export function listKey(query: ListQuery): string {
  return JSON.stringify([query.entity, query.filter ?? null, query.q || '', query.sort, query.expand]);
}

export function listParams(query: ListQuery, cursor: string | null, limit: number): Query {
  return {
    limit,
    sort: query.sort.length > 0 ? query.sort.join(',') : undefined,
    expand: query.expand.length > 0 ? query.expand.join(',') : undefined,
    filter: query.filter === undefined ? undefined : JSON.stringify(query.filter),
    q: query.q || undefined,
    cursor: cursor ?? undefined,
    count: cursor === null ? true : undefined,
  };
}

export function fetchListPage(query: ListQuery, cursor: string | null, limit: number, signal?: AbortSignal): Promise<ListAnswer> {
  return get<ListAnswer>(`/api/data/${encodeURIComponent(query.entity)}`, listParams(query, cursor, limit), signal);
}

/** What a view's list asks for before the user changes anything. */
export function initialListQuery(bundle: UiBundle, viewName: string): ListQuery | undefined {
  const view = bundle.views[viewName];
  if (!view || !bundle.entities[view.entity]) return undefined;
  return { entity: view.entity, filter: view.filter, sort: [...view.sort], expand: expandFor(view.columns) };
}

// The first page of the list the app opened on, asked for as soon as the bundle is there
// (in parallel with loading the list page's code and rendering it).
let early: { key: string; promise: Promise<ListAnswer> } | null = null;

export function prefetchFirstPage(query: ListQuery): void {
  const promise = fetchListPage(query, null, FIRST_PAGE);
  promise.catch(() => undefined);
  early = { key: listKey(query), promise };
}

/** The prefetched first page for this query, once. */
export function takePrefetchedFirstPage(query: ListQuery): Promise<ListAnswer> | undefined {
  if (!early || early.key !== listKey(query)) return undefined;
  const { promise } = early;
  early = null;
  return promise;
}
