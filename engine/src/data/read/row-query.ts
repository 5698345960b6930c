import { sql, type AliasedExpression, type Expression, type Kysely, type RawBuilder, type SelectQueryBuilder } from 'kysely';

/*
 * Record queries name tables and columns that the compiled model knows only at run time,
 * so kysely cannot type them: every table is a record of unknown columns and every row a
 * record of unknown values. These helpers give the list and join builders that one type.
 */

/** The record tables as kysely sees them. */
export type ModelTables = Record<string, Record<string, unknown>>;

/** A SELECT over record tables whose rows are records of unknowns. */
export type RowQuery = SelectQueryBuilder<ModelTables, string, Record<string, unknown>>;

/** `select … from <from>` where `from` is SQL that names its alias itself (`loom_data.deal as r`). */
export function selectFromRaw(db: Kysely<unknown>, from: RawBuilder<unknown>): RowQuery {
  return (db as unknown as Kysely<ModelTables>).selectFrom(from as unknown as AliasedExpression<Record<string, unknown>, string>) as unknown as RowQuery;
}

/**
 * Selects expressions that end in their own `as "alias"` (record-selection.ts, expand-joins.ts):
 * kysely's select types know only its own aliasing, so they are handed over as such.
 */
export function selectExpressions(query: RowQuery, expressions: readonly Expression<unknown>[]): RowQuery {
  return query.select(expressions as unknown as readonly AliasedExpression<unknown, string>[]) as unknown as RowQuery;
}

/** `order by <expr> asc|desc`. */
export function orderByExpression(query: RowQuery, expr: Expression<unknown>, descending: boolean): RowQuery {
  return query.orderBy(sql`${expr} ${descending ? sql`desc` : sql`asc`}`);
}

/** `left join <table> on <on>`, `table` naming its alias itself. */
export function leftJoinRaw(query: RowQuery, table: RawBuilder<unknown>, on: Expression<unknown>): RowQuery {
  return query.leftJoin(table as unknown as AliasedExpression<Record<string, unknown>, string>, (join) => join.on(on as Expression<boolean>)) as unknown as RowQuery;
}
