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
    default:
      return '';
  }
}
