import { isValidIdentifier } from '../db/ddl.ts';
import type { ColumnSpec, TableSpec } from '../model/table-spec.ts';
import {
  addColumnSql,
  fillColumnSql,
  alterColumnSql,
  backfillSql,
  changeColumnTypeSql,
  dropColumnSql,
  renameColumnSql,
  setDefaultSql,
  widenColumnSql,
} from './ddl-text.ts';
import { isArchiveName, normaliseType, type LiveColumn, type LiveTable } from './live-catalog.ts';
import { archiveName } from './object-names.ts';
import { columnLabel, columnPath, latestArchive, type PlanContext } from './plan-context.ts';
import { classifyTypeChange } from './type-change.ts';

/** Where a column's values are before the plan runs (table and column names then). */
export type Source = { readonly table: string; readonly column: string };
/** Sources of the wanted columns that hold data already; a column being added has none. */
export type ColumnSources = ReadonlyMap<string, Source>;

/**
 * Columns of a table that exists (or is being restored): add, restore, change,
 * archive. `live.name` is the table's name before the plan (an archive name when
 * the table is restored); the SQL uses `spec.name`, which restoreTable runs first.
 */
export function planColumns(ctx: PlanContext, spec: TableSpec, live: LiveTable): ColumnSources {
  const current = new Map(live.columns.filter((c) => !isArchiveName(c.name)).map((c) => [c.name, c]));
  const sources = new Map<string, Source>();
  for (const column of spec.columns) {
    const existing = current.get(column.name) ?? restoreColumn(ctx, spec, column, live);
    if (!existing) {
      addColumn(ctx, spec, column);
      continue;
    }
    const source = { table: live.name, column: existing.name };
    sources.set(column.name, source);
    planColumnChanges(ctx, spec, column, existing, source);
  }
  const wanted = new Set(spec.columns.map((c) => c.name));
  const taken = new Set(live.columns.map((c) => c.name));
  for (const column of current.values()) {
    if (!wanted.has(column.name)) removeColumn(ctx, spec, column, taken);
  }
  return sources;
}

function addColumn(ctx: PlanContext, spec: TableSpec, column: ColumnSpec): void {
  const label = columnLabel(spec.entity, column.name, column.field);
  if (!column.nullable && column.defaultSql === undefined) {
    // Existing rows would need a value that nobody supplied.
    ctx.errors.push({
      path: columnPath(spec.entity, column.field),
      message: `Cannot add ${label}: it is NOT NULL without a default, and the table already exists. Give it a default or make it nullable.`,
    });
    return;
  }
  ctx.lists.columns.push({
    kind: 'addColumn',
    description: `Add ${label} as ${column.sqlType}`,
    sql: addColumnSql(spec, column),
    entity: spec.entity,
    field: column.field,
    table: spec.name,
    column: column.name,
    toType: column.sqlType,
  });
}

/** Brings back the latest archive of the same table and column when it has the same type: the data returns. */
function restoreColumn(ctx: PlanContext, spec: TableSpec, column: ColumnSpec, live: LiveTable): LiveColumn | undefined {
  const archivedColumns = new Map(live.columns.filter((c) => isArchiveName(c.name)).map((c) => [c.name, c]));
  const candidate = latestArchive(
    ctx,
    (a) => a.object === 'column' && a.tableName === spec.name && a.columnName === column.name && archivedColumns.has(a.archivedName),
  );
  if (!candidate) return undefined;
  const archived = archivedColumns.get(candidate.archivedName)!;
  const wantedType = normaliseType(column.sqlType);
  if (normaliseType(archived.type) !== wantedType || (candidate.sqlType && normaliseType(candidate.sqlType) !== wantedType)) {
    ctx.warnings.push(
      `An archive of ${columnLabel(spec.entity, column.name, column.field)} exists as ${candidate.archivedName} with type ${archived.type}, ` +
        `but the field now has type ${column.sqlType}: a new, empty column is added and the archive is kept.`,
    );
    return undefined;
  }
  ctx.consumedArchives.add(candidate.id);
  ctx.lists.columns.push({
    kind: 'restoreColumn',
    description: `Restore ${columnLabel(spec.entity, column.name, column.field)} from archive ${candidate.archivedName} (its data comes back)`,
    // A derived column's archived values may be out of date: they are filled anew.
    sql: [renameColumnSql(ctx.schema, spec.name, candidate.archivedName, column.name), ...fillColumnSql(ctx.schema, spec.name, column)],
    entity: spec.entity,
    field: column.field,
    table: spec.name,
    column: column.name,
    archivedName: candidate.archivedName,
    restoresArchive: candidate.id,
  });
  return archived;
}

