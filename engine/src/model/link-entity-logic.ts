import type { ProblemItem } from '../errors/loom-error.ts';
import { isContextVar, logicVars } from '../logic/index.ts';
import type { CompiledEntity, CompiledFieldOf } from './compiled-model.ts';
import { isFormulaField, isLinesField, isLookupField, isRollupField } from './field-types/field-predicates.ts';
import { resolveFieldPath } from './resolve-field-path.ts';

/**
 * Cross-references inside an entity that need the other entities: JSON Logic vars in
 * rules and formulas, rollup and lines targets, and cycles of child lines.
 */
export function linkEntityLogic(entity: CompiledEntity, entities: ReadonlyMap<string, CompiledEntity>, pointer: string): ProblemItem[] {
  const errors: ProblemItem[] = [];
  const checkVars = (expr: unknown, at: string) => {
    for (const v of logicVars(expr)) {
      if (isContextVar(v.path)) continue;
      const steps = resolveFieldPath(entity, v.path, entities);
      if (!steps) errors.push({ path: at + v.pointer, message: `"${v.path}" is not a field of ${entity.name}` });
      else if (!steps[steps.length - 1].field.logicType)
        errors.push({ path: at + v.pointer, message: `field "${v.path}" (${steps[steps.length - 1].field.type}) cannot be used in an expression` });
    }
  };
  entity.rules.forEach((rule, i) => checkVars(rule.assert, `${pointer}/rules/${i}/assert`));
  for (const field of entity.fieldList) {
    const at = `${pointer}/fields/${field.name}`;
    if (isFormulaField(field)) {
      checkVars(field.expr, `${at}/expr`);
      if (JSON.stringify(field.expr).includes(`"var":"${field.name}"`)) errors.push({ path: `${at}/expr`, message: 'a formula cannot refer to itself' });
    }
    if (isRollupField(field) || isLinesField(field)) errors.push(...linkChildren(entity, field, entities, at));
  }
  errors.push(...findLineCycle(entity, entities, pointer));
  return errors;
}

function linkChildren(
  entity: CompiledEntity,
  field: CompiledFieldOf<'rollup' | 'lines'>,
  entities: ReadonlyMap<string, CompiledEntity>,
  at: string,
): ProblemItem[] {
  const child = entities.get(field.target);
  if (!child) return [{ path: `${at}/entity`, message: `entity "${field.target}" does not exist` }];
  const via = Object.hasOwn(child.fields, field.via) ? child.fields[field.via] : undefined;
  if (!via || !isLookupField(via) || via.target !== entity.name) {
    return [{ path: `${at}/via`, message: `"${field.via}" must be a lookup field of ${child.name} that points to ${entity.name}` }];
  }
  if (isRollupField(field) && field.fn !== 'count') {
    const def = field.definition;
    const measured = def.field ? child.fields[def.field] : undefined;
    if (!measured || measured.logicType !== 'number' || !measured.column) {
      return [{ path: `${at}/field`, message: `"${def.field}" must be a stored number field of ${child.name} to ${def.fn}` }];
    }
  }
  return [];
}

/** Lines make a tree of records edited together; a child that (transitively) contains its parent has no end. */
function findLineCycle(entity: CompiledEntity, entities: ReadonlyMap<string, CompiledEntity>, pointer: string): ProblemItem[] {
  const visit = (name: string, trail: string[]): string[] | undefined => {
    const current = entities.get(name);
    for (const f of current?.fieldList ?? []) {
      if (!isLinesField(f)) continue;
      if (f.target === entity.name) return [...trail, f.target];
      if (trail.includes(f.target)) continue;
      const found = visit(f.target, [...trail, f.target]);
      if (found) return found;
    }
    return undefined;
  };
  const cycle = visit(entity.name, [entity.name]);
  return cycle ? [{ path: `${pointer}/fields`, message: `lines form a cycle: ${cycle.join(' → ')}` }] : [];
}
