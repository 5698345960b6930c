import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, sql, type Expression, type RawBuilder } from 'kysely';
import { resolveFieldPath } from '../model/resolve-field-path.ts';
import { isChoiceField } from '../model/field-types/field-predicates.ts';
import { finishing, othersAverages, reportParts, type Agg, type DimensionInfo, type QueryInput, type ReportParts } from './report-query.ts';
import { ReportJoins, ReportScope } from './report-scope.ts';

/** Field types whose sums and averages are exact, so partial sums add up to the very same figure. */
const EXACT = new Set(['integer', 'decimal', 'money']);

/**
 * Whether a report can be computed from the shared groups of a combined statement: its aggregates re-add exactly from partial ones (counts, sums and averages of exact
 * values, extremes; not a distinct count), its dimensions have few values (date buckets,
 * choices, yes/no), so the groups of every widget's dimensions together stay few.
 */
export function combinable(input: QueryInput): boolean {
  const { report, entity, model } = input;
  const exact = (name: string): boolean => {
    const m = report.measures.find((x) => x.name === name)!;
    if (m.fn === 'countDistinct') return false;
    if (m.fn !== 'sum' && m.fn !== 'avg') return true;
    if (m.expr !== undefined) return true; // JSON Logic arithmetic is numeric
    return EXACT.has(resolveFieldPath(entity, m.field!, model.entities)!.at(-1)!.field.type);
  };
  const measures = report.measures.every((m) => (m.fn === 'previous' || m.fn === 'change' ? exact(m.of[0]) : !m.aggregate || exact(m.name)));
  return measures && report.dimensions.every((d) => d.bucket !== undefined || fewValues(d.path, input));
}

function fewValues(path: string, input: QueryInput): boolean {
  const field = resolveFieldPath(input.entity, path, input.model.entities)!.at(-1)!.field;
  return isChoiceField(field) || field.logicType === 'boolean';
}

export interface CombinedStatement {
  readonly query: RawBuilder<Record<string, unknown>>;
  readonly dimensions: readonly (readonly DimensionInfo[])[];
  /** Each report's rows (as its own statement answers them) from the combined statement's rows. */
  split(rows: readonly Record<string, unknown>[]): Record<string, unknown>[][];
}

interface Widget {
  readonly input: QueryInput;
  readonly parts: ReportParts;
  /** The fine group column (k…) each dimension is computed from. */
  readonly keys: readonly string[];
  /** The column (f…) of its rows' condition, none when it reads every row. */
  readonly condition?: string;
  /** The column (f…) of each of its flags (w0…). */
  readonly flags: readonly string[];
  /** The partial aggregate column (a…) of a function of a value (none: the rows) over the rows where every condition holds. */
  readonly partial: (fn: PartialFn, value: number | undefined, on: readonly (string | undefined)[]) => string;
}

/** Compiles an expression to text without a server, so equal expressions of several reports are computed once. */
const compiler = new Kysely<any>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

/** Distinct expressions, each named once (`prefix` and its position). */
class Columns {
  readonly list: { name: string; sql: Expression<unknown> }[] = [];
  private readonly names = new Map<string, string>();
  constructor(private readonly prefix: string) {}

  add(e: Expression<unknown>): string {
    const compiled = sql`${e}`.compile(compiler);
    const id = `${compiled.sql}|${JSON.stringify(compiled.parameters)}`;
    let name = this.names.get(id);
    if (!name) {
      name = `${this.prefix}${this.list.length}`;
      this.names.set(id, name);
      this.list.push({ name, sql: e });
    }
    return name;
  }
}

/**
 * Several reports of one actor over one entity as ONE statement that reads the entity once.
 * `fine` groups the rows any of them reads by every report's dimension values (equal ones
 * once; one only reports with a row condition group by is null on the rows none of them
 * reads, so a narrow report's fine dimension does not split everyone's groups), with each
 * report's measures as partial aggregates over its own rows: its filter, parameters and
 * period and each measure's own condition as FILTER (equal partials computed once). Each
 * report's groups are then re-added from the fine ones (`g0`, `g1`…: counts and sums add up,
 * extremes of extremes, an average from its sum and count), and its own finishing (buckets
 * filled, top n, shares, order, limit) runs on them as in its own statement. The answers
 * come back side by side (FULL JOIN ON false: each row belongs to one report), numbered in
 * their order. `fine` is one plain GROUP BY over few groups, which PostgreSQL spreads over
 * parallel workers (GROUPING SETS it cannot).
 */
