import type { CompiledEntity, CompiledField } from './compiled-model.ts';
import { isLookupField } from './field-types/field-predicates.ts';

export interface FieldPathStep {
  readonly entity: CompiledEntity;
  readonly field: CompiledField;
}

/** Lookup paths go at most this deep (account.parent.grade), to bound the joins they cost. */
export const MAX_PATH_DEPTH = 3;

/**
 * Resolves "grade" or "account.tier" to the chain of fields it walks; every step
 * but the last must be a lookup. Undefined when the path names nothing.
 */
export function resolveFieldPath(entity: CompiledEntity, path: string, entities: ReadonlyMap<string, CompiledEntity>): FieldPathStep[] | undefined {
  const names = path.split('.');
  if (names.length > MAX_PATH_DEPTH) return undefined;
  const steps: FieldPathStep[] = [];
  let current: CompiledEntity | undefined = entity;
  for (let i = 0; i < names.length; i++) {
    const field: CompiledField | undefined = current ? (Object.hasOwn(current.fields, names[i]) ? current.fields[names[i]] : undefined) : undefined;
    if (!current || !field) return undefined;
    steps.push({ entity: current, field });
    if (i < names.length - 1) {
      if (!isLookupField(field)) return undefined;
      current = entities.get(field.target);
    }
  }
  return steps;
}
