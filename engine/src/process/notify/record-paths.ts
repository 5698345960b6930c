import { sql, type Expression } from 'kysely';
import { fieldOperand, EVERY_ROW, recordTable } from '../../data/access/record-scope.ts';
import { fieldValueJsonSql } from '../../data/read/value-json-sql.ts';
import type { CompiledEntity, CompiledField, CompiledModel } from '../../model/compiled-model.ts';
import { isLookupField, isUserField } from '../../model/field-types/field-predicates.ts';
import { MAX_PATH_DEPTH, resolveFieldPath } from '../../model/resolve-field-path.ts';

/** A field path a notification reads (a template's `{{parent.name}}`, a recipient's `parent.owner`). */
export interface RecordPath {
  /** As written in the metadata. */
  readonly path: string;
  /** The field whose value is shown (for a lookup, its target's title field). */
  readonly field: CompiledField;
  /** The value as jsonb, for the row under the alias given. */
  readonly sql: Expression<unknown>;
  /** Whether the value names users (a user field): their names or addresses are looked up. */
  readonly users: boolean;
}

/**
 * The paths, as SQL over one record row under `alias`: each is the field's API value as
 * jsonb, a lookup path through a correlated subquery per step. A path to a lookup field
 * reads its target's title (what a person recognises the record by). Paths that name
 * nothing are left out (their placeholders render empty).
 */
export function recordPaths(model: CompiledModel, entity: CompiledEntity, paths: readonly string[], alias: string): RecordPath[] {
  const out: RecordPath[] = [];
  for (const path of new Set(paths)) {
    let steps = resolveFieldPath(entity, path, model.entities);
    if (!steps) continue;
    const last = steps[steps.length - 1];
    if (isLookupField(last.field) && steps.length < MAX_PATH_DEPTH) {
      const target = model.entities.get(last.field.target);
      if (target) steps = resolveFieldPath(entity, `${path}.${target.titleField}`, model.entities) ?? steps;
    }
    const expr = pathJson(model, steps, alias);
    if (expr) out.push({ path, field: steps[steps.length - 1].field, sql: expr, users: isUserField(steps[steps.length - 1].field) });
  }
  return out;
}

function pathJson(model: CompiledModel, steps: NonNullable<ReturnType<typeof resolveFieldPath>>, alias: string): Expression<unknown> | undefined {
  const last = steps[steps.length - 1];
  const innerAlias = steps.length === 1 ? alias : `${alias}_n${steps.length - 1}`;
  let expr = fieldJson(model, last.entity, last.field, innerAlias);
  if (!expr) return undefined;
  for (let i = steps.length - 2; i >= 0; i--) {
    const outer = i === 0 ? alias : `${alias}_n${i}`;
    const here = `${alias}_n${i + 1}`;
    const target = steps[i + 1].entity;
    expr = sql`(select ${expr} from ${recordTable(target)} as ${sql.table(here)} where ${sql.ref(`${here}.id`)} = ${sql.ref(`${outer}.${steps[i].field.column}`)})`;
  }
  return expr;
}

function fieldJson(model: CompiledModel, entity: CompiledEntity, field: CompiledField, alias: string): Expression<unknown> | undefined {
  if (field.columns.length) return fieldValueJsonSql(field, alias);
  const operand = fieldOperand(model, entity, field, alias, { now: new Date() }, EVERY_ROW);
  return operand ? sql`to_jsonb(${operand.sql})` : undefined;
}
