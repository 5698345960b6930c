import { LIVE_ONLY_PREDICATE, type ColumnSpec, type IndexSpec, type TableSpec } from '../model/table-spec.ts';
import { addForeignKeySql, createIndexSql, dropConstraintSql, dropIndexSql } from './ddl-text.ts';
import { gramsExpression, normaliseExpression } from './grams-expression.ts';
import type { LiveForeignKey, LiveIndex, LiveTable } from './live-catalog.ts';
import { foreignKeyName } from './object-names.ts';
import type { ColumnSources, Source } from './plan-columns.ts';
import { columnLabel, type PlanContext } from './plan-context.ts';

/**
 * Indexes and foreign keys hold no data of their own, so they are simply
 * dropped when the model no longer wants them and re-created when their
 * definition changes. `live` is undefined for a table being created.
 */
export function planIndexes(ctx: PlanContext, spec: TableSpec, live: LiveTable | undefined): void {
  const current = new Map((live?.indexes ?? []).filter((i) => !i.constraint).map((i) => [i.name, i]));
  for (const index of spec.indexes) {
    const existing = current.get(index.name);
    if (existing && sameIndex(index, existing)) continue;
    if (existing) ctx.lists.dropIndexes.push(dropIndexStep(ctx, spec.entity, spec.name, existing.name, 'to re-create it with its new definition'));
    ctx.relationNames.add(index.name);
    ctx.lists.createIndexes.push({
      kind: 'createIndex',
      description: describeIndex(spec.entity, index),
      sql: [createIndexSql(ctx.schema, spec.name, index)],
      entity: spec.entity,
      table: spec.name,
      index: index.name,
    });
  }
  const wanted = new Set(spec.indexes.map((i) => i.name));
  for (const existing of current.values()) {
    if (!wanted.has(existing.name)) ctx.lists.dropIndexes.push(dropIndexStep(ctx, spec.entity, spec.name, existing.name, 'no longer in the model'));
  }
}

export function dropIndexStep(ctx: PlanContext, entity: string, table: string, name: string, why: string) {
  return {
    kind: 'dropIndex' as const,
    description: `Drop index ${name} of entity ${entity} (${why})`,
    sql: [dropIndexSql(ctx.schema, name)],
    entity,
    table,
    index: name,
  };
}

function describeIndex(entity: string, index: IndexSpec): string {
  const columns = index.columns.map((c) => `${c.column}${c.descending ? ' desc' : ''}`).join(', ');
  if (index.method === 'grams') return `Create search index ${index.name} of entity ${entity} over ${columns}`;
  return `Create ${index.unique ? 'unique ' : ''}index ${index.name} of entity ${entity} on ${columns}${index.liveOnly ? ' (records not deleted)' : ''}`;
}

function sameIndex(wanted: IndexSpec, live: LiveIndex): boolean {
  const predicate = live.predicate === null ? null : normaliseExpression(live.predicate);
  if (predicate !== (wanted.liveOnly ? normaliseExpression(LIVE_ONLY_PREDICATE) : null) || wanted.unique !== live.unique) return false;
  if (wanted.method === 'grams') {
    return (
      live.method === 'gin' &&
      live.columns.length === 1 &&
      live.expression !== null &&
      normaliseExpression(live.expression) === normaliseExpression(gramsExpression(wanted.columns.map((c) => c.column)))
    );
  }
  return (
    live.method === 'btree' &&
    live.expression === null &&
    live.columns.length === wanted.columns.length &&
    wanted.columns.every((c, i) => live.columns[i].column === c.column && live.columns[i].descending === (c.descending ?? false))
  );
}

/** Foreign keys are named `<table>_<column>_fkey`; a different target or ON DELETE means drop and re-add. */
export function planForeignKeys(ctx: PlanContext, spec: TableSpec, live: LiveTable | undefined, sources: ColumnSources): void {
  const current = new Map((live?.foreignKeys ?? []).map((fk) => [fk.name, fk]));
  const wanted = new Set<string>();
  for (const column of spec.columns) {
    if (!column.references) continue;
    const name = foreignKeyName(spec.name, column.name);
    wanted.add(name);
    const existing = current.get(name);
    if (existing && sameForeignKey(column, existing)) continue;
    if (existing) ctx.lists.dropForeignKeys.push(dropForeignKeyStep(ctx, spec.entity, spec.name, existing, 'to re-add it with its new target or action'));
    addForeignKey(ctx, spec, column, name, sources.get(column.name));
  }
  for (const existing of current.values()) {
    if (!wanted.has(existing.name)) ctx.lists.dropForeignKeys.push(dropForeignKeyStep(ctx, spec.entity, spec.name, existing, 'no longer in the model'));
  }
}

function addForeignKey(ctx: PlanContext, spec: TableSpec, column: ColumnSpec, name: string, source: Source | undefined): void {
  const ref = column.references!;
  ctx.lists.addForeignKeys.push({
    kind: 'addForeignKey',
    description: `Link ${columnLabel(spec.entity, column.name, column.field)} to ${ref.schema}.${ref.table}.${ref.column} (foreign key ${name}, on delete ${ref.onDelete.toLowerCase()})`,
    sql: [addForeignKeySql(ctx.schema, spec.name, column)],
    entity: spec.entity,
    field: column.field,
    table: spec.name,
    column: column.name,
    constraint: name,
    references: { schema: ref.schema, table: ref.table, column: ref.column },
    // Existing values (a restored column, a changed target) may point at rows that are gone.
    requires: source ? { condition: 'validReferences', ...source } : undefined,
  });
}

export function dropForeignKeyStep(ctx: PlanContext, entity: string, table: string, fk: LiveForeignKey, why: string) {
  return {
    kind: 'dropForeignKey' as const,
    description: `Drop foreign key ${fk.name} of entity ${entity} (${why})`,
    sql: [dropConstraintSql(ctx.schema, table, fk.name)],
    entity,
    table,
    column: fk.columns.length === 1 ? fk.columns[0] : undefined,
    constraint: fk.name,
  };
}

function sameForeignKey(column: ColumnSpec, live: LiveForeignKey): boolean {
  const ref = column.references!;
  return (
    live.columns.length === 1 &&
    live.columns[0] === column.name &&
    live.target.schema === ref.schema &&
    live.target.table === ref.table &&
    live.target.columns.length === 1 &&
    live.target.columns[0] === ref.column &&
    live.onDelete === ref.onDelete
  );
}