/** Type, then default, then nullability: the NOT NULL backfill uses the new default. */
function planColumnChanges(ctx: PlanContext, spec: TableSpec, column: ColumnSpec, live: LiveColumn, source: Source): void {
  planTypeChange(ctx, spec, column, live, source);
  const wantedDefault = column.defaultSql ?? null;
  if ((live.defaultSql?.trim() ?? null) !== wantedDefault) {
    const label = columnLabel(spec.entity, column.name, column.field);
    ctx.lists.changes.push({
      ...columnStep(spec, column),
      kind: 'setColumnDefault',
      description: wantedDefault ? `Set the default of ${label} to ${wantedDefault}` : `Remove the default of ${label}`,
      sql: [setDefaultSql(ctx.schema, spec.name, column.name, column.defaultSql)],
    });
  }
  const wantedNullable = column.nullable && column.name !== spec.primaryKey;
  if (wantedNullable && !live.nullable) {
    ctx.lists.changes.push({
      ...columnStep(spec, column),
      kind: 'dropNotNull',
      description: `Allow empty values in ${columnLabel(spec.entity, column.name, column.field)}`,
      sql: [alterColumnSql(ctx.schema, spec.name, column.name, 'DROP NOT NULL')],
    });
  } else if (!wantedNullable && live.nullable) {
    planSetNotNull(ctx, spec, column, source);
  }
}

function planTypeChange(ctx: PlanContext, spec: TableSpec, column: ColumnSpec, live: LiveColumn, source: Source): void {
  const change = classifyTypeChange(live.type, column.sqlType);
  if (change === 'same') return;
  const label = columnLabel(spec.entity, column.name, column.field);
  const step = { ...columnStep(spec, column), fromType: live.type, toType: column.sqlType };
  if (change === 'widen') {
    ctx.lists.changes.push({
      ...step,
      kind: 'widenColumn',
      description: `Widen ${label} from ${live.type} to ${column.sqlType} (existing values are kept)`,
      sql: [widenColumnSql(ctx.schema, spec.name, column.name, column.sqlType)],
    });
    return;
  }
  ctx.warnings.push(`Changing ${label} from ${live.type} to ${column.sqlType} could lose values: it is only done while the column holds no values.`);
  ctx.lists.changes.push({
    ...step,
    kind: 'changeColumnType',
    description: `Change the type of ${label} from ${live.type} to ${column.sqlType} (only allowed while it holds no values)`,
    sql: changeColumnTypeSql(ctx.schema, spec.name, column.name, column.sqlType),
    requires: { condition: 'noValues', ...source },
  });
}

function planSetNotNull(ctx: PlanContext, spec: TableSpec, column: ColumnSpec, source: Source): void {
  const label = columnLabel(spec.entity, column.name, column.field);
  const sql = [alterColumnSql(ctx.schema, spec.name, column.name, 'SET NOT NULL')];
  if (column.defaultSql !== undefined) sql.unshift(backfillSql(ctx.schema, spec.name, column.name, column.defaultSql));
  ctx.lists.changes.push({
    ...columnStep(spec, column),
    kind: 'setNotNull',
    description:
      column.defaultSql !== undefined
        ? `Require a value in ${label} (empty values are set to ${column.defaultSql} first)`
        : `Require a value in ${label} (only allowed while no row leaves it empty)`,
    sql,
    requires: column.defaultSql === undefined ? { condition: 'noNulls', ...source } : undefined,
  });
}

/** A column the model no longer has: archived (renamed, kept) unless purge is asked for. */
function removeColumn(ctx: PlanContext, spec: TableSpec, column: LiveColumn, taken: Set<string>): void {
  const label = columnLabel(spec.entity, column.name, column.field);
  const base = { entity: spec.entity, field: column.field ?? undefined, table: spec.name, column: column.name, fromType: column.type };
  if (!isValidIdentifier(column.name)) {
    ctx.errors.push({
      path: columnPath(spec.entity, null),
      message: `Column ${JSON.stringify(column.name)} of table ${spec.name} was not made by Loom and its name cannot be managed: rename or remove it.`,
    });
    return;
  }
  if (ctx.purge) {
    ctx.warnings.push(`Purging ${label} deletes its data permanently.`);
    ctx.lists.removals.push({
      ...base,
      kind: 'purgeColumn',
      description: `Purge ${label}: drop column ${column.name} and its data`,
      sql: [dropColumnSql(ctx.schema, spec.name, column.name)],
    });
    return;
  }
  const archivedName = archiveName(column.name, ctx.now, taken);
  // Archived columns are frozen: no default fills them and no NOT NULL blocks new rows.
  const sql = [
    ...(column.defaultSql ? [setDefaultSql(ctx.schema, spec.name, column.name, undefined)] : []),
    ...(column.nullable ? [] : [alterColumnSql(ctx.schema, spec.name, column.name, 'DROP NOT NULL')]),
    renameColumnSql(ctx.schema, spec.name, column.name, archivedName),
  ];
  ctx.lists.removals.push({
    ...base,
    kind: 'archiveColumn',
    description: `Archive ${label}: rename column ${column.name} to ${archivedName} (data kept; add the field back to restore it)`,
    sql,
    archivedName,
    archive: {
      object: 'column',
      tableName: spec.name,
      columnName: column.name,
      archivedName,
      entity: spec.entity,
      field: column.field ?? null,
      sqlType: column.type,
    },
  });
}

function columnStep(spec: TableSpec, column: ColumnSpec) {
  return { entity: spec.entity, field: column.field, table: spec.name, column: column.name };
}
