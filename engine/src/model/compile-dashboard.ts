import type { DashboardDocument, Label, RoleDocument } from '@loom/metadata';
import type { ProblemItem } from '../errors/loom-error.ts';
import type { CompiledReport } from './compile-report.ts';

export interface CompiledDashboardWidget {
  readonly report: string;
  readonly title?: Label;
  readonly kind: 'chart' | 'kpi';
  /** kpi: the measure shown. */
  readonly measure?: string;
  readonly w: number;
  readonly h: number;
  readonly params: Readonly<Record<string, unknown>>;
}

export interface CompiledDashboard {
  readonly kind: 'dashboard';
  readonly name: string;
  readonly label?: Label;
  readonly description?: string;
  readonly widgets: readonly CompiledDashboardWidget[];
}

/**
 * A dashboard with its widgets' reports checked (they exist, a KPI's measure is one of its
 * report's, the parameters given are the report's) and defaults filled.
 */
export function compileDashboard(
  doc: DashboardDocument,
  ctx: { readonly reports: ReadonlyMap<string, CompiledReport>; readonly pointer: string; readonly errors: ProblemItem[] },
): CompiledDashboard {
  const fail = (path: string, message: string) => ctx.errors.push({ path: ctx.pointer + path, message });
  const widgets = doc.widgets.map((w, i): CompiledDashboardWidget => {
    const report = ctx.reports.get(w.report);
    if (!report) fail(`/widgets/${i}/report`, `there is no report "${w.report}"`);
    if (report && w.measure && !report.measures.some((m) => m.name === w.measure))
      fail(`/widgets/${i}/measure`, `report "${w.report}" has no measure "${w.measure}"`);
    for (const name of Object.keys(w.params ?? {}))
      if (report && !report.params.some((p) => p.name === name)) fail(`/widgets/${i}/params/${name}`, `report "${w.report}" has no parameter "${name}"`);
    return {
      report: w.report,
      ...(w.title !== undefined ? { title: w.title } : {}),
      kind: w.kind ?? 'chart',
      ...(w.measure ? { measure: w.measure } : {}),
      w: w.w ?? 12,
      h: w.h ?? 4,
      params: w.params ?? {},
    };
  });
  return {
    kind: 'dashboard',
    name: doc.name,
    ...(doc.label !== undefined ? { label: doc.label } : {}),
    ...(doc.description ? { description: doc.description } : {}),
    widgets,
  };
}

/** A role's home names a dashboard that exists. */
export function roleHomeErrors(roles: readonly { document: RoleDocument; pointer: string }[], dashboards: ReadonlyMap<string, unknown>): ProblemItem[] {
  return roles
    .filter(({ document }) => document.home !== undefined && !dashboards.has(document.home))
    .map(({ document, pointer }) => ({ path: `${pointer}/home`, message: `there is no dashboard "${document.home}"` }));
}

/** The home dashboard of someone holding these roles: the first role, by name, that names one. */
export function homeDashboard(roleHomes: ReadonlyMap<string, string>, roles: readonly string[]): string | undefined {
  for (const role of [...roles].sort()) {
    const home = roleHomes.get(role);
    if (home) return home;
  }
  return undefined;
}
