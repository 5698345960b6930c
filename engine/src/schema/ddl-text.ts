import { isKnownSqlType, quoteIdent, quoteLiteral, quoteQualified } from '../db/ddl.ts';
import { LIVE_ONLY_PREDICATE, type ColumnSpec, type IndexSpec, type ReferentialAction, type TableSpec } from '../model/table-spec.ts';
import { gramsExpression } from './grams-expression.ts';
import { foreignKeyName, primaryKeyName } from './object-names.ts';

/**
 * DDL text for each kind of step. Every identifier goes through quoteIdent and
 * every keyword (type, default, action) is checked against a closed list, so no
 * text from outside the compiled model can reach the statements.
 */

const DEFAULTS = new Set<string>(['now()', '1', 'false']);
const ACTIONS = new Set<string>(['SET NULL', 'CASCADE', 'RESTRICT']);

export const isAllowedDefault = (value: string): boolean => DEFAULTS.has(value);
export const isAllowedAction = (action: string): boolean => ACTIONS.has(action);

export { isKnownSqlType };

function typeText(type: string): string {
  if (!isKnownSqlType(type)) throw new Error(`Refusing SQL type ${JSON.stringify(type)}: not one of the model's column types`);
  return type;
}

function defaultText(value: string): string {
  if (!DEFAULTS.has(value)) throw new Error(`Refusing column default ${JSON.stringify(value)}: not in the closed list`);
  return value;
}

function actionText(action: ReferentialAction): string {
  if (!ACTIONS.has(action)) throw new Error(`Refusing ON DELETE action ${JSON.stringify(action)}`);
  return action;
}

/** Model names (camelCase) label tables and columns in COMMENTs, so archives still say which entity and field they held. */
function commentText(label: string): string | undefined {
  return /^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(label) ? quoteLiteral(label) : undefined;
}

export function columnDefinition(column: ColumnSpec, isPrimaryKey = false): string {
  const parts = [quoteIdent(column.name), typeText(column.sqlType)];
  if (column.defaultSql !== undefined) parts.push(`DEFAULT ${defaultText(column.defaultSql)}`);
  if (!column.nullable || isPrimaryKey) parts.push('NOT NULL');
  return parts.join(' ');
}

export function createTableSql(spec: TableSpec): string[] {
  const table = quoteQualified(spec.schema, spec.name);
  const columns = spec.columns.map((column) => columnDefinition(column, column.name === spec.primaryKey));
  const pk = `CONSTRAINT ${quoteIdent(primaryKeyName(spec.name))} PRIMARY KEY (${quoteIdent(spec.primaryKey)})`;
  const statements = [`CREATE TABLE ${table} (${[...columns, pk].join(', ')})`];
  const entity = commentText(spec.entity);
  if (entity) statements.push(`COMMENT ON TABLE ${table} IS ${entity}`);
  for (const column of spec.columns) statements.push(...columnCommentSql(spec, column));
  return statements;
}

function columnCommentSql(spec: TableSpec, column: ColumnSpec): string[] {
  const field = column.field === undefined ? undefined : commentText(column.field);
  if (!field) return [];
  return [`COMMENT ON COLUMN ${quoteQualified(spec.schema, spec.name)}.${quoteIdent(column.name)} IS ${field}`];
}

export function addColumnSql(spec: TableSpec, column: ColumnSpec): string[] {
  const add = `ALTER TABLE ${quoteQualified(spec.schema, spec.name)} ADD COLUMN ${columnDefinition(column)}`;
  return [add, ...columnCommentSql(spec, column), ...fillColumnSql(spec.schema, spec.name, column)];
}

/** The statement that gives a derived column its values in rows that already exist (ColumnSpec.fill). */
export function fillColumnSql(schema: string, table: string, column: ColumnSpec): string[] {
  if (column.fill !== 'ownerTeamKey') return [];
  const target = quoteQualified(schema, table);
  // A record without an owner (or whose owner is gone) has no key: a restored value may be stale.
  const key = `(SELECT u.team_key FROM loom.users u WHERE u.id = r.owner)`;
  return [`UPDATE ${target} AS r SET ${quoteIdent(column.name)} = ${key} WHERE r.${quoteIdent(column.name)} IS DISTINCT FROM ${key}`];
}

