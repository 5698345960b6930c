import { sql, type RawBuilder } from 'kysely';
import { quoteIdent } from '../db/ddl.ts';

/**
 * The searchable text of a `grams` index: `loom.grams(lower(coalesce("a", '') || ' ' || coalesce("b", '')))`.
 * coalesce keeps one empty column from blanking the whole text (NULL || x is NULL).
 * PostgreSQL uses the GIN index only for a WHERE that contains this same
 * expression, so the DDL and the record service both take it from here.
 */
export function gramsExpression(columns: readonly string[]): string {
  const text = columns.map((column) => `coalesce(${quoteIdent(column)}, '')`).join(` || ' ' || `);
  return `loom.grams(lower(${text}))`;
}

/**
 * The same expression for a kysely query (`where(gramsExpressionSql(cols), '@>', …)`).
 * Columns may be qualified (`t.name`): the planner matches parsed expressions, not text.
 */
export function gramsExpressionSql(columns: readonly string[]): RawBuilder<string[]> {
  if (columns.length === 0) throw new Error('A grams expression needs at least one column');
  const parts = columns.map((column) => sql`coalesce(${sql.ref(column)}, '')`);
  return sql<string[]>`loom.grams(lower(${sql.join(parts, sql` || ' ' || `)}))`;
}

/**
 * A comparable form of an index expression: PostgreSQL prints
 * `loom.grams(lower(((COALESCE(a, ''::text) || ' '::text) || COALESCE(b, ''::text))))`,
 * with its own parentheses, casts, quoting and (when loom is on the search path)
 * no schema; all of that is folded away on both sides.
 */
export function normaliseExpression(expression: string): string {
  return expression
    .toLowerCase()
    .replace(/::text/g, '')
    .replace(/["()\s]/g, '')
    .replace(/(^|[^a-z0-9_.])loom\./g, '$1');
}
