import type { DateBucket, Label, MeasureFn, ReportDocument, ReportParamType } from '@loom/metadata';
import type { ProblemItem } from '../errors/loom-error.ts';
import { isContextVar, logicVars } from '../logic/index.ts';
import type { CompiledEntity, CompiledField } from './compiled-model.ts';
import { isChoiceField, isLinesField } from './field-types/field-predicates.ts';
import { resolveFieldPath } from './resolve-field-path.ts';

/** One grouping of a report: a field or lookup path, maybe cut into date buckets. `key` names its column. */
export interface CompiledReportDimension {
  readonly key: string;
  readonly path: string;
  readonly bucket?: DateBucket;
}

/** How a measure's value reads on screen and in exports. */
export type MeasureFormat = 'integer' | 'number' | 'percent' | 'money' | 'date' | 'datetime';

export interface CompiledReportMeasure {
  readonly name: string;
  readonly label?: Label;
  readonly fn: MeasureFn;
  readonly field?: string;
  readonly expr?: unknown;
  readonly where?: unknown;
  /** The measures it is computed from (ratio: numerator, denominator). */
  readonly of: readonly string[];
  /** Computed per group in SQL's GROUP BY (count…max, countDistinct, previous); the others from those. */
  readonly aggregate: boolean;
  readonly format: MeasureFormat;
  readonly currency?: string;
}

export interface CompiledReportParam {
  readonly name: string;
  readonly type: ReportParamType;
  readonly label?: Label;
  readonly required: boolean;
  readonly default?: unknown;
  readonly field?: string;
  readonly options?: readonly { readonly value: string; readonly label?: Label }[];
}

export interface CompiledReport {
  readonly kind: 'report';
  readonly name: string;
  readonly label?: Label;
  readonly description?: string;
  readonly entity: string;
  readonly filter?: unknown;
  readonly dimensions: readonly CompiledReportDimension[];
  readonly measures: readonly CompiledReportMeasure[];
  readonly params: readonly CompiledReportParam[];
  readonly sort: readonly { readonly key: string; readonly descending: boolean }[];
  readonly limit?: number;
  readonly top?: { readonly n: number; readonly others: boolean };
  readonly period?: { readonly field: string; readonly unit: DateBucket; readonly compareTo: 'previous' | 'lastYear' };
  readonly chart: { readonly type: 'bar' | 'line' | 'pie' | 'funnel' | 'table'; readonly title?: Label; readonly stacked: boolean; readonly pivot: boolean };
}

const AGGREGATES = new Set<MeasureFn>(['count', 'sum', 'avg', 'min', 'max', 'countDistinct', 'previous']);
/** Exactly re-aggregated into a top-N "others" row (avg through its sum and count). */
const RE_AGGREGABLE = new Set<MeasureFn>(['count', 'sum', 'avg', 'min', 'max', 'previous']);

/** Column names of the report's statement (engine/src/reports/report-query.ts): not measure names. */
const RESERVED = /^([dlvw]\d+|o|rn|one|[scp]__.*)$/;

interface CompileContext {
  readonly entities: ReadonlyMap<string, CompiledEntity>;
  readonly pointer: string;
  readonly errors: ProblemItem[];
}

/**
 * A report document checked against the entities and resolved: every field, lookup path,
 * bucket, measure, sort key and parameter it names exists and fits its use, so running it
 * (engine/src/reports) never meets a name it does not know. Errors at their JSON pointers.
 */
