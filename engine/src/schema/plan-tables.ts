import { isValidIdentifier } from '../db/ddl.ts';
import type { TableSpec } from '../model/table-spec.ts';
import { createTableSql, dropColumnSql, dropTableSql, fillColumnSql, renameConstraintSql, renameTableSql } from './ddl-text.ts';
import type { ArchivedObject, LiveTable } from './live-catalog.ts';
import { archiveName, primaryKeyName } from './object-names.ts';
import { planColumns } from './plan-columns.ts';
import { entityPath, latestArchive, type PlanContext } from './plan-context.ts';
import { dropForeignKeyStep, dropIndexStep, planForeignKeys, planIndexes } from './plan-derived.ts';

/** A table the model wants: diff it, restore its archive, or create it. */
export function planWantedTable(ctx: PlanContext, spec: TableSpec): void {
  const live = ctx.liveTables.get(spec.name) ?? restoreTable(ctx, spec);
  if (!live) return createTable(ctx, spec);
  ctx.currentTables.set(spec.name, live);
  const pk = live.primaryKey?.columns ?? [];
  if (pk.length !== 1 || pk[0] !== spec.primaryKey) {
    ctx.errors.push({
      path: entityPath(spec.entity),
      message: `Table ${spec.name} has primary key (${pk.join(', ')}) but the model wants (${spec.primaryKey}); Loom does not change primary keys.`,
    });
    return;
  }
  const sources = planColumns(ctx, spec, live);
  planIndexes(ctx, spec, live);
  planForeignKeys(ctx, spec, live, sources);
}

function createTable(ctx: PlanContext, spec: TableSpec): void {
  ctx.relationNames.add(spec.name);
  ctx.relationNames.add(primaryKeyName(spec.name));
  ctx.lists.createTables.push({
    kind: 'createTable',
    description: `Create table ${spec.name} for entity ${spec.entity} with ${spec.columns.length} columns`,
    sql: createTableSql(spec),
    entity: spec.entity,
    table: spec.name,
  });
  planIndexes(ctx, spec, undefined);
  planForeignKeys(ctx, spec, undefined, new Map());
}

/**
 * The latest archive of a table with this name comes back under its name (and its
 * primary key's); the caller then diffs it like any live table. Returns the table
 * as it is before the plan runs, under its archive name.
 */
function restoreTable(ctx: PlanContext, spec: TableSpec): LiveTable | undefined {
  const archive = latestArchive(ctx, (a) => a.object === 'table' && a.tableName === spec.name && ctx.liveTables.has(a.archivedName));
  if (!archive) return undefined;
  const live = ctx.liveTables.get(archive.archivedName)!;
  ctx.consumedArchives.add(archive.id);
  const sql = [renameTableSql(ctx.schema, archive.archivedName, spec.name)];
  const pkName = primaryKeyName(spec.name);
  if (live.primaryKey && live.primaryKey.name !== pkName) sql.push(renameConstraintSql(ctx.schema, spec.name, live.primaryKey.name, pkName));
  // Derived columns the archive kept may be out of date (one it lacks is added, and filled, later).
  for (const column of spec.columns) {
    if (column.fill && live.columns.some((c) => c.name === column.name)) sql.push(...fillColumnSql(ctx.schema, spec.name, column));
  }
  ctx.relationNames.add(spec.name);
  ctx.relationNames.add(pkName);
  ctx.lists.restoreTables.push({
    kind: 'restoreTable',
    description: `Restore entity ${spec.entity} from archived table ${archive.archivedName} (its records come back)`,
    sql,
    entity: spec.entity,
    table: spec.name,
    archivedName: archive.archivedName,
    restoresArchive: archive.id,
  });
  return live;
}

/**
 * A table the model no longer has. Archived: its foreign keys go (an archive must
 * not block deletes elsewhere), its indexes go (index names are schema-wide and
 * are rebuilt on restore), the table and its primary key get archive names.
 */
