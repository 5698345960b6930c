import type { UiBundle } from '@loom/metadata';
import { get, type ListAnswer, type Query } from '../api/index.ts';
import type { ListSearch } from './list-search.ts';
import { listQueryOf, resolveListSetup } from './list-setup.ts';

/** What a list asks the server for (everything but the page). */
export interface ListQuery {
  readonly entity: string;
  readonly filter?: unknown;
  readonly q?: string;
  readonly sort: readonly string[];
  readonly expand: readonly string[];
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

/** What a view's list asks for, given the address's search params (the app prefetches it at start). */
export function initialListQuery(bundle: UiBundle, viewName: string, search: ListSearch = {}): ListQuery | undefined {
  const view = bundle.views[viewName];
  const entity = view ? bundle.entities[view.entity] : undefined;
  if (!view || !entity) return undefined;
  return listQueryOf(view, entity, resolveListSetup(view, entity, search));
}
