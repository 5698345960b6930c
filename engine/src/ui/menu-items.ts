import type { UiMenu, UiMenuItem, UiView } from '@loom/metadata';
import type { CompiledMenu, CompiledMenuItem } from '../model/compiled-model.ts';
import { byName, type UiContext } from './ui-context.ts';
import { resolveLabel } from './resolve-label.ts';

const APPROVALS_LABEL = { en: 'Approvals', 'zh-CN': '审批' };

/**
 * The menus the actor holds a role of (a menu without `roles` is everyone's; administrators
 * get every menu), in name order. Items pointing at a view, report or dashboard the actor
 * cannot use are left out, then groups and menus left empty.
 */
export function uiMenus(ctx: UiContext, views: Readonly<Record<string, UiView>>): UiMenu[] {
  const menus: UiMenu[] = [];
  for (const menu of byName(ctx.model.menus)) {
    if (!holdsMenu(ctx, menu)) continue;
    const items = uiItems(ctx, menu.items, views);
    if (!items.length) continue;
    menus.push({ name: menu.name, label: resolveLabel(menu.label, ctx.locale, menu.name), ...(menu.icon ? { icon: menu.icon } : {}), items });
  }
  return menus;
}

function holdsMenu(ctx: UiContext, menu: CompiledMenu): boolean {
  if (!menu.roles.length || ctx.actor.admin || ctx.actor.system) return true;
  return menu.roles.some((role) => ctx.actor.roles.includes(role));
}

function uiItems(ctx: UiContext, items: readonly CompiledMenuItem[], views: Readonly<Record<string, UiView>>): UiMenuItem[] {
  return items.map((item) => uiItem(ctx, item, views)).filter((i): i is UiMenuItem => i !== undefined);
}

function uiItem(ctx: UiContext, item: CompiledMenuItem, views: Readonly<Record<string, UiView>>): UiMenuItem | undefined {
  const icon = item.icon ? { icon: item.icon } : {};
  const label = (fallback: unknown, name: string) => resolveLabel(item.label ?? fallback, ctx.locale, name);
  switch (item.kind) {
    case 'view': {
      // A view the actor may not use is not in `views` (ui-view.ts).
      const view = Object.hasOwn(views, item.view) ? views[item.view] : undefined;
      return (
        view && { kind: 'view', view: view.name, entity: view.entity, label: item.label === undefined ? view.label : label(undefined, view.name), ...icon }
      );
    }
    case 'report':
      return ctx.readable.has(item.entity) ? { kind: 'report', report: item.report, label: label(undefined, item.report), ...icon } : undefined;
    case 'dashboard':
      // Usable when the actor may read what one of its reports aggregates.
      return item.entities.some((e) => ctx.readable.has(e))
        ? { kind: 'dashboard', dashboard: item.dashboard, label: label(undefined, item.dashboard), ...icon }
        : undefined;
    case 'approvals':
      return { kind: 'approvals', label: label(APPROVALS_LABEL, 'approvals'), ...icon };
    case 'group': {
      const items = uiItems(ctx, item.items, views);
      return items.length ? { kind: 'group', label: resolveLabel(item.label, ctx.locale, 'group'), ...icon, items } : undefined;
    }
  }
}
