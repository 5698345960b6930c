import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { DateBucket } from '@loom/metadata';
import { compileCondition, compileValue, type LogicContext, type LogicScope } from '../logic/index.ts';
import type { CompiledEntity, CompiledField, CompiledModel, CompiledReport, CompiledReportMeasure } from '../model/compiled-model.ts';
import { resolveFieldPath } from '../model/resolve-field-path.ts';
import { isChoiceField, isLookupField, isUserField } from '../model/field-types/field-predicates.ts';
import { fieldOperand, recordTable, type RowsReadable } from '../data/access/record-scope.ts';
import { ReportScope } from './report-scope.ts';
import type { DateRange, ParamValue } from './report-params.ts';
import { addBuckets, bucketStart, startOfDayIn } from './zoned-time.ts';
import type { PeriodBounds } from './report-period.ts';

/** What a dimension column holds, for labels and drill-down. */
export interface DimensionInfo {
  readonly key: string;
  readonly path: string;
  readonly bucket?: DateBucket;
  readonly field: CompiledField;
  /** The field holds a date (true) or an instant (false), for buckets. */
  readonly dateOnly: boolean;
  /** The lookup path prefixes the dimension goes through ("parent" for parent.grade). */
  readonly lookups: readonly string[];
}

export interface ReportStatement {
  readonly query: RawBuilder<Record<string, unknown>>;
  readonly dimensions: readonly DimensionInfo[];
}

export interface QueryInput {
  readonly model: CompiledModel;
  readonly report: CompiledReport;
  readonly entity: CompiledEntity;
  readonly context: LogicContext;
  readonly rows: RowsReadable;
  /** The caller's read predicate on `r`, undefined when every row is theirs. */
  readonly readable: Expression<SqlBool> | undefined;
  readonly params: ReadonlyMap<string, ParamValue>;
  readonly timeZone: string;
  readonly period?: PeriodBounds;
}

/** Rows a report answers at most (the document's limit may be lower). */
export const MAX_REPORT_ROWS = 10_000;
const STEP: Record<DateBucket, string> = { day: '1 day', week: '7 days', month: '1 month', quarter: '3 months', year: '1 year' };

/** An aggregate of the statement: a measure, or the hidden previous value a `change` compares with. */
export interface Agg {
  readonly name: string;
  readonly fn: CompiledReportMeasure['fn'];
  /** Index of the value it reads (v0…), none for a count. */
  readonly value?: number;
  /** Index of its own condition (w0…): the measure's `where`, the period. */
  readonly flag?: number;
}

/** A report compiled against a scope: what its rows project and what it aggregates of them. */
export interface ReportParts {
  readonly dims: readonly DimensionInfo[];
  /** Each dimension's operand (the field as read). */
  readonly operands: readonly Expression<unknown>[];
  /** Each dimension's value: the operand, or its date bucket. */
  readonly dimSql: readonly Expression<unknown>[];
  readonly values: readonly Expression<unknown>[];
  readonly flags: readonly Expression<SqlBool>[];
  readonly aggs: readonly Agg[];
  /** Which rows it reads besides the caller's read predicate: filter, parameters, period, readable lookup targets. */
  readonly conditions: readonly Expression<SqlBool>[];
}

/** CTE names of the finishing steps (a combined statement holds several reports). */
export interface StepNames {
  readonly grouped: string;
  readonly filled: string;
  readonly ranked: string;
  readonly topped: string;
}

const STEPS: StepNames = { grouped: 'grouped', filled: 'filled', ranked: 'ranked', topped: 'topped' };

/**
 * The report as ONE statement: `base` reads the entity's rows the caller may read (filter,
 * parameters, period; lookup paths joined), projecting the dimensions (d0…), the measured
 * values (v0…) and each measure's own condition (w0…); `grouped` aggregates them by the
 * dimensions (FILTER for a measure's condition); then, when asked, the date buckets of the
 * range are filled with zeros, or the first n groups kept with an "others" row; the last
 * select adds ratios, shares of the total and the cumulative share (window functions),
 * labels of looked-up records, the order and the limit. Identifiers come from the model;
 * every value is a parameter.
 */
