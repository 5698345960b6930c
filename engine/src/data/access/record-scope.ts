import { sql, type Expression, type SqlBool } from 'kysely';
import { compileCondition, compileValue, type LogicContext, type LogicOperand, type LogicScope } from '../../logic/index.ts';
import type { CompiledEntity, CompiledField, CompiledFieldOf, CompiledModel } from '../../model/compiled-model.ts';
import { resolveFieldPath } from '../../model/resolve-field-path.ts';
import { RECORDS_SCHEMA } from '../../model/table-spec.ts';
import { isFormulaField, isRollupField } from '../../model/field-types/field-predicates.ts';

/** Formulas may use formulas; this bounds the nesting (and stops self-reference at run time). */
const MAX_FORMULA_DEPTH = 5;

export function recordTable(entity: CompiledEntity) {
  return sql.table(`${RECORDS_SCHEMA}.${entity.table}`);
}

/**
 * Which rows of an entity a lookup path or a rollup may read through, as a predicate on the
 * row under `alias` (undefined: every row). A reader's scope passes their read predicate
 * (record-access.ts `readableRows`), so a filter, sort, cursor or formula through
 * `account.tier` sees null where the account is not theirs to read, and a rollup counts
 * only the children they may read; the engine's own checks (rules) read every row.
 */
export type RowsReadable = (entity: CompiledEntity, alias: string) => Expression<SqlBool> | undefined;

/** Every row: for the engine's own reads (rules, history), never for a caller's request. */
export const EVERY_ROW: RowsReadable = () => undefined;

/**
 * The JSON Logic scope of one record row under `alias`: every field (stored,
 * formula, rollup) and lookup path becomes a SQL operand. This is how filters,
 * rules, formulas and sorting all reach SQL through the one logic compiler.
 */
export function recordScope(model: CompiledModel, entity: CompiledEntity, alias: string, context: LogicContext, rows: RowsReadable, depth = 0): LogicScope {
  return {
    context,
    resolveVar(path) {
      const steps = resolveFieldPath(entity, path, model.entities);
      if (!steps) return undefined;
      if (steps.length === 1) return fieldOperand(model, entity, steps[0].field, alias, context, rows, depth);
      return lookupPathOperand(model, steps, alias, context, rows, depth);
    },
  };
}

export function fieldOperand(model: CompiledModel, entity: CompiledEntity, field: CompiledField, alias: string, context: LogicContext, rows: RowsReadable, depth = 0): LogicOperand | undefined {
  if (!field.logicType) return undefined;
  if (field.column) return { sql: sql.ref(`${alias}.${field.column}`), type: field.logicType, sqlType: field.columns[0].sqlType };
  if (isFormulaField(field)) {
    if (depth >= MAX_FORMULA_DEPTH) return undefined;
    return compileValue(field.expr, recordScope(model, entity, alias, context, rows, depth + 1));
  }
  if (isRollupField(field)) return rollupOperand(model, entity, field.definition, alias, context, rows, depth);
  return undefined;
}

function rollupOperand(model: CompiledModel, entity: CompiledEntity, def: CompiledFieldOf<'rollup'>['definition'], alias: string, context: LogicContext, rows: RowsReadable, depth: number): LogicOperand {
  const child = model.entities.get(def.entity)!;
  const childAlias = `${alias}_r${depth}`;
  const via = sql.ref(`${childAlias}.${child.fields[def.via].column}`);
  const measured = def.field ? sql.ref(`${childAlias}.${child.fields[def.field].column}`) : undefined;
  const filter = def.filter === undefined ? sql`true` : compileCondition(def.filter, recordScope(model, child, childAlias, context, rows, depth + 1));
  // Only the children the reader may read count. The details of this record (whose master it
  // is) are readable exactly when it is, and it is being read, so they need no test.
  const detailsOfThis = child.master?.field === def.via && child.master.entity === entity.name;
  const readable = detailsOfThis ? undefined : rows(child, childAlias);
  // Deleted children of a soft-deleting entity no longer count (the read predicate says so too).
  const live = child.softDelete ? sql`${sql.ref(`${childAlias}.deleted_at`)} is null` : undefined;
  const where = sql.join([live, readable, filter].filter((p) => p !== undefined), sql` and `);
  const from = sql`${recordTable(child)} as ${sql.table(childAlias)}`;
  const key = sql.ref(`${alias}.id`);
  const aggregates: Record<string, Expression<unknown>> = {
    count: sql`(select count(*) from ${from} where ${via} = ${key} and ${where})`,
    sum: sql`(select coalesce(sum(${measured}), 0) from ${from} where ${via} = ${key} and ${where})`,
    avg: sql`(select avg(${measured}) from ${from} where ${via} = ${key} and ${where})`,
    min: sql`(select min(${measured}) from ${from} where ${via} = ${key} and ${where})`,
    max: sql`(select max(${measured}) from ${from} where ${via} = ${key} and ${where})`,
  };
  return { sql: sql`(${aggregates[def.fn]})::numeric`, type: 'number' };
}

/**
 * `account.tier`: a scalar subquery per lookup step, correlated on the foreign key (served by
 * its index). Each step passes only through a row the reader may read: an unreadable target
 * makes the path null, so no filter, sort key or cursor can learn its values.
 */
function lookupPathOperand(model: CompiledModel, steps: ReturnType<typeof resolveFieldPath> & object, alias: string, context: LogicContext, rows: RowsReadable, depth: number): LogicOperand | undefined {
  const last = steps[steps.length - 1];
  const innerAlias = `${alias}_p${steps.length - 1}`;
  const inner = fieldOperand(model, last.entity, last.field, innerAlias, context, rows, depth + 1);
  if (!inner) return undefined;
  let expr: Expression<unknown> = inner.sql;
  for (let i = steps.length - 2; i >= 0; i--) {
    const link = steps[i].field;
    const target = steps[i + 1].entity;
    const outer = i === 0 ? alias : `${alias}_p${i}`;
    const here = `${alias}_p${i + 1}`;
    const joined = sql<SqlBool>`${sql.ref(`${here}.id`)} = ${sql.ref(`${outer}.${link.column}`)}`;
    const readable = rows(target, here);
    expr = sql`(select ${expr} from ${recordTable(target)} as ${sql.table(here)} where ${readable ? sql`${joined} and ${readable}` : joined})`;
  }
  return { ...inner, sql: expr };
}
