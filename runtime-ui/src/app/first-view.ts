import type { UiBundle } from '@loom/metadata';

/** The first list of the menu (home opens it), else any view. */
export function firstView(bundle: UiBundle): string | undefined {
  const walk = (items: UiBundle['menus'][number]['items']): string | undefined => {
    for (const item of items) {
      if (item.kind === 'view') return item.view;
      if (item.kind === 'group') {
        const found = walk(item.items);
        if (found) return found;
      }
    }
    return undefined;
  };
  for (const menu of bundle.menus) {
    const found = walk(menu.items);
    if (found) return found;
  }
  return Object.keys(bundle.views)[0];
}
