import type { UiColumn, UiEntity, UiField, UiView } from '@loom/metadata';
import { availableColumns, expandFor, isSortable } from './columns.ts';
import { clauseKindFor, combineFilters, type FilterClause } from './filters.ts';
import type { ListSearch } from './list-search.ts';
import type { ListQuery } from './query.ts';

/** What a list shows and asks for: the address's choices, or the view's where it has none. */
export interface ListSetup {
  readonly shown: readonly string[];
  readonly sort: readonly string[];
  readonly clauses: readonly FilterClause[];
  readonly q: string;
  readonly saved?: string;
}

/** The columns a list may show, by path, and the field at a path (a column's, else the entity's own). */
export function listColumns(view: UiView, entity: UiEntity) {
  const all = availableColumns(view, entity);
  const byPath = new Map(all.map((c) => [c.path, c]));
  const fieldAt = (path: string): UiField | undefined => byPath.get(path)?.field ?? entity.fields[path];
  return { all, byPath, fieldAt };
}

function sortable(path: string, byPath: ReadonlyMap<string, UiColumn>, entity: UiEntity): boolean {
  const column = byPath.get(path);
  return column ? isSortable(column) : entity.fields[path]?.sortable === true;
}

/**
 * The address's choices checked against the view: columns it does not have, sorts on what
 * cannot be sorted and filters on fields the list cannot filter are dropped (a hand-edited or
 * outdated link opens the list as near to it as it can).
 */
export function resolveListSetup(view: UiView, entity: UiEntity, search: ListSearch): ListSetup {
  const { byPath, fieldAt } = listColumns(view, entity);
  const shown = (search.cols ?? []).filter((p) => byPath.has(p));
  const sort = (search.sort ?? []).filter((key) => sortable(key.replace(/^-/, ''), byPath, entity));
  const clauses = (search.filter ?? []).filter((c) => {
    if (c.kind === 'raw') return true;
    const field = fieldAt(c.path);
    return field !== undefined && clauseKindFor(field) === c.kind;
  });
  return {
    shown: shown.length > 0 ? shown : view.columns.map((c) => c.path),
    sort: sort.length > 0 ? sort : [...view.sort],
    clauses,
    q: entity.searchable ? (search.q ?? '').trim() : '',
    saved: search.saved,
  };
}

/** What the server is asked for this setup (everything but the page). */
export function listQueryOf(view: UiView, entity: UiEntity, setup: ListSetup): ListQuery {
  const { byPath, fieldAt } = listColumns(view, entity);
  const shownColumns = setup.shown.map((p) => byPath.get(p)).filter((c): c is UiColumn => c !== undefined);
  return {
    entity: entity.name,
    filter: combineFilters(view.filter, setup.clauses, fieldAt),
    q: setup.q || undefined,
    sort: setup.sort,
    expand: expandFor(shownColumns),
  };
}