export function combinedStatement(inputs: readonly QueryInput[]): CombinedStatement {
  const first = inputs[0];
  const joins = new ReportJoins(first.entity, first.rows);
  const keys = new Columns('k');
  const values = new Columns('v');
  const conditions = new Columns('f');
  // Partial aggregates by function, value column and conditions: a0…
  const partials = new Map<string, { name: string; fn: PartialFn; value?: string; on: string[] }>();
  // The row conditions of the reports grouping by each key (undefined: one reads every row).
  const keyUsers = new Map<string, (Expression<unknown> | undefined)[]>();
  const widgets: Widget[] = inputs.map((input) => {
    const scope = new ReportScope(input.model, input.entity, input.context, input.rows, joins);
    const parts = reportParts(input, scope);
    const rowCondition = parts.conditions.length ? sql`(${sql.join(parts.conditions, sql` and `)})` : undefined;
    const dimKeys = parts.dims.map((_, j) => keys.add(parts.dimSql[j]));
    for (const k of dimKeys) keyUsers.set(k, [...(keyUsers.get(k) ?? []), rowCondition]);
    const condition = rowCondition ? conditions.add(rowCondition) : undefined;
    const flags = parts.flags.map((e) => conditions.add(e));
    const partial = (fn: PartialFn, index: number | undefined, on: readonly (string | undefined)[]) => {
      const value = index === undefined ? undefined : values.add(parts.values[index]);
      const held = on.filter((c): c is string => c !== undefined);
      const id = `${fn}|${value ?? '*'}|${held.join(',')}`;
      if (!partials.has(id)) partials.set(id, { name: `a${partials.size}`, fn, value, on: held });
      return partials.get(id)!.name;
    };
    return { input, parts, keys: dimKeys, condition, flags, partial };
  });
  // Every report's partial aggregates, known once each report's groups are written.
  const regroups = widgets.map((w) => regrouped(w));

  // A key only reports with a row condition group by is null on the other rows: it does not split their groups.
  const keyCols = keys.list.map(({ name, sql: e }) => {
    const users = keyUsers.get(name)!;
    const value = users.every((c) => c !== undefined) ? sql`case when ${sql.join(users, sql` or `)} then ${e} end` : e;
    return { name, sql: value };
  });
  const baseCols = [...keyCols, ...values.list, ...conditions.list].map((c) => sql`${c.sql} as ${sql.id(c.name)}`);
  const base = sql`select ${baseCols.length ? sql.join(baseCols) : sql`1 as one`} from ${joins.from()} where ${first.readable ?? sql`true`}`;
  const rowConditions = widgets.map((w) => w.condition);
  const fineWhere = rowConditions.every((c) => c !== undefined)
    ? sql` where ${sql.join(
        rowConditions.map((c) => sql.ref(c!)),
        sql` or `,
      )}`
    : sql``;
  const fineGroup = keys.list.length ? sql` group by ${sql.join(keys.list.map((k) => sql.id(k.name)))}` : sql``;
  const fineCols = [...keys.list.map((k) => sql.id(k.name)), ...[...partials.values()].map((p) => sql`${partialCall(p)} as ${sql.id(p.name)}`)];
  const ctes: RawBuilder<unknown>[] = [sql`base as (${base})`, sql`fine as (select ${sql.join(fineCols)} from base${fineWhere}${fineGroup})`];

  const columns: string[][] = [];
  widgets.forEach((w, i) => {
    ctes.push(sql`${sql.table(`g${i}`)} as (${regroups[i]})`);
    const names = { grouped: `g${i}`, filled: `filled${i}`, ranked: `ranked${i}`, topped: `topped${i}` };
    const finish = finishing(w.input, w.parts.dims, w.parts.aggs, names);
    ctes.push(...finish.ctes);
    // The answer in its order, numbered (a subquery's order holds for the numbering above it).
    ctes.push(sql`${sql.table(`r${i}`)} as (select x.*, row_number() over () as rn from (${finish.select}) x)`);
    columns.push(finish.columns);
  });
  const out = columns.flatMap((cols, i) => [...cols, 'rn'].map((c) => sql`${sql.ref(`r${i}.${c}`)} as ${sql.id(`${i}.${c}`)}`));
  const from = sql.join(
    widgets.map((_, i) => (i ? sql`full join ${sql.table(`r${i}`)} on false` : sql.table(`r${i}`))),
    sql` `,
  );
  const query = sql<Record<string, unknown>>`with ${sql.join(ctes)} select ${sql.join(out)} from ${from}`;
  return {
    query,
    dimensions: widgets.map((w) => w.parts.dims),
    split(rows) {
      return columns.map((cols, i) => {
        const own = rows.filter((r) => r[`${i}.rn`] !== null && r[`${i}.rn`] !== undefined);
        own.sort((a, b) => Number(a[`${i}.rn`]) - Number(b[`${i}.rn`]));
        return own.map((r) => Object.fromEntries(cols.map((c) => [c, r[`${i}.${c}`]])));
      });
    },
  };
}

