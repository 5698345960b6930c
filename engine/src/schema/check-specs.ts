import { isValidIdentifier } from '../db/ddl.ts';
import type { ProblemItem } from '../errors/loom-error.ts';
import { RECORDS_SCHEMA, type ColumnSpec, type TableSpec } from '../model/table-spec.ts';
import { isAllowedAction, isAllowedDefault, isKnownSqlType } from './ddl-text.ts';
import { isArchiveName } from './live-catalog.ts';
import { columnPath, entityPath } from './plan-context.ts';

/**
 * The compiler should never produce a bad TableSpec; checking it here anyway turns
 * a model bug into a located message instead of a half-built DDL statement.
 */
export function checkSpecs(wanted: readonly TableSpec[]): ProblemItem[] {
  const errors: ProblemItem[] = [];
  const tables = new Set<string>();
  const indexes = new Set<string>();
  for (const spec of wanted) {
    const path = entityPath(spec.entity);
    if (spec.schema !== RECORDS_SCHEMA) errors.push({ path, message: `Table ${spec.name} must live in schema ${RECORDS_SCHEMA}, not ${spec.schema}.` });
    if (!isModelName(spec.name)) errors.push({ path, message: `Table name ${JSON.stringify(spec.name)} is not a valid SQL name for a model table.` });
    if (tables.has(spec.name)) errors.push({ path, message: `Two entities want table ${spec.name}.` });
    tables.add(spec.name);
    errors.push(...checkColumns(spec));
    for (const index of spec.indexes) {
      if (indexes.has(index.name)) errors.push({ path: `${path}/indexes/${index.name}`, message: `Index name ${index.name} is used twice.` });
      indexes.add(index.name);
    }
    errors.push(...checkIndexes(spec));
  }
  return errors;
}

function isModelName(name: string): boolean {
  return isValidIdentifier(name) && !isArchiveName(name);
}

function checkColumns(spec: TableSpec): ProblemItem[] {
  const errors: ProblemItem[] = [];
  const seen = new Set<string>();
  for (const column of spec.columns) {
    const problem = columnProblem(column);
    if (seen.has(column.name))
      errors.push({ path: columnPath(spec.entity, column.field), message: `Column ${column.name} of table ${spec.name} appears twice.` });
    if (problem) errors.push({ path: columnPath(spec.entity, column.field), message: `Column ${column.name} of table ${spec.name}: ${problem}.` });
    seen.add(column.name);
  }
  if (!seen.has(spec.primaryKey))
    errors.push({ path: entityPath(spec.entity), message: `Primary key ${spec.primaryKey} is not a column of table ${spec.name}.` });
  return errors;
}

function columnProblem(column: ColumnSpec): string | undefined {
  if (!isModelName(column.name)) return 'the name is not a valid SQL name for a model column';
  if (!isKnownSqlType(column.sqlType)) return `unknown type ${column.sqlType}`;
  if (column.defaultSql !== undefined && !isAllowedDefault(column.defaultSql)) return `default ${column.defaultSql} is not allowed`;
  const ref = column.references;
  if (ref && !(isValidIdentifier(ref.schema) && isValidIdentifier(ref.table) && isValidIdentifier(ref.column)))
    return 'the referenced table or column has an invalid name';
  if (ref && !isAllowedAction(ref.onDelete)) return `ON DELETE ${ref.onDelete} is not allowed`;
  return undefined;
}

function checkIndexes(spec: TableSpec): ProblemItem[] {
  const errors: ProblemItem[] = [];
  const columns = new Map(spec.columns.map((c) => [c.name, c]));
  for (const index of spec.indexes) {
    const path = `${entityPath(spec.entity)}/indexes/${index.name}`;
    if (!isModelName(index.name)) errors.push({ path, message: `Index name ${JSON.stringify(index.name)} is not a valid SQL name.` });
    if (index.columns.length === 0) errors.push({ path, message: `Index ${index.name} has no columns.` });
    for (const { column } of index.columns) {
      const target = columns.get(column);
      if (!target) errors.push({ path, message: `Index ${index.name} names column ${column}, which table ${spec.name} does not have.` });
      else if (index.method === 'grams' && target.sqlType !== 'text')
        errors.push({ path, message: `Search index ${index.name} can only cover text columns, and ${column} is ${target.sqlType}.` });
    }
    if (index.method === 'grams' && index.unique) errors.push({ path, message: `Search index ${index.name} cannot be unique.` });
  }
  return errors;
}
