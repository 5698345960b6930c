import { useCallback, useMemo } from 'react';
import { useNavigate, useSearch } from '@tanstack/react-router';
import type { UiEntity, UiView } from '@loom/metadata';
import type { SavedView } from '../api/index.ts';
import { logicToClauses, type FilterClause } from './filters.ts';
import { listSearchParams, parseListSearch, type ListSearch } from './list-search.ts';
import { listColumns, listQueryOf, resolveListSetup, type ListSetup } from './list-setup.ts';
import type { ListQuery } from './query.ts';

export interface ListState {
  readonly setup: ListSetup;
  readonly query: ListQuery;
  setSort(sort: readonly string[]): void;
  setClauses(clauses: readonly FilterClause[]): void;
  setShown(paths: readonly string[]): void;
  setSearch(text: string): void;
  applySaved(saved: SavedView | null): void;
}

/**
 * A list's filter, sort, search, columns and saved view, kept in the address (list-search.ts).
 * A new filter, sort or saved view is a new history entry (Back undoes it); typing in the
 * search box and choosing columns replace the current one.
 */
export function useListState(view: UiView, entity: UiEntity): ListState {
  const raw = useSearch({ from: '/v/$view' });
  const search = useMemo(() => parseListSearch(raw as Record<string, unknown>), [raw]);
  const setup = useMemo(() => resolveListSetup(view, entity, search), [view, entity, search]);
  const query = useMemo(() => listQueryOf(view, entity, setup), [view, entity, setup]);
  const navigate = useNavigate({ from: '/v/$view' });

  const write = useCallback(
    (change: ListSearch | ((current: ListSearch) => ListSearch), replace: boolean) =>
      void navigate({
        to: '.',
        search: (previous) => {
          const current = parseListSearch(previous as Record<string, unknown>);
          return listSearchParams(typeof change === 'function' ? change(current) : { ...current, ...change });
        },
        replace,
      }),
    [navigate],
  );

  return useMemo(
    () => ({
      setup,
      query,
      setSort: (sort) => write({ sort: [...sort] }, false),
      setClauses: (clauses) => write({ filter: [...clauses] }, false),
      setShown: (paths) => write({ cols: [...paths] }, true),
      setSearch: (text) => write({ q: text.trim() || undefined }, true),
      applySaved: (saved) =>
        write(
          (current) =>
            saved
              ? {
                  q: current.q,
                  saved: saved.id,
                  cols: saved.columns,
                  sort: saved.sort,
                  filter: logicToClauses(saved.filter, listColumns(view, entity).fieldAt),
                }
              : { q: current.q },
          false,
        ),
    }),
    [setup, query, write, view, entity],
  );
}
