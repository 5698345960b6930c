import type { DashboardDocument, MenuDocument, MenuItem, ReportDocument, UiMenu, UiMenuItem, UiView } from '@loom/metadata';
import { documentsOf, type UiContext } from './ui-context.ts';
import { resolveLabel } from './resolve-label.ts';

const APPROVALS_LABEL = { en: 'Approvals', 'zh-CN': '审批' };

/**
 * The menus the actor holds a role of (a menu without `roles` is everyone's; administrators
 * get every menu), in name order. Items pointing at a view, report or dashboard the actor
 * cannot use are left out, then groups and menus left empty.
 */
export function uiMenus(ctx: UiContext, views: Readonly<Record<string, UiView>>): UiMenu[] {
  const menus: UiMenu[] = [];
  for (const menu of documentsOf<MenuDocument>(ctx, 'menu')) {
    if (!holdsMenu(ctx, menu)) continue;
    const items = uiItems(ctx, menu.items, views);
    if (!items.length) continue;
    menus.push({ name: menu.name, label: resolveLabel(menu.label, ctx.locale, menu.name), ...(menu.icon ? { icon: menu.icon } : {}), items });
  }
  return menus;
}

function holdsMenu(ctx: UiContext, menu: MenuDocument): boolean {
  if (!menu.roles?.length || ctx.actor.admin || ctx.actor.system) return true;
  return menu.roles.some((role) => ctx.actor.roles.includes(role));
}

function uiItems(ctx: UiContext, items: readonly MenuItem[], views: Readonly<Record<string, UiView>>): UiMenuItem[] {
  return items.map((item) => uiItem(ctx, item, views)).filter((i): i is UiMenuItem => i !== undefined);
}

function uiItem(ctx: UiContext, item: MenuItem, views: Readonly<Record<string, UiView>>): UiMenuItem | undefined {
  const icon = item.icon ? { icon: item.icon } : {};
  const label = (fallback: unknown, name: string) => resolveLabel(item.label ?? fallback, ctx.locale, name);
  if (item.view !== undefined) {
    const view = Object.hasOwn(views, item.view) ? views[item.view] : undefined;
    return view && { kind: 'view', view: view.name, entity: view.entity, label: item.label === undefined ? view.label : label(undefined, view.name), ...icon };
  }
  if (item.report !== undefined) {
    const report = document<ReportDocument>(ctx, 'report', item.report);
    return report && canReport(ctx, report) ? { kind: 'report', report: report.name, label: label(report.label, report.name), ...icon } : undefined;
  }
  if (item.dashboard !== undefined) {
    const dashboard = document<DashboardDocument>(ctx, 'dashboard', item.dashboard);
    const usable = dashboard?.widgets.some((w) => canReport(ctx, document<ReportDocument>(ctx, 'report', w.report)));
    return dashboard && usable ? { kind: 'dashboard', dashboard: dashboard.name, label: label(dashboard.label, dashboard.name), ...icon } : undefined;
  }
  if (item.approvals) return { kind: 'approvals', label: label(APPROVALS_LABEL, 'approvals'), ...icon };
  if (item.group !== undefined) {
    const items = uiItems(ctx, item.items ?? [], views);
    return items.length ? { kind: 'group', label: resolveLabel(item.group, ctx.locale, 'group'), ...icon, items } : undefined;
  }
  return undefined;
}

/** A report is usable when the actor may read the entity it aggregates. */
function canReport(ctx: UiContext, report: ReportDocument | undefined): boolean {
  return report !== undefined && ctx.readable.has(report.entity);
}

function document<T>(ctx: UiContext, kind: string, name: string): T | undefined {
  return ctx.model.documents.get(kind)?.get(name) as T | undefined;
}