export function reportStatement(input: QueryInput): ReportStatement {
  const scope = new ReportScope(input.model, input.entity, input.context, input.rows);
  const parts = reportParts(input, scope);
  const { dims, values, flags, aggs } = parts;
  const where = [...(input.readable ? [input.readable] : []), ...parts.conditions];
  const dimCols = dims.map((_, i) => sql.id(`d${i}`));
  const baseSelect = [
    ...parts.dimSql.map((e, i) => sql`${e} as ${dimCols[i]}`),
    ...values.map((e, i) => sql`${e} as ${sql.id(`v${i}`)}`),
    ...flags.map((e, i) => sql`${e} as ${sql.id(`w${i}`)}`),
  ];
  const base = sql`select ${baseSelect.length ? sql.join(baseSelect) : sql`1 as one`} from ${scope.from()} where ${where.length ? sql.join(where, sql` and `) : sql`true`}`;

  const aggSql = (a: Agg, values = false): Expression<unknown> => {
    const v = a.value !== undefined ? sql.ref(`v${a.value}`) : undefined;
    const filter = a.flag !== undefined ? sql` filter (where ${sql.ref(`w${a.flag}`)})` : sql``;
    if (values) return sql`count(${v})${filter}`;
    if (a.fn === 'count') return sql`count(*)${filter}`;
    if (a.fn === 'countDistinct') return sql`count(distinct ${v})${filter}`;
    const fn = a.fn === 'previous' ? 'sum' : a.fn;
    return sql`${aggregateCall(fn as 'sum' | 'avg' | 'min' | 'max', v!)}${filter}`;
  };
  const groupBy = dims.length ? sql` group by ${sql.join(dimCols)}` : sql``;
  const groupedCols = [
    ...dimCols,
    ...aggs.map((a) => sql`${aggSql(a)} as ${sql.id(a.name)}`),
    ...othersAverages(input.report, aggs).flatMap((a) => [
      sql`${aggSql({ ...a, fn: 'sum' })} as ${sql.id(`s__${a.name}`)}`,
      sql`${aggSql(a, true)} as ${sql.id(`c__${a.name}`)}`,
    ]),
  ];
  const grouped = sql`select ${sql.join(groupedCols)} from base${groupBy}`;
  const finish = finishing(input, dims, aggs, STEPS);
  const query = sql<Record<string, unknown>>`with ${sql.join([sql`base as (${base})`, sql`grouped as (${grouped})`, ...finish.ctes])} ${finish.select}`;
  return { query, dimensions: dims };
}

/** The averages an "others" row re-aggregates from their sum and count, kept beside them. */
export function othersAverages(report: CompiledReport, aggs: readonly Agg[]): Agg[] {
  return report.top?.others ? aggs.filter((a) => a.fn === 'avg') : [];
}

/**
 * The report's dimensions, values, conditions and aggregates, their operands resolved in
 * `scope` (whose joins they add). Resolved in a fixed order: dimensions, measures, then the
 * rows' conditions, the readable lookup targets last (every join is known by then).
 */
