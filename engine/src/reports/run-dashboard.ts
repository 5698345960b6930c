import type { UiLocale } from '@loom/metadata';
import type { CompiledDashboard, CompiledModel, CompiledReport } from '../model/compiled-model.ts';
import type { Actor } from '../data/actor.ts';
import { isLoomError, localizedError } from '../errors/loom-error.ts';
import { message } from '../errors/messages.ts';
import { mayRun } from './report-access.ts';
import { prepareReport, type ReportAnswer, type ReportServices } from './run-report.ts';
import type { QueryInput } from './report-query.ts';
import { runWidgets } from './run-widgets.ts';

/** A KPI tile's figures: the measure's value and, when the report compares periods, the previous value and the change. */
export interface KpiFigures {
  readonly measure: string;
  readonly label: string;
  readonly value: number | null;
  readonly previous?: number | null;
  readonly change?: number | null;
  readonly format: string;
  readonly currency?: string;
}

export interface WidgetAnswer {
  readonly report: string;
  readonly title?: string;
  readonly kind: 'chart' | 'kpi';
  readonly w: number;
  readonly h: number;
  /** The report's answer, or the problem that stopped it (other widgets still answer). */
  readonly result: ReportAnswer | { readonly problem: ProblemSummary };
  readonly kpi?: KpiFigures;
}

export interface ProblemSummary {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
}

export interface DashboardAnswer {
  readonly dashboard: { readonly name: string; readonly label: string; readonly description?: string };
  readonly widgets: WidgetAnswer[];
}

/** The dashboards the actor may open: those with a widget whose report they may run. */
export function dashboardsFor(model: CompiledModel, actor: Actor): CompiledDashboard[] {
  return [...model.dashboards.values()].filter((d) => d.widgets.some((w) => reportRunnable(model, w.report, actor)));
}

function reportRunnable(model: CompiledModel, name: string, actor: Actor): boolean {
  const report = model.reports.get(name);
  return report !== undefined && mayRun(model, report, actor);
}

/**
 * A dashboard's widgets: their reports over one entity computed by one statement where they
 * can be (see run-widgets.ts), the statements run in parallel; a widget whose report the
 * actor may not run is left out, one that fails answers its problem.
 * `localize` turns a problem into the caller's language (the HTTP layer knows how).
 */
export async function runDashboard(
  services: ReportServices,
  name: string,
  actor: Actor,
  locale: UiLocale,
  localize: (error: unknown) => ProblemSummary,
): Promise<DashboardAnswer> {
  const model = services.model();
  const dashboard = model.dashboards.get(name);
  if (!dashboard || !dashboardsFor(model, actor).includes(dashboard))
    throw localizedError('LOOM_ERR_REPORT_NOT_FOUND', message('report.dashboardUnknown', { name: name.slice(0, 100) }));
  const shown = dashboard.widgets.map((w, i) => ({ w, i })).filter(({ w }) => reportRunnable(model, w.report, actor));
  const prepared = shown.map(({ w, i }): QueryInput | { problem: unknown } => {
    try {
      return prepareReport(services, w.report, w.params, actor, { locale, paramsPointer: `/widgets/${i}/params` });
    } catch (error) {
      if (!isLoomError(error)) throw error;
      return { problem: error };
    }
  });
  const ready = prepared.filter((p): p is QueryInput => !('problem' in p));
  const settled = await runWidgets(services, ready, locale);
  const outcome = new Map(ready.map((input, n) => [input, settled[n]]));
  const widgets = shown.map(({ w }, n): WidgetAnswer => {
    const base = { report: w.report, ...(w.title !== undefined ? { title: labelOf(w.title, locale) } : {}), kind: w.kind, w: w.w, h: w.h };
    const p = prepared[n];
    const result = 'problem' in p ? ({ status: 'rejected', reason: p.problem } as const) : outcome.get(p)!;
    if (result.status === 'fulfilled')
      return { ...base, result: result.value, ...(w.kind === 'kpi' ? { kpi: kpiOf(model.reports.get(w.report)!, result.value, w.measure) } : {}) };
    if (!isLoomError(result.reason)) throw result.reason;
    return { ...base, result: { problem: localize(result.reason) } };
  });
  return {
    dashboard: {
      name: dashboard.name,
      label: labelOf(dashboard.label, locale) ?? dashboard.name,
      ...(dashboard.description ? { description: dashboard.description } : {}),
    },
    widgets,
  };
}

function labelOf(label: unknown, locale: UiLocale): string | undefined {
  if (typeof label === 'string') return label;
  if (label && typeof label === 'object') {
    const map = label as Record<string, string>;
    return map[locale] ?? map.en ?? Object.values(map)[0];
  }
  return undefined;
}

/**
 * A tile's number: the measure over all rows (a report without groups has one), its previous
 * value from the report's `previous` measure of it, and the change from its `change` measure
 * (else computed from the two).
 */
function kpiOf(report: CompiledReport, answer: ReportAnswer, measure: string | undefined): KpiFigures {
  const measures = answer.columns.filter((c) => c.role === 'measure');
  const column = measures.find((c) => c.key === measure) ?? measures[0];
  const total = (key: string): number | null => {
    const values = answer.rows.map((r) => r[key]).filter((v): v is number => typeof v === 'number');
    if (answer.rows.length <= 1) return values[0] ?? null;
    // Over several groups only counts and sums add up; an average or a share of groups does not.
    const fn = report.measures.find((m) => m.name === key)?.fn;
    const base = fn === 'previous' ? report.measures.find((m) => m.name === report.measures.find((x) => x.name === key)?.of[0])?.fn : fn;
    return base === 'count' || base === 'sum' ? values.reduce((a, b) => a + b, 0) : null;
  };
  const value = total(column.key);
  const figures: { -readonly [K in keyof KpiFigures]: KpiFigures[K] } = {
    measure: column.key,
    label: column.label,
    value,
    format: column.type,
    ...(column.currency ? { currency: column.currency } : {}),
  };
  const previousKey = measureOf(report, column.key, 'previous');
  const changeKey = measureOf(report, column.key, 'change');
  if (previousKey) figures.previous = total(previousKey);
  if (changeKey && answer.rows.length === 1) figures.change = answer.rows[0][changeKey] as number | null;
  else if (previousKey && figures.previous) figures.change = value === null ? null : (value - figures.previous) / Math.abs(figures.previous);
  return figures;
}

/** The report's `previous` or `change` measure of `key`. */
function measureOf(report: CompiledReport, key: string, fn: 'previous' | 'change'): string | undefined {
  return report.measures.find((m) => m.fn === fn && m.of[0] === key)?.name;
}
