import type { CompiledModel } from '../model/compiled-model.ts';
import { homeDashboard } from '../model/compile-dashboard.ts';
import type { UiContext } from './ui-context.ts';

/**
 * The dashboard the web app lands on: the home of the first of the user's roles (by name) that
 * names one, when the user may read what one of its reports aggregates. Administrators are
 * keyed by their flag alone in the bundle cache, so they land on the menu's first entry.
 */
export function uiHome(model: CompiledModel, ctx: UiContext, roles: readonly string[], admin: boolean): string | undefined {
  if (admin) return undefined;
  const name = homeDashboard(model.roleHomes, roles);
  const dashboard = name ? model.dashboards.get(name) : undefined;
  if (!dashboard) return undefined;
  const usable = dashboard.widgets.some((w) => {
    const report = model.reports.get(w.report);
    return report !== undefined && ctx.readable.has(report.entity);
  });
  return usable ? dashboard.name : undefined;
}
