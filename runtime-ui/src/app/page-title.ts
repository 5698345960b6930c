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