export function compileReport(doc: ReportDocument, ctx: CompileContext): CompiledReport {
  const fail = (path: string, message: string) => ctx.errors.push({ path: ctx.pointer + path, message });
  const entity = ctx.entities.get(doc.entity)!;
  const resolve = (path: string) => resolveFieldPath(entity, path, ctx.entities);
  const fieldAt = (path: string, at: string): CompiledField | undefined => {
    const steps = resolve(path);
    if (!steps) return void fail(at, `"${path}" is not a field or lookup path of ${entity.name}`);
    const field = steps[steps.length - 1].field;
    if (!field.logicType || isLinesField(field)) return void fail(at, `"${path}" cannot be grouped or measured`);
    return field;
  };
  const params = compileParams(doc, entity, fieldAt, fail, ctx);
  const paramNames = new Set(params.map((p) => p.name));
  const checkLogic = (expr: unknown, at: string) => {
    for (const v of logicVars(expr)) {
      const param = /^\$params\.(.+)$/.exec(v.path);
      if (param && !paramNames.has(param[1])) fail(at + v.pointer, `there is no parameter "${param[1]}"`);
      else if (!isContextVar(v.path) && !resolve(v.path)) fail(at + v.pointer, `"${v.path}" is not a field of ${entity.name}`);
    }
  };
  if (doc.filter !== undefined) checkLogic(doc.filter, '/filter');

  const dimensions = (doc.groupBy ?? []).map((key, i): CompiledReportDimension => {
    const [path, bucket] = key.split(':') as [string, DateBucket | undefined];
    const field = fieldAt(path, `/groupBy/${i}`);
    if (field && bucket && field.logicType !== 'date' && field.logicType !== 'datetime')
      fail(`/groupBy/${i}`, `"${path}" is not a date: it has no ${bucket} buckets`);
    return bucket ? { key, path, bucket } : { key, path };
  });

  const names = new Set<string>(dimensions.map((d) => d.key));
  const measures = doc.measures.map((m, i) => {
    const at = `/measures/${i}`;
    const name = m.name ?? (m.field ? `${m.fn}_${m.field.replace(/\./g, '_')}` : m.fn);
    if (names.has(name)) fail(`${at}/name`, `another measure or group is also named "${name}"`);
    if (RESERVED.test(name)) fail(`${at}/name`, `"${name}" is a name the report's statement uses itself; choose another`);
    names.add(name);
    return { m, at, name };
  });
  const byName = new Map(measures.map((x) => [x.name, x]));
  const compiled: CompiledReportMeasure[] = measures.map(({ m, at, name }, i) => {
    const aggregate = AGGREGATES.has(m.fn);
    const of = m.of === undefined ? [] : Array.isArray(m.of) ? m.of : [m.of];
    let format: MeasureFormat = 'number';
    let currency: string | undefined;
    if (m.fn === 'count' || m.fn === 'countDistinct') format = 'integer';
    if (m.fn === 'ratio' || m.fn === 'percentOfTotal' || m.fn === 'cumulativePercent' || m.fn === 'change') format = 'percent';
    if (m.field) {
      const field = fieldAt(m.field, `${at}/field`);
      const numeric = field?.logicType === 'number';
      const ordered = numeric || field?.logicType === 'date' || field?.logicType === 'datetime';
      if (field && (m.fn === 'sum' || m.fn === 'avg') && !numeric)
        fail(`${at}/field`, `"${m.field}" is not a number: it cannot be ${m.fn === 'sum' ? 'summed' : 'averaged'}`);
      if (field && (m.fn === 'min' || m.fn === 'max') && !ordered) fail(`${at}/field`, `"${m.field}" is not a number or a date`);
      if (field && 'currency' in field && m.fn !== 'countDistinct') {
        format = 'money';
        currency = (field as { currency?: string }).currency;
      }
    }
    if (m.field && (m.fn === 'min' || m.fn === 'max')) {
      const type = resolve(m.field)?.at(-1)?.field.logicType;
      if (type === 'date' || type === 'datetime') format = type;
    }
    if (m.fn === 'formula') {
      // A formula reads the aggregates computed before it, by name.
      const earlier = new Set(
        measures
          .slice(0, i)
          .filter((x) => AGGREGATES.has(x.m.fn))
          .map((x) => x.name),
      );
      for (const v of logicVars(m.expr))
        if (!earlier.has(v.path)) fail(`${at}/expr${v.pointer}`, `"${v.path}" is not a count, sum, avg, min, max or countDistinct measure before this one`);
    } else if (m.expr !== undefined) checkLogic(m.expr, `${at}/expr`);
    if (m.where !== undefined) checkLogic(m.where, `${at}/where`);
    if (m.fn === 'ratio' && of.length !== 2) fail(`${at}/of`, 'a ratio names two measures: [numerator, denominator]');
    if (m.fn !== 'ratio' && m.fn !== 'formula' && !aggregate && of.length !== 1) fail(`${at}/of`, `${m.fn} names one measure`);
    if (m.fn === 'previous' && of.length !== 1) fail(`${at}/of`, 'previous names one measure');
    of.forEach((other, j) => {
      const target = byName.get(other);
      const path = Array.isArray(m.of) ? `${at}/of/${j}` : `${at}/of`;
      if (!target) fail(path, `there is no measure "${other}"`);
      else if (!AGGREGATES.has(target.m.fn) || target.m.fn === 'previous') fail(path, `"${other}" is not a count, sum, avg, min, max or countDistinct`);
      else if (m.fn === 'previous' && format === 'number') {
        // previous of a money measure is money too.
        if (target.m.field) {
          const field = resolve(target.m.field)?.at(-1)?.field;
          if (field && 'currency' in field) {
            format = 'money';
            currency = (field as { currency?: string }).currency;
          }
        }
        if (target.m.fn === 'count' || target.m.fn === 'countDistinct') format = 'integer';
      }
    });
    if ((m.fn === 'previous' || m.fn === 'change') && !doc.period) fail(`${at}/fn`, `${m.fn} compares periods: the report needs a "period"`);
    if (m.format) format = m.format;
    return { name, label: m.label, fn: m.fn, field: m.field, expr: m.expr, where: m.where, of, aggregate, format, ...(currency ? { currency } : {}) };
  });

  const sort = (doc.sort ?? []).map((s, i) => {
    const descending = s.startsWith('-');
    const key = descending ? s.slice(1) : s;
    if (!names.has(key)) fail(`/sort/${i}`, `"${key}" is neither a groupBy entry nor a measure of this report`);
    return { key, descending };
  });

  if (doc.top) {
    if (!dimensions.length) fail('/top', 'top needs a groupBy');
    compiled.forEach((m, i) => {
      if (doc.top?.others && m.aggregate && !RE_AGGREGABLE.has(m.fn)) fail(`/measures/${i}/fn`, `the "others" row of top cannot total a ${m.fn}`);
    });
  }
  let period: CompiledReport['period'];
  if (doc.period) {
    const field = fieldAt(doc.period.field, '/period/field');
    if (field && field.logicType !== 'date' && field.logicType !== 'datetime') fail('/period/field', `"${doc.period.field}" is not a date`);
    period = { field: doc.period.field, unit: doc.period.unit, compareTo: doc.period.compareTo ?? 'previous' };
  }
  const chart = doc.chart ?? { type: 'table' as const };
  if (chart.pivot && dimensions.length !== 2) fail('/chart/pivot', 'a pivot needs exactly two groupBy entries');
  return {
    kind: 'report',
    name: doc.name,
    ...(doc.label !== undefined ? { label: doc.label } : {}),
    ...(doc.description ? { description: doc.description } : {}),
    entity: doc.entity,
    ...(doc.filter !== undefined ? { filter: doc.filter } : {}),
    dimensions,
    measures: compiled,
    params,
    sort,
    ...(doc.limit ? { limit: doc.limit } : {}),
    ...(doc.top ? { top: { n: doc.top.n, others: doc.top.others ?? false } } : {}),
    ...(period ? { period } : {}),
    chart: { type: chart.type, ...(chart.title ? { title: chart.title } : {}), stacked: chart.stacked ?? false, pivot: chart.pivot ?? false },
  };
}