export function reportParts(input: QueryInput, scope: ReportScope): ReportParts {
  const { model, report, entity } = input;
  const dims = report.dimensions.map((d): DimensionInfo => {
    const steps = resolveFieldPath(entity, d.path, model.entities)!;
    const field = steps[steps.length - 1].field;
    const lookups = steps.slice(0, -1).map((_, i) =>
      steps
        .slice(0, i + 1)
        .map((s) => s.field.name)
        .join('.'),
    );
    return { key: d.key, path: d.path, ...(d.bucket ? { bucket: d.bucket } : {}), field, dateOnly: field.logicType === 'date', lookups };
  });
  const operands = dims.map((d) => scope.resolveVar(d.path)!.sql);
  const dimSql = dims.map((d, i) => bucketed(d, operands[i], input.timeZone));

  // The aggregated measures, and the hidden ones `change` compares with.
  const aggregates = report.measures.filter((m) => m.aggregate);
  const byName = new Map(report.measures.map((m) => [m.name, m]));
  const hiddenPrevious = report.measures.filter((m) => m.fn === 'change').map((m) => ({ name: `p__${m.name}`, of: byName.get(m.of[0])! }));
  const values: Expression<unknown>[] = [];
  const flags: Expression<SqlBool>[] = [];
  const valueOf = (m: CompiledReportMeasure): number | undefined => {
    if (m.fn === 'count') return undefined;
    const operand = m.expr !== undefined ? compileValue(m.expr, scope, '/expr') : scope.resolveVar(m.field!)!;
    // A computed value is NaN where JSON Logic's arithmetic meets a null (a product without a
    // cost): like a null field, such a row has no value to aggregate, rather than spoiling the sum.
    values.push(operand.nonFinite ? sql`nullif(nullif(nullif(${operand.sql}, 'NaN'::numeric), 'Infinity'::numeric), '-Infinity'::numeric)` : operand.sql);
    return values.length - 1;
  };
  const flagOf = (condition: Expression<SqlBool> | undefined): number | undefined => {
    if (!condition) return undefined;
    flags.push(condition);
    return flags.length - 1;
  };
  const period = input.period ? periodFlags(scope, report, input) : undefined;
  const aggs: Agg[] = [];
  const aggregateOf = (name: string, base: CompiledReportMeasure, previous: boolean): Agg => {
    const own = base.where !== undefined ? compileCondition(base.where, scope, '/where') : undefined;
    const inPeriod = period ? (previous ? period.previous : period.current) : undefined;
    const condition = own && inPeriod ? sql<SqlBool>`(${own}) and (${inPeriod})` : (own ?? inPeriod);
    return { name, fn: base.fn, value: valueOf(base), flag: flagOf(condition) };
  };
  for (const m of aggregates) aggs.push(m.fn === 'previous' ? aggregateOf(m.name, byName.get(m.of[0])!, true) : aggregateOf(m.name, m, false));
  for (const h of hiddenPrevious) aggs.push(aggregateOf(h.name, h.of, true));

  const conditions: Expression<SqlBool>[] = [];
  if (report.filter !== undefined) conditions.push(compileCondition(report.filter, scope, '/filter'));
  conditions.push(...paramConditions(scope, report, input));
  if (period) conditions.push(period.either);
  // After every operand is resolved: the joins they asked for are known.
  conditions.push(...scope.readableTargets());
  return { dims, operands, dimSql, values, flags, aggs, conditions };
}

/** A dimension's value from its operand: the operand, or the date bucket it falls in (in the installation's calendar for an instant). */
export function bucketed(d: DimensionInfo, operand: Expression<unknown>, timeZone: string): Expression<unknown> {
  if (!d.bucket) return operand;
  const local = d.dateOnly ? sql`${operand}::timestamp` : sql`(${operand} at time zone ${timeZone})`;
  return sql`date_trunc(${d.bucket}, ${local})::date`;
}

/** The finishing of a report over its groups: the CTEs after `grouped` and the last select (columns, order, limit). */
export interface Finishing {
  readonly ctes: RawBuilder<unknown>[];
  readonly select: RawBuilder<Record<string, unknown>>;
  /** The names of the last select's columns. */
  readonly columns: string[];
}

/**
 * From the groups (CTE `names.grouped`: d0…, the aggregates by name): buckets filled, top n
 * with its "others" row, then the ratios, shares, labels, order and limit.
 */