export function alterColumnSql(schema: string, table: string, column: string, action: string): string {
  return `ALTER TABLE ${quoteQualified(schema, table)} ALTER COLUMN ${quoteIdent(column)} ${action}`;
}

export function widenColumnSql(schema: string, table: string, column: string, type: string): string {
  return alterColumnSql(schema, table, column, `TYPE ${typeText(type)} USING ${quoteIdent(column)}::${typeText(type)}`);
}

/**
 * A type change without a conversion: allowed only on a column with no values,
 * which checkPlanAgainstData verifies before and this guard re-verifies under an
 * exclusive lock, so a row written in between fails the publish instead of being lost.
 */
export function changeColumnTypeSql(schema: string, table: string, column: string, type: string): string[] {
  const qualified = quoteQualified(schema, table);
  const guard =
    `DO $$ BEGIN IF EXISTS (SELECT 1 FROM ${qualified} WHERE ${quoteIdent(column)} IS NOT NULL) THEN ` +
    `RAISE EXCEPTION 'column %.% holds values; its type cannot change', '${table}', '${column}'; END IF; END $$`;
  return [
    `LOCK TABLE ${qualified} IN ACCESS EXCLUSIVE MODE`,
    guard,
    alterColumnSql(schema, table, column, `TYPE ${typeText(type)} USING NULL::${typeText(type)}`),
  ];
}

export function setDefaultSql(schema: string, table: string, column: string, value: string | undefined): string {
  return alterColumnSql(schema, table, column, value === undefined ? 'DROP DEFAULT' : `SET DEFAULT ${defaultText(value)}`);
}

export function backfillSql(schema: string, table: string, column: string, value: string): string {
  const target = quoteIdent(column);
  return `UPDATE ${quoteQualified(schema, table)} SET ${target} = ${defaultText(value)} WHERE ${target} IS NULL`;
}

export function createIndexSql(schema: string, table: string, index: IndexSpec): string {
  const unique = index.unique ? 'UNIQUE ' : '';
  const head = `CREATE ${unique}INDEX ${quoteIdent(index.name)} ON ${quoteQualified(schema, table)}`;
  if (index.method === 'grams') return `${head} USING gin (${gramsExpression(index.columns.map((c) => c.column))})`;
  const keys = index.columns.map((c) => `${quoteIdent(c.column)}${c.descending ? ' DESC' : ''}`);
  return `${head} (${keys.join(', ')})${index.liveOnly ? ` WHERE ${LIVE_ONLY_PREDICATE}` : ''}`;
}

export function dropIndexSql(schema: string, name: string): string {
  return `DROP INDEX ${quoteQualified(schema, name)}`;
}

export function addForeignKeySql(schema: string, table: string, column: ColumnSpec): string {
  const ref = column.references!;
  return (
    `ALTER TABLE ${quoteQualified(schema, table)} ADD CONSTRAINT ${quoteIdent(foreignKeyName(table, column.name))} ` +
    `FOREIGN KEY (${quoteIdent(column.name)}) REFERENCES ${quoteQualified(ref.schema, ref.table)} (${quoteIdent(ref.column)}) ` +
    `ON DELETE ${actionText(ref.onDelete)}`
  );
}

export function dropConstraintSql(schema: string, table: string, name: string): string {
  return `ALTER TABLE ${quoteQualified(schema, table)} DROP CONSTRAINT ${quoteIdent(name)}`;
}

export function renameColumnSql(schema: string, table: string, from: string, to: string): string {
  return `ALTER TABLE ${quoteQualified(schema, table)} RENAME COLUMN ${quoteIdent(from)} TO ${quoteIdent(to)}`;
}

export function renameTableSql(schema: string, from: string, to: string): string {
  return `ALTER TABLE ${quoteQualified(schema, from)} RENAME TO ${quoteIdent(to)}`;
}

export function renameConstraintSql(schema: string, table: string, from: string, to: string): string {
  return `ALTER TABLE ${quoteQualified(schema, table)} RENAME CONSTRAINT ${quoteIdent(from)} TO ${quoteIdent(to)}`;
}

export function dropColumnSql(schema: string, table: string, column: string): string {
  return `ALTER TABLE ${quoteQualified(schema, table)} DROP COLUMN ${quoteIdent(column)}`;
}

export function dropTableSql(schema: string, table: string): string {
  return `DROP TABLE ${quoteQualified(schema, table)}`;
}
