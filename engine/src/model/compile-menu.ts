import type { DashboardDocument, Label, MenuDocument, MenuItem, ReportDocument } from '@loom/metadata';

interface ItemBase {
  readonly icon?: string;
}

/**
 * One menu entry, its target resolved: a report or dashboard entry names the entities it
 * aggregates, so whoever builds a menu for a user can tell whether they may use it.
 */
export type CompiledMenuItem =
  | (ItemBase & { readonly kind: 'view'; readonly view: string; readonly label?: Label })
  | (ItemBase & { readonly kind: 'report'; readonly report: string; readonly label?: Label; readonly entity: string })
  | (ItemBase & { readonly kind: 'dashboard'; readonly dashboard: string; readonly label?: Label; readonly entities: readonly string[] })
  | (ItemBase & { readonly kind: 'approvals'; readonly label?: Label })
  | (ItemBase & { readonly kind: 'group'; readonly label: Label; readonly items: readonly CompiledMenuItem[] });

export interface CompiledMenu {
  readonly kind: 'menu';
  readonly name: string;
  readonly label?: Label;
  readonly icon?: string;
  /** Roles that hold the menu; empty: everyone. */
  readonly roles: readonly string[];
  readonly items: readonly CompiledMenuItem[];
}

/** What a menu's entries point at (link-documents.ts has checked that each name exists). */
export interface MenuTargets {
  report(name: string): ReportDocument | undefined;
  dashboard(name: string): DashboardDocument | undefined;
}

export function compileMenu(doc: MenuDocument, targets: MenuTargets): CompiledMenu {
  return {
    kind: 'menu',
    name: doc.name,
    ...(doc.label !== undefined ? { label: doc.label } : {}),
    ...(doc.icon ? { icon: doc.icon } : {}),
    roles: doc.roles ?? [],
    items: compileItems(doc.items, targets),
  };
}

function compileItems(items: readonly MenuItem[], targets: MenuTargets): CompiledMenuItem[] {
  return items.map((item) => compileItem(item, targets)).filter((i): i is CompiledMenuItem => i !== undefined);
}

function compileItem(item: MenuItem, targets: MenuTargets): CompiledMenuItem | undefined {
  const icon = item.icon ? { icon: item.icon } : {};
  if (item.view !== undefined) return { kind: 'view', view: item.view, ...labelOf(item.label), ...icon };
  if (item.report !== undefined) {
    const report = targets.report(item.report);
    return report && { kind: 'report', report: report.name, entity: report.entity, ...labelOf(item.label ?? report.label), ...icon };
  }
  if (item.dashboard !== undefined) {
    const dashboard = targets.dashboard(item.dashboard);
    const entities = (dashboard?.widgets ?? []).map((w) => targets.report(w.report)?.entity).filter((e): e is string => e !== undefined);
    return dashboard && { kind: 'dashboard', dashboard: dashboard.name, entities, ...labelOf(item.label ?? dashboard.label), ...icon };
  }
  if (item.approvals) return { kind: 'approvals', ...labelOf(item.label), ...icon };
  if (item.group !== undefined) return { kind: 'group', label: item.group, ...icon, items: compileItems(item.items ?? [], targets) };
  return undefined;
}

function labelOf(label: Label | undefined): { label?: Label } {
  return label === undefined ? {} : { label };
}
