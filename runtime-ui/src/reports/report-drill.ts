import type { LogicExpression, UiBundle } from '@loom/metadata';
import { routePath } from '../app/router.ts';
import type { FilterClause } from '../list/filters.ts';

/**
 * The list a report row drills into: a list of the report's entity filtered by the row's
 * `$drill` (the server's filter that selects exactly the records the row counted), as the
 * list's own `filter` address parameter. A view's own filter is always applied on top
 * (ANDed by the server), so a view without one is preferred — the entity's default view,
 * else any — and a filtered default view only when the entity has nothing else.
 */
export function drillView(bundle: UiBundle, entity: string): string | undefined {
  const views = Object.values(bundle.views).filter((v) => v.entity === entity);
  if (views.length === 0) return undefined;
  const byName = [...views].sort((a, b) => a.name.localeCompare(b.name));
  const preferred = bundle.entities[entity]?.defaultView;
  const unfiltered = byName.filter((v) => v.filter === undefined);
  return unfiltered.find((v) => v.name === preferred)?.name ?? unfiltered[0]?.name ?? (preferred && bundle.views[preferred] ? preferred : byName[0].name);
}

/** The address of the drilled list, or undefined when the user has no list of that entity. */
export function drillPath(bundle: UiBundle, entity: string, drill: unknown): string | undefined {
  const view = drillView(bundle, entity);
  if (!view || drill === null || typeof drill !== 'object' || Array.isArray(drill)) return undefined;
  const clause: FilterClause = { kind: 'raw', path: '', logic: drill as LogicExpression };
  return `${routePath({ name: 'list', view })}?filter=${encodeURIComponent(JSON.stringify([clause]))}`;
}
