import type { Kysely } from 'kysely';
import type { UiLocale } from '@loom/metadata';
import type { CompiledModel, CompiledReport } from '../model/compiled-model.ts';
import type { Actor } from '../data/actor.ts';
import { accessPredicate, actorContext, readableRows } from '../data/access/record-access.ts';
import { resolveFieldPath } from '../model/resolve-field-path.ts';
import { checkVisibleFields, reportFor } from './report-access.ts';
import { logicParams, readParams, type ParamValue } from './report-params.ts';
import { periodBounds } from './report-period.ts';
import { reportStatement, type DimensionInfo, type QueryInput } from './report-query.ts';
import { DrillFilters } from './report-drill.ts';
import { labelIn, measureLabel, pathLabel, valueLabel, word } from './report-text.ts';

/** Where reports read and how they see time: the read database (a replica when configured), the model, the clock, the time zone. */
export interface ReportServices {
  readonly db: Kysely<any>;
  readonly model: () => CompiledModel;
  readonly now: () => Date;
  readonly timeZone: string;
}

export interface ReportColumn {
  readonly key: string;
  readonly label: string;
  readonly role: 'dimension' | 'measure';
  readonly type: string;
  readonly bucket?: string;
  readonly currency?: string;
}

export interface ReportParamAnswer {
  readonly name: string;
  readonly type: string;
  readonly label: string;
  readonly required: boolean;
  readonly value: unknown;
  readonly field?: string;
  readonly options?: { value: string; label: string }[];
}

export interface ReportAnswer {
  readonly report: { readonly name: string; readonly label: string; readonly description?: string; readonly entity: string };
  readonly params: ReportParamAnswer[];
  readonly columns: ReportColumn[];
  readonly rows: Record<string, unknown>[];
  readonly chart: {
    readonly type: string;
    readonly title?: string;
    readonly stacked?: boolean;
    readonly x?: string;
    readonly series: string[];
    readonly pivot?: { readonly by: string; readonly values: { value: unknown; label: string }[] };
  };
}

export interface RunOptions {
  readonly locale: UiLocale;
  /** Where the parameters came from, for the pointers of their problems (`/query`, a widget's `/widgets/0/params`). */
  readonly paramsPointer?: string;
}

/**
 * Runs a report for an actor: its parameters read, the fields it uses checked visible, one
 * statement on the read database, the rows answered with labels in the caller's locale and
 * each with the list filter that selects the rows it counted.
 */
export async function runReport(
  services: ReportServices,
  name: string,
  query: Readonly<Record<string, unknown>>,
  actor: Actor,
  options: RunOptions,
): Promise<ReportAnswer> {
  const input = prepareReport(services, name, query, actor, options);
  const statement = reportStatement(input);
  const result = await statement.query.execute(services.db);
  return answerReport(input, statement.dimensions, result.rows, options.locale);
}

/** What a report's statement is compiled from for this actor and query: access checked, parameters read (a problem throws), period fixed. */
export function prepareReport(services: ReportServices, name: string, query: Readonly<Record<string, unknown>>, actor: Actor, options: RunOptions): QueryInput {
  const model = services.model();
  const report = reportFor(model, name, actor);
  checkVisibleFields(model, report, actor);
  const now = services.now();
  const params = readParams(report, query, { now, timeZone: services.timeZone, userId: actor.id }, options.paramsPointer);
  const entity = model.entities.get(report.entity)!;
  return {
    model,
    report,
    entity,
    context: { ...actorContext(actor, now), params: logicParams(params) },
    rows: readableRows(model, actor),
    readable: accessPredicate(model, entity, actor, 'read', 'r'),
    params,
    timeZone: services.timeZone,
    period: report.period ? periodBounds(report.period, now, services.timeZone) : undefined,
  };
}

