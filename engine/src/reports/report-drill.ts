import type { CompiledReport } from '../model/compiled-model.ts';
import { logicVars, isContextVar } from '../logic/index.ts';
import type { DimensionInfo } from './report-query.ts';
import type { DateRange, ParamValue } from './report-params.ts';
import type { PeriodBounds } from './report-period.ts';
import { addBuckets, startOfDayIn } from './zoned-time.ts';

/**
 * Drill-down: the JSON Logic filter on the report's entity that selects exactly the rows one
 * answer row counted, for `GET /api/data/<entity>?filter=…` (which applies the same read
 * predicate): the report's filter with its parameters in place, the parameters bound to
 * fields, the current period, each dimension's value (a bucket as its date range), and for
 * each lookup the report joins, "no target, or one the caller may read".
 */
export class DrillFilters {
  private readonly common: unknown[];

  constructor(
    private readonly report: CompiledReport,
    private readonly dims: readonly DimensionInfo[],
    params: ReadonlyMap<string, ParamValue>,
    private readonly timeZone: string,
    period: PeriodBounds | undefined,
    private readonly dateOnly: (path: string) => boolean,
  ) {
    const parts: unknown[] = [];
    if (report.filter !== undefined) parts.push(withParams(report.filter, params));
    for (const p of report.params) {
      const value = params.get(p.name);
      if (!p.field || value === null || value === undefined) continue;
      if (p.type === 'dateRange') {
        const range = value as DateRange;
        parts.push(...this.between(p.field, range.from, range.to ? addBuckets(range.to, 'day', 1) : undefined));
      } else parts.push(Array.isArray(value) ? { in: [{ var: p.field }, value] } : { '==': [{ var: p.field }, value] });
    }
    if (period && report.period) parts.push(...this.between(report.period.field, period.current.from, period.current.to));
    for (const prefix of lookupPrefixes(report)) parts.push({ or: [{ '==': [{ var: prefix }, null] }, { '!=': [{ var: `${prefix}.id` }, null] }] });
    this.common = parts;
  }

  /** The filter of one group (its dimension values, as read from the answer row). */
  group(values: readonly unknown[]): unknown {
    return and([...this.common, ...this.groupConditions(values)]);
  }

  /** The "others" row of top N: every row of no group kept. */
  others(kept: readonly (readonly unknown[])[]): unknown {
    const groups = kept.map((values) => and(this.groupConditions(values)));
    return and([...this.common, { '!': { or: groups.length ? groups : [false] } }]);
  }

  private groupConditions(values: readonly unknown[]): unknown[] {
    return this.dims.flatMap((d, i) => {
      const value = values[i] ?? null;
      if (!d.bucket || value === null) return [{ '==': [{ var: d.path }, value] }];
      return this.between(d.path, String(value), addBuckets(String(value), d.bucket, 1));
    });
  }

  /** [from, to) of calendar dates on a date field, or of their midnights in the time zone on a datetime field. */
  private between(path: string, from: string | undefined, to: string | undefined): unknown[] {
    const at = (date: string) => (this.dateOnly(path) ? date : startOfDayIn(date, this.timeZone));
    const out: unknown[] = [];
    if (from) out.push({ '>=': [{ var: path }, at(from)] });
    if (to) out.push({ '<': [{ var: path }, at(to)] });
    return out;
  }
}

function and(parts: unknown[]): unknown {
  if (parts.length === 0) return true;
  return parts.length === 1 ? parts[0] : { and: parts };
}

/** `{"var": "$params.x"}` replaced by the parameter's value: the list knows no report parameters. */
function withParams(expr: unknown, params: ReadonlyMap<string, ParamValue>): unknown {
  if (Array.isArray(expr)) return expr.map((e) => withParams(e, params));
  if (!expr || typeof expr !== 'object') return expr;
  const entries = Object.entries(expr);
  if (entries.length === 1 && entries[0][0] === 'var') {
    const path = Array.isArray(entries[0][1]) ? entries[0][1][0] : entries[0][1];
    const match = typeof path === 'string' ? /^\$params\.(.+)$/.exec(path) : null;
    if (match) {
      const value = params.get(match[1]) ?? null;
      return value !== null && typeof value === 'object' && !Array.isArray(value) ? null : value;
    }
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, withParams(v, params)]));
}

/** Every lookup path prefix the report's statement joins (dimensions, measures, filter, parameters, period). */
function lookupPrefixes(report: CompiledReport): string[] {
  const paths: string[] = report.dimensions.map((d) => d.path);
  const fromLogic = (expr: unknown) => {
    for (const v of expr === undefined ? [] : logicVars(expr)) if (!isContextVar(v.path)) paths.push(v.path);
  };
  fromLogic(report.filter);
  for (const m of report.measures) {
    if (m.field) paths.push(m.field);
    fromLogic(m.expr);
    fromLogic(m.where);
  }
  for (const p of report.params) if (p.field) paths.push(p.field);
  if (report.period) paths.push(report.period.field);
  const prefixes = new Set<string>();
  for (const path of paths) {
    const names = path.split('.');
    for (let i = 1; i < names.length; i++) prefixes.add(names.slice(0, i).join('.'));
  }
  return [...prefixes];
}