function compileParams(
  doc: ReportDocument,
  entity: CompiledEntity,
  fieldAt: (path: string, at: string) => CompiledField | undefined,
  fail: (path: string, message: string) => void,
  _ctx: CompileContext,
): CompiledReportParam[] {
  return Object.entries(doc.params ?? {}).map(([name, p]) => {
    const at = `/params/${name}`;
    const field = p.field ? fieldAt(p.field, `${at}/field`) : undefined;
    if (p.type === 'dateRange' && !p.field) fail(`${at}/field`, 'a dateRange filters a date field: name it');
    if (field && p.type === 'dateRange' && field.logicType !== 'date' && field.logicType !== 'datetime') fail(`${at}/field`, `"${p.field}" is not a date`);
    let options = p.options;
    // A report parameter's type (not a field type).
    const kind: string = p.type;
    if (kind === 'select' && !options) {
      if (field && isChoiceField(field)) options = field.options.map((o) => ({ value: o.value, label: o.label }));
      else fail(`${at}/options`, `a select needs options, or a field with options (${entity.name})`);
    }
    return {
      name,
      type: p.type,
      ...(p.label !== undefined ? { label: p.label } : {}),
      required: p.required ?? false,
      ...(p.default !== undefined ? { default: p.default } : {}),
      ...(p.field ? { field: p.field } : {}),
      ...(options ? { options } : {}),
    };
  });
}
