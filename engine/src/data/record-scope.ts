import { sql, type Expression } from 'kysely';
import { compileCondition, compileValue, type LogicContext, type LogicOperand, type LogicScope } from '../logic/index.ts';
import type { CompiledEntity, CompiledField, CompiledModel } from '../model/compiled-model.ts';
import { resolveFieldPath } from '../model/resolve-field-path.ts';
import { RECORDS_SCHEMA } from '../model/table-spec.ts';

/** Formulas may use formulas; this bounds the nesting (and stops self-reference at run time). */
const MAX_FORMULA_DEPTH = 5;

export function recordTable(entity: CompiledEntity) {
  return sql.table(`${RECORDS_SCHEMA}.${entity.table}`);
}

/**
 * The JSON Logic scope of one record row under `alias`: every field (stored,
 * formula, rollup) and lookup path becomes a SQL operand. This is how filters,
 * rules, formulas and sorting all reach SQL through the one logic compiler.
 */
export function recordScope(model: CompiledModel, entity: CompiledEntity, alias: string, context: LogicContext, depth = 0): LogicScope {
  return {
    context,
    resolveVar(path) {
      const steps = resolveFieldPath(entity, path, model.entities);
      if (!steps) return undefined;
      if (steps.length === 1) return fieldOperand(model, entity, steps[0].field, alias, context, depth);
      return lookupPathOperand(model, steps, alias, context, depth);
    },
  };
}

export function fieldOperand(model: CompiledModel, entity: CompiledEntity, field: CompiledField, alias: string, context: LogicContext, depth = 0): LogicOperand | undefined {
  if (!field.logicType) return undefined;
  if (field.column) return { sql: sql.ref(`${alias}.${field.column}`), type: field.logicType, sqlType: field.columns[0].sqlType };
  const def = field.definition as any;
  if (field.type === 'formula') {
    if (depth >= MAX_FORMULA_DEPTH) return undefined;
    return compileValue(def.expr, recordScope(model, entity, alias, context, depth + 1));
  }
  if (field.type === 'rollup') return rollupOperand(model, entity, def, alias, context, depth);
  return undefined;
}

function rollupOperand(model: CompiledModel, entity: CompiledEntity, def: { entity: string; via: string; fn: string; field?: string; filter?: unknown }, alias: string, context: LogicContext, depth: number): LogicOperand {
  const child = model.entities.get(def.entity)!;
  const childAlias = `${alias}_r${depth}`;
  const via = sql.ref(`${childAlias}.${child.fields[def.via].column}`);
  const measured = def.field ? sql.ref(`${childAlias}.${child.fields[def.field].column}`) : undefined;
  const filter = def.filter === undefined ? sql`true` : compileCondition(def.filter, recordScope(model, child, childAlias, context, depth + 1));
  // Deleted children of a soft-deleting entity no longer count.
  const where = child.softDelete ? sql`${sql.ref(`${childAlias}.deleted_at`)} is null and ${filter}` : filter;
  const from = sql`${recordTable(child)} as ${sql.table(childAlias)}`;
  const key = sql.ref(`${alias}.id`);
  const aggregates: Record<string, Expression<unknown>> = {
    count: sql`(select count(*) from ${from} where ${via} = ${key} and ${where})`,
    sum: sql`(select coalesce(sum(${measured}), 0) from ${from} where ${via} = ${key} and ${where})`,
    avg: sql`(select avg(${measured}) from ${from} where ${via} = ${key} and ${where})`,
    min: sql`(select min(${measured}) from ${from} where ${via} = ${key} and ${where})`,
    max: sql`(select max(${measured}) from ${from} where ${via} = ${key} and ${where})`,
  };
  void entity;
  return { sql: sql`(${aggregates[def.fn]})::numeric`, type: 'number' };
}

/** `account.tier`: a scalar subquery per lookup step, correlated on the foreign key (served by its index). */
function lookupPathOperand(model: CompiledModel, steps: ReturnType<typeof resolveFieldPath> & object, alias: string, context: LogicContext, depth: number): LogicOperand | undefined {
  const last = steps[steps.length - 1];
  const innerAlias = `${alias}_p${steps.length - 1}`;
  const inner = fieldOperand(model, last.entity, last.field, innerAlias, context, depth + 1);
  if (!inner) return undefined;
  let expr: Expression<unknown> = inner.sql;
  for (let i = steps.length - 2; i >= 0; i--) {
    const link = steps[i].field;
    const target = steps[i + 1].entity;
    const outer = i === 0 ? alias : `${alias}_p${i}`;
    const here = `${alias}_p${i + 1}`;
    expr = sql`(select ${expr} from ${recordTable(target)} as ${sql.table(here)} where ${sql.ref(`${here}.id`)} = ${sql.ref(`${outer}.${link.column}`)})`;
  }
  return { ...inner, sql: expr };
}