export function planRemovedTable(ctx: PlanContext, live: LiveTable): void {
  const entity = live.entity ?? live.name;
  if (!isValidIdentifier(live.name)) {
    ctx.errors.push({
      path: '/entities',
      message: `Table ${JSON.stringify(live.name)} in ${ctx.schema} was not made by Loom and its name cannot be managed: rename or remove it.`,
    });
    return;
  }
  // DROP TABLE takes the table's own constraints and indexes with it.
  if (ctx.purge) return purgeTable(ctx, live, entity, live.name);
  for (const fk of live.foreignKeys) ctx.lists.dropForeignKeys.push(dropForeignKeyStep(ctx, entity, live.name, fk, 'its entity is being archived'));
  for (const index of live.indexes) {
    if (!index.constraint) ctx.lists.dropIndexes.push(dropIndexStep(ctx, entity, live.name, index.name, 'its entity is being archived'));
  }
  const archivedName = archiveName(live.name, ctx.now, ctx.relationNames);
  const sql = [renameTableSql(ctx.schema, live.name, archivedName)];
  if (live.primaryKey)
    sql.push(renameConstraintSql(ctx.schema, archivedName, live.primaryKey.name, archiveName(live.primaryKey.name, ctx.now, ctx.relationNames)));
  ctx.lists.removals.push({
    kind: 'archiveTable',
    description: `Archive entity ${entity}: rename table ${live.name} to ${archivedName} (records kept; add the entity back to restore it)`,
    sql,
    entity,
    table: live.name,
    archivedName,
    archive: { object: 'table', tableName: live.name, columnName: null, archivedName, entity, field: null, sqlType: null },
  });
}

/** Drops a table, live or archived; archive rows of it and of columns archived inside it go too. */
function purgeTable(ctx: PlanContext, live: LiveTable, entity: string, tableName: string, archiveId?: number): void {
  const inside = new Set(live.columns.map((c) => c.name));
  const ids = ctx.archives
    .filter((a) => !ctx.consumedArchives.has(a.id) && a.object === 'column' && a.tableName === tableName && inside.has(a.archivedName))
    .map((a) => a.id);
  if (archiveId !== undefined) ids.unshift(archiveId);
  for (const id of ids) ctx.consumedArchives.add(id);
  ctx.warnings.push(`Purging entity ${entity} deletes table ${live.name} and its records permanently.`);
  ctx.lists.removals.push({
    kind: 'purgeTable',
    description: `Purge entity ${entity}: drop table ${live.name} and its records`,
    sql: [dropTableSql(ctx.schema, live.name)],
    entity,
    table: tableName,
    archivedName: archiveId === undefined ? undefined : live.name,
    purgesArchives: ids,
  });
}

/** With purge, archives made by earlier publishes (and not restored now) are dropped as well. */
export function planPurgeArchives(ctx: PlanContext): void {
  const pending = ctx.archives.filter((a) => !ctx.consumedArchives.has(a.id));
  const ordered = [...pending].sort((a, b) => (a.tableName < b.tableName ? -1 : a.tableName > b.tableName ? 1 : a.id - b.id));
  for (const archive of ordered.filter((a) => a.object === 'table')) {
    const live = ctx.liveTables.get(archive.archivedName);
    if (live && !ctx.consumedArchives.has(archive.id)) purgeTable(ctx, live, archive.entity ?? archive.tableName, archive.tableName, archive.id);
  }
  for (const archive of ordered.filter((a) => a.object === 'column' && !ctx.consumedArchives.has(a.id))) {
    const live = ctx.currentTables.get(archive.tableName);
    if (live?.columns.some((c) => c.name === archive.archivedName)) purgeArchivedColumn(ctx, archive);
  }
}

function purgeArchivedColumn(ctx: PlanContext, archive: ArchivedObject): void {
  const entity = archive.entity ?? archive.tableName;
  const what = archive.field ? `field ${archive.field}` : `column ${archive.columnName}`;
  ctx.consumedArchives.add(archive.id);
  ctx.warnings.push(`Purging archived column ${archive.archivedName} deletes its data permanently.`);
  ctx.lists.removals.push({
    kind: 'purgeColumn',
    description: `Purge the archive of ${what} of entity ${entity}: drop column ${archive.archivedName} and its data`,
    sql: [dropColumnSql(ctx.schema, archive.tableName, archive.archivedName)],
    entity,
    field: archive.field ?? undefined,
    table: archive.tableName,
    column: archive.columnName ?? undefined,
    archivedName: archive.archivedName,
    purgesArchives: [archive.id],
  });
}