type PartialFn = 'sum' | 'count' | 'min' | 'max';

function partialCall(p: { fn: PartialFn; value?: string; on: readonly string[] }): Expression<unknown> {
  const v = p.value === undefined ? sql`*` : sql.ref(p.value);
  const filter = p.on.length
    ? sql` filter (where ${sql.join(
        p.on.map((c) => sql.ref(c)),
        sql` and `,
      )})`
    : sql``;
  if (p.fn === 'count') return sql`count(${v})${filter}`;
  if (p.fn === 'min') return sql`min(${v})${filter}`;
  if (p.fn === 'max') return sql`max(${v})${filter}`;
  return sql`sum(${v})${filter}`;
}

/**
 * A report's groups from the fine ones: its dimension values, its partial aggregates re-added (counts and sums add up,
 * extremes of extremes, an average from its sum and count), only the groups holding rows it
 * reads. A report without dimensions has its one row, as alone.
 */
function regrouped({ input, parts, keys, condition, flags, partial }: Widget): RawBuilder<unknown> {
  const dims = parts.dims.map((_, j) => sql`${sql.ref(keys[j])} as ${sql.id(`d${j}`)}`);
  const on = (a: Agg) => [condition, a.flag !== undefined ? flags[a.flag] : undefined];
  const count = (name: string) => sql`coalesce(sum(${sql.ref(name)}), 0)::bigint`;
  const cols: Expression<unknown>[] = [...dims];
  for (const a of parts.aggs) {
    const name = sql.id(a.name);
    const p = (fn: PartialFn) => sql.ref(partial(fn, a.value, on(a)));
    if (a.fn === 'count') cols.push(sql`${count(partial('count', undefined, on(a)))} as ${name}`);
    else if (a.fn === 'min') cols.push(sql`min(${p('min')}) as ${name}`);
    else if (a.fn === 'max') cols.push(sql`max(${p('max')}) as ${name}`);
    else if (a.fn === 'avg') cols.push(sql`sum(${p('sum')}) / nullif(sum(${p('count')}), 0) as ${name}`);
    else cols.push(sql`sum(${p('sum')}) as ${name}`);
  }
  for (const a of othersAverages(input.report, parts.aggs)) {
    cols.push(sql`sum(${sql.ref(partial('sum', a.value, on(a)))}) as ${sql.id(`s__${a.name}`)}`);
    cols.push(sql`${count(partial('count', a.value, on(a)))} as ${sql.id(`c__${a.name}`)}`);
  }
  const groupBy = dims.length ? sql` group by ${sql.join(dims.map((_, j) => sql.lit(j + 1)))}` : sql``;
  // Only groups holding rows it reads (every fine group holds some when it reads all rows).
  const having = condition && dims.length ? sql` having sum(${sql.ref(partial('count', undefined, [condition]))}) > 0` : sql``;
  return sql`select ${sql.join(cols)} from fine${groupBy}${having}`;
}
