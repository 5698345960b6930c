import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { UiLocale } from '@loom/metadata';
import { buildUrl, get } from '../api/index.ts';
import { keys } from '../api/keys.ts';
import type { paths } from '../api/openapi.d.ts';

/** What `GET /api/reports/{name}` answers (generated from the server's route schema). */
export type ReportAnswer = paths['/api/reports/{name}']['get']['responses'][200]['content']['application/json'];
export type ReportColumn = ReportAnswer['columns'][number];
export type ReportParam = ReportAnswer['params'][number];
export type ReportRow = ReportAnswer['rows'][number] & Readonly<Record<string, unknown>>;
export type ReportChartSpec = ReportAnswer['chart'];

/** What `GET /api/dashboards/{name}` answers. */
export type DashboardAnswer = paths['/api/dashboards/{name}']['get']['responses'][200]['content']['application/json'];
export type WidgetAnswer = DashboardAnswer['widgets'][number];
export type WidgetProblem = { readonly problem: { readonly status: number; readonly code: string; readonly title: string; readonly detail: string } };

/** A report's parameters as the address and the API carry them: text by name (a range `from..to`, a select's values comma-separated). */
export type ParamValues = Readonly<Record<string, string>>;

const path = (name: string) => `/api/reports/${encodeURIComponent(name)}`;

/**
 * Aggregates change under the app without it knowing which (any record write may move them),
 * so an answer is used for a few seconds only: long enough for what the app fetched at start
 * (app/boot.ts) to be shown, short enough that reopening a report computes it again.
 */
const FRESH_MS = 10_000;

export function reportQuery(name: string, params: ParamValues, locale: UiLocale) {
  return queryOptions({
    queryKey: keys.report(name, locale, params),
    queryFn: ({ signal }) => get<ReportAnswer>(path(name), params, signal),
    staleTime: FRESH_MS,
  });
}

export function dashboardQuery(name: string, locale: UiLocale) {
  return queryOptions({
    queryKey: keys.dashboard(name, locale),
    queryFn: ({ signal }) => get<DashboardAnswer>(`/api/dashboards/${encodeURIComponent(name)}`, undefined, signal),
    staleTime: FRESH_MS,
  });
}

/** A report run with these parameters; the previous answer stays on screen while a changed parameter is computed. */
export function useReport(name: string, params: ParamValues, locale: UiLocale, enabled = true) {
  return useQuery({ ...reportQuery(name, params, locale), placeholderData: keepPreviousData, enabled });
}

/** A dashboard with every widget's report computed (the server runs them in parallel). */
export function useDashboard(name: string, locale: UiLocale) {
  return useQuery(dashboardQuery(name, locale));
}

/** The export route's address: a plain link, so the browser downloads the file itself. */
export function exportUrl(name: string, params: ParamValues, format: 'csv' | 'xlsx'): string {
  return buildUrl(`${path(name)}/export`, { ...params, format });
}

export function isProblem(result: WidgetAnswer['result']): result is WidgetProblem {
  return typeof result === 'object' && result !== null && 'problem' in result;
}