/** The answer from the rows of the report's last select (d0…, o, l0…, the measures by name). */
export function answerReport(input: QueryInput, dims: readonly DimensionInfo[], rawRows: readonly Record<string, unknown>[], locale: UiLocale): ReportAnswer {
  const { model, report, entity, params, period } = input;
  const dateOnly = (path: string) => resolveFieldPath(entity, path, model.entities)?.at(-1)?.field.logicType === 'date';
  const drill = new DrillFilters(report, dims, params, input.timeZone, period, dateOnly);
  const kept = rawRows.filter((r) => !r.o).map((r) => dims.map((_, i) => r[`d${i}`] ?? null));
  const rows = rawRows.map((raw) => {
    const row: Record<string, unknown> = {};
    const labels: Record<string, string> = {};
    const values = dims.map((d, i) => {
      const value = dimensionValue(d.field.logicType, raw[`d${i}`]);
      row[d.key] = value;
      labels[d.key] = raw.o ? word(locale, 'others') : valueLabel(d.field, value, d.bucket, `l${i}` in raw ? raw[`l${i}`] : undefined, locale);
      return raw[`d${i}`] ?? null;
    });
    for (const m of report.measures) row[m.name] = m.format === 'date' || m.format === 'datetime' ? (raw[m.name] ?? null) : numberOrNull(raw[m.name]);
    row.$label = labels;
    if (raw.o) row.$others = true;
    row.$drill = raw.o ? drill.others(kept) : drill.group(values);
    return row;
  });
  return {
    report: {
      name: report.name,
      label: labelIn(report.label, locale, report.name),
      ...(report.description ? { description: report.description } : {}),
      entity: report.entity,
    },
    params: paramsAnswer(report, params, locale),
    columns: columnsOf(model, report, locale),
    rows,
    chart: chartOf(report, rows, locale),
  };
}

function dimensionValue(type: string | undefined, value: unknown): unknown {
  if (value === undefined) return null;
  if (type === 'number' && typeof value === 'string') return Number(value);
  return value;
}

/** numeric arrives as exact text; JSON carries numbers (NaN never: a ratio over 0 is null). */
function numberOrNull(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

export function columnsOf(model: CompiledModel, report: CompiledReport, locale: UiLocale): ReportColumn[] {
  const entity = model.entities.get(report.entity)!;
  const fieldLabel = (path: string) => pathLabel(entity, path, model.entities, locale);
  const byName = new Map(report.measures.map((m) => [m.name, m]));
  const measureText = (name: string): string => {
    const m = byName.get(name);
    return m ? measureLabel(m, locale, fieldLabel, measureText) : name;
  };
  return [
    ...report.dimensions.map((d): ReportColumn => {
      const field = resolveFieldPath(entity, d.path, model.entities)!.at(-1)!.field;
      return { key: d.key, label: fieldLabel(d.path), role: 'dimension', type: d.bucket ? 'date' : field.type, ...(d.bucket ? { bucket: d.bucket } : {}) };
    }),
    ...report.measures.map((m): ReportColumn => ({
      key: m.name,
      label: measureText(m.name),
      role: 'measure',
      type: m.format,
      ...(m.currency ? { currency: m.currency } : {}),
    })),
  ];
}

function paramsAnswer(report: CompiledReport, values: ReadonlyMap<string, ParamValue>, locale: UiLocale): ReportParamAnswer[] {
  return report.params.map((p) => ({
    name: p.name,
    type: p.type,
    label: labelIn(p.label, locale, p.name),
    required: p.required,
    value: values.get(p.name) ?? null,
    ...(p.field ? { field: p.field } : {}),
    ...(p.options ? { options: p.options.map((o) => ({ value: o.value, label: labelIn(o.label, locale, o.value) })) } : {}),
  }));
}

function chartOf(report: CompiledReport, rows: readonly Record<string, unknown>[], locale: UiLocale): ReportAnswer['chart'] {
  const dims = report.dimensions;
  const chart: { -readonly [K in keyof ReportAnswer['chart']]: ReportAnswer['chart'][K] } = {
    type: report.chart.type,
    series: report.measures.map((m) => m.name),
  };
  if (report.chart.title !== undefined) chart.title = labelIn(report.chart.title, locale, report.name);
  if (report.chart.stacked) chart.stacked = true;
  if (dims.length) chart.x = dims[0].key;
  if (report.chart.pivot && dims.length === 2) {
    const by = dims[1].key;
    const seen = new Map<string, { value: unknown; label: string }>();
    for (const row of rows) {
      const key = JSON.stringify(row[by]);
      if (!seen.has(key)) seen.set(key, { value: row[by], label: (row.$label as Record<string, string>)[by] });
    }
    chart.pivot = { by, values: [...seen.values()] };
  }
  return chart;
}
