import type { UiBundle } from '@loom/metadata';
import type { Route } from './router.ts';

/** The top bar's and the browser tab's title for a place. */
export function titleOf(bundle: UiBundle | undefined, route: Route): string {
  if (!bundle) return '';
  switch (route.name) {
    case 'list':
      return bundle.views[route.view]?.label ?? '';
    case 'new':
    case 'record':
    case 'edit':
      return bundle.entities[route.entity]?.label ?? '';
    case 'approvals':
      return approvalsLabel(bundle.menus.flatMap((m) => m.items)) ?? '';
    case 'report':
      return (
        menuLabel(
          bundle.menus.flatMap((m) => m.items),
          (i) => i.kind === 'report' && i.report === route.report,
        ) ?? ''
      );
    case 'dashboard':
      return (
        menuLabel(
          bundle.menus.flatMap((m) => m.items),
          (i) => i.kind === 'dashboard' && i.dashboard === route.dashboard,
        ) ?? ''
      );
    default:
      return '';
  }
}

/** The menu's approvals item's label (the inbox's title). */
function approvalsLabel(items: readonly UiBundle['menus'][number]['items'][number][]): string | undefined {
  for (const item of items) {
    if (item.kind === 'approvals') return item.label;
    if (item.kind === 'group') {
      const found = approvalsLabel(item.items);
      if (found) return found;
    }
  }
  return undefined;
}

/** The label of the first menu item that `matches` (a report's or dashboard's title, as the menu names it). */
function menuLabel(
  items: readonly UiBundle['menus'][number]['items'][number][],
  matches: (item: UiBundle['menus'][number]['items'][number]) => boolean,
): string | undefined {
  for (const item of items) {
    if (matches(item)) return item.label;
    if (item.kind === 'group') {
      const found = menuLabel(item.items, matches);
      if (found) return found;
    }
  }
  return undefined;
}