export function finishing(input: QueryInput, dims: readonly DimensionInfo[], aggs: readonly Agg[], names: StepNames): Finishing {
  const { model, report, context, rows } = input;
  const ctes: RawBuilder<unknown>[] = [];
  let source = names.grouped;
  const bucketIndex = dims.findIndex((d) => d.bucket);
  const fill = bucketIndex >= 0 && !report.top && dims.filter((d) => d.bucket).length === 1;
  if (fill) {
    ctes.push(sql`${sql.table(names.filled)} as (${fillBuckets(dims, bucketIndex, aggs, input, names.grouped)})`);
    source = names.filled;
  }
  let others = false;
  if (report.top) {
    // Ranked among the groups themselves: no join back to the rows.
    const rank = rankExpression(report, aggs);
    ctes.push(
      sql`${sql.table(names.ranked)} as (select g.*, row_number() over (order by ${rank} desc nulls last, ${sql.join(dims.map((_, i) => sql.ref(`g.d${i}`)))}) as rn from ${sql.table(names.grouped)} g)`,
    );
    const n = report.top.n;
    if (report.top.others) {
      others = true;
      const cols = [
        ...dims.map((_, i) => sql`case when rn <= ${n} then ${sql.id(`d${i}`)} end as ${sql.id(`d${i}`)}`),
        sql`(rn > ${n}) as o`,
        ...aggs.map((a) => sql`${reAggregate(a)} as ${sql.id(a.name)}`),
      ];
      const positions = [...dims.map((_, i) => sql.lit(i + 1)), sql.lit(dims.length + 1)];
      ctes.push(sql`${sql.table(names.topped)} as (select ${sql.join(cols)} from ${sql.table(names.ranked)} group by ${sql.join(positions)})`);
    } else {
      ctes.push(sql`${sql.table(names.topped)} as (select * from ${sql.table(names.ranked)} where rn <= ${n})`);
    }
    source = names.topped;
  }

  const f = (name: string) => sql.ref(`f.${name}`);
  const othersLast = others ? [sql`f.o`] : [];
  const columns: string[] = [];
  const finalCols: Expression<unknown>[] = [];
  const column = (name: string, e: Expression<unknown>) => {
    columns.push(name);
    finalCols.push(sql`${e} as ${sql.id(name)}`);
  };
  dims.forEach((d, i) => column(`d${i}`, dimensionOut(d, f(`d${i}`))));
  if (others) column('o', sql`f.o`);
  dims.forEach((d, i) => {
    const label = labelColumn(model, d, f(`d${i}`), i, context, rows);
    if (label) column(`l${i}`, label);
  });
  for (const m of report.measures) {
    if (m.aggregate && m.format === 'datetime') column(m.name, sql`to_char(${f(m.name)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
    else if (m.aggregate && m.format === 'date') column(m.name, sql`${f(m.name)}::text`);
    else if (m.aggregate) column(m.name, f(m.name));
    else if (m.fn === 'ratio') column(m.name, sql`${f(m.of[0])}::numeric / nullif(${f(m.of[1])}, 0)`);
    else if (m.fn === 'percentOfTotal') column(m.name, sql`${f(m.of[0])}::numeric / nullif(sum(${f(m.of[0])}) over (), 0)`);
    else if (m.fn === 'cumulativePercent') {
      const order = sql.join([...othersLast, sql`${f(m.of[0])} desc nulls last`, ...dims.map((_, i) => f(`d${i}`))]);
      column(
        m.name,
        sql`sum(${f(m.of[0])}) over (order by ${order} rows between unbounded preceding and current row)::numeric / nullif(sum(${f(m.of[0])}) over (), 0)`,
      );
    } else if (m.fn === 'formula') {
      column(m.name, compileValue(m.expr, measureScope(report, f, context), '/expr').sql);
    } else if (m.fn === 'change') {
      const prev = f(`p__${m.name}`);
      column(m.name, sql`(${f(m.of[0])} - ${prev})::numeric / nullif(abs(${prev}), 0)`);
    }
  }
  const order = orderBy(report, dims, f);
  const limit = Math.min(report.limit ?? MAX_REPORT_ROWS, MAX_REPORT_ROWS);
  const select = sql<
    Record<string, unknown>
  >`select ${sql.join(finalCols)} from ${sql.table(source)} as f order by ${sql.join([...othersLast, ...order])} limit ${limit}`;
  return { ctes, select, columns };
}

/** The scope of a formula measure: the aggregates by name, a date one as days since 1970-01-01. */
function measureScope(report: CompiledReport, f: (name: string) => Expression<unknown>, context: LogicContext): LogicScope {
  const aggregates = new Map(report.measures.filter((m) => m.aggregate).map((m) => [m.name, m]));
  return {
    context,
    resolveVar(path) {
      const m = aggregates.get(path);
      if (!m) return undefined;
      if (m.format === 'date') return { sql: sql`(${f(m.name)} - date '1970-01-01')::numeric`, type: 'number' };
      if (m.format === 'datetime') return { sql: sql`(extract(epoch from ${f(m.name)}) / 86400)::numeric`, type: 'number' };
      return { sql: sql`${f(m.name)}::numeric`, type: 'number' };
    },
  };
}

function aggregateCall(fn: 'sum' | 'avg' | 'min' | 'max', v: Expression<unknown>): Expression<unknown> {
  if (fn === 'sum') return sql`sum(${v})`;
  if (fn === 'avg') return sql`avg(${v})`;
  if (fn === 'min') return sql`min(${v})`;
  return sql`max(${v})`;
}

/** A logic operand of a date field (a date, not an instant). */
function isDate({ type }: { type: string }): boolean {
  return type === 'date';
}

/** Dates and ids as text (JSON has neither); numbers, booleans and texts as they are. */
function dimensionOut(d: DimensionInfo, column: Expression<unknown>): Expression<unknown> {
  if (d.bucket || d.field.logicType === 'date' || isLookupField(d.field) || isUserField(d.field)) return sql`${column}::text`;
  if (d.field.logicType === 'datetime') return sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  return column;
}

/** The title of a looked-up record (only one the caller may read) or a user's name, beside the id. */
function labelColumn(
  model: CompiledModel,
  d: DimensionInfo,
  column: Expression<unknown>,
  i: number,
  context: LogicContext,
  rows: RowsReadable,
): Expression<unknown> | undefined {
  const alias = `t${i}`;
  if (isUserField(d.field)) return sql`(select u.name from loom.users u where u.id = ${column})`;
  if (!isLookupField(d.field)) return undefined;
  const target = model.entities.get(d.field.target)!;
  const title = fieldOperand(model, target, target.fields[target.titleField], alias, context, rows);
  if (!title) return undefined;
  const readable = rows(target, alias);
  const on = sql<SqlBool>`${sql.ref(`${alias}.id`)} = ${column}`;
  return sql`(select ${title.sql}::text from ${recordTable(target)} as ${sql.table(alias)} where ${readable ? sql`${on} and ${readable}` : on})`;
}

/** The rank of a group for top N: the first sort key that is a measure, else the first measure. */
function rankExpression(report: CompiledReport, aggs: readonly { name: string }[]): Expression<unknown> {
  const aggregated = new Set(aggs.map((a) => a.name));
  const key = report.sort.find((s) => aggregated.has(s.key))?.key ?? report.measures.find((m) => m.aggregate)!.name;
  return sql.ref(`g.${key}`);
}

/** A measure over several groups from the groups' values: counts and sums add up, extremes of extremes, an average from its sum and count. */
function reAggregate(a: { name: string; fn: string }): Expression<unknown> {
  const column = sql.id(a.name);
  if (a.fn === 'min') return sql`min(${column})`;
  if (a.fn === 'max') return sql`max(${column})`;
  if (a.fn === 'avg') return sql`sum(${sql.id(`s__${a.name}`)}) / nullif(sum(${sql.id(`c__${a.name}`)}), 0)`;
  return sql`sum(${column})`;
}

/**
 * Every bucket from the first to the last (of the range parameter on the bucketed field,
 * else of the data) crossed with the other dimensions' values, the groups left-joined:
 * counts and sums of an empty bucket are 0, averages and extremes null.
 */
function fillBuckets(
  dims: readonly DimensionInfo[],
  b: number,
  aggs: readonly { name: string; fn: string }[],
  input: QueryInput,
  grouped: string,
): RawBuilder<unknown> {
  const groups = sql.table(grouped);
  const d = dims[b];
  const unit = d.bucket!;
  const range = rangeOn(input, d.path);
  const lo = range?.from ? sql`${bucketStart(range.from, unit)}::timestamp` : sql`(select min(${sql.id(`d${b}`)}) from ${groups})::timestamp`;
  const hi = range?.to ? sql`${bucketStart(range.to, unit)}::timestamp` : sql`(select max(${sql.id(`d${b}`)}) from ${groups})::timestamp`;
  const series = sql`(select generate_series(${lo}, ${hi}, ${STEP[unit]}::interval)::date as ${sql.id(`d${b}`)}) s`;
  const others = dims.map((_, i) => i).filter((i) => i !== b);
  const cross = others.length ? sql` cross join (select distinct ${sql.join(others.map((i) => sql.id(`d${i}`)))} from ${groups}) o` : sql``;
  const on = [sql`g.${sql.id(`d${b}`)} = s.${sql.id(`d${b}`)}`, ...others.map((i) => sql`g.${sql.id(`d${i}`)} is not distinct from o.${sql.id(`d${i}`)}`)];
  const cols = [
    ...dims.map((_, i) => (i === b ? sql`s.${sql.id(`d${i}`)}` : sql`o.${sql.id(`d${i}`)}`)),
    ...aggs.map((a) =>
      ['count', 'countDistinct', 'sum', 'previous'].includes(a.fn) ? sql`coalesce(g.${sql.id(a.name)}, 0) as ${sql.id(a.name)}` : sql`g.${sql.id(a.name)}`,
    ),
  ];
  return sql`select ${sql.join(cols)} from ${series}${cross} left join ${groups} g on ${sql.join(on, sql` and `)}`;
}

/** The value of the date range parameter on `path`, if one is set. */
function rangeOn(input: QueryInput, path: string): DateRange | undefined {
  const param = input.report.params.find((p) => p.type === 'dateRange' && p.field === path);
  const value = param ? input.params.get(param.name) : undefined;
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as DateRange) : undefined;
}

/** Conditions of the parameters bound to a field: equal to the value (one of a select's values), or in the date range. */
function paramConditions(scope: ReportScope, report: CompiledReport, input: QueryInput): Expression<SqlBool>[] {
  const out: Expression<SqlBool>[] = [];
  for (const p of report.params) {
    const value = input.params.get(p.name);
    if (!p.field || value === null || value === undefined) continue;
    if (p.type === 'dateRange') {
      const range = value as DateRange;
      const operand = scope.resolveVar(p.field)!;
      const dateOnly = isDate(operand);
      const bound = (date: string) => (dateOnly ? sql`${date}::date` : sql`${startOfDayIn(date, input.timeZone)}::timestamptz`);
      if (range.from) out.push(sql<SqlBool>`${operand.sql} >= ${bound(range.from)}`);
      if (range.to)
        out.push(dateOnly ? sql<SqlBool>`${operand.sql} <= ${bound(range.to)}` : sql<SqlBool>`${operand.sql} < ${bound(addBuckets(range.to, 'day', 1))}`);
      continue;
    }
    const condition = Array.isArray(value) ? { in: [{ var: p.field }, value] } : { '==': [{ var: p.field }, value] };
    out.push(compileCondition(condition, scope, `/params/${p.name}`));
  }
  return out;
}

/** Rows in the current period, in the one compared with, and in either (the statement reads only those). */
function periodFlags(scope: ReportScope, report: CompiledReport, input: QueryInput) {
  const operand = scope.resolveVar(report.period!.field)!;
  const dateOnly = isDate(operand);
  const bound = (date: string) => (dateOnly ? sql`${date}::date` : sql`${startOfDayIn(date, input.timeZone)}::timestamptz`);
  const between = (from: string, to: string) => sql<SqlBool>`(${operand.sql} >= ${bound(from)} and ${operand.sql} < ${bound(to)})`;
  const p = input.period!;
  return {
    current: between(p.current.from, p.current.to),
    previous: between(p.previous.from, p.previous.to),
    either: sql<SqlBool>`(${between(p.current.from, p.current.to)} or ${between(p.previous.from, p.previous.to)})`,
  };
}

/**
 * The order: the document's sort keys, else the dimensions (buckets in time, choices in their
 * options' order) when one is a bucket or a choice, else the first measure largest first.
 */
function orderBy(report: CompiledReport, dims: readonly DimensionInfo[], f: (name: string) => Expression<unknown>): Expression<unknown>[] {
  const dimOrder = (d: DimensionInfo, i: number, descending = false) => {
    const dir = descending ? sql`desc nulls last` : sql`asc nulls last`;
    if (isChoiceField(d.field) && !d.bucket) return sql`array_position(${d.field.options.map((o) => o.value)}::text[], ${f(`d${i}`)}::text) ${dir}`;
    return sql`${f(`d${i}`)} ${dir}`;
  };
  const keys: Expression<unknown>[] = [];
  if (report.sort.length) {
    for (const s of report.sort) {
      const i = dims.findIndex((d) => d.key === s.key);
      const dir = s.descending ? sql`desc nulls last` : sql`asc nulls last`;
      // An aggregate is a column of the source; a ratio, share or formula only a column of the answer (its name).
      const aggregated = report.measures.some((m) => m.name === s.key && m.aggregate);
      keys.push(i >= 0 ? dimOrder(dims[i], i, s.descending) : aggregated ? sql`${f(s.key)} ${dir}` : sql`${sql.id(s.key)} ${dir}`);
    }
  } else if (!dims.some((d) => d.bucket || isChoiceField(d.field))) {
    const first = report.measures.find((m) => m.aggregate);
    if (first && dims.length) keys.push(sql`${f(first.name)} desc nulls last`);
  }
  dims.forEach((d, i) => keys.push(dimOrder(d, i)));
  return keys.length ? keys : [sql`1`];
}
