import type { ProblemItem } from '../errors/loom-error.ts';
import { primaryKeyName } from '../schema/object-names.ts';
import type { CompiledEntity } from './compiled-model.ts';

/**
 * Tables and indexes share one namespace per PostgreSQL schema, and each table's primary key
 * is an index named `<table>_pkey`: an entity named `gadgetPkey` beside `gadget`, or
 * `gadgetUpdatedAtIdx` beside gadget's `updated_at` index, would make CREATE fail halfway
 * through a publish. Each clash is reported at the entity that brings the second name.
 */
export function checkRelationNames(entities: Iterable<CompiledEntity>, pointerOf: (entity: string) => string): ProblemItem[] {
  const owners = new Map<string, string>();
  const errors: ProblemItem[] = [];
  for (const entity of entities) {
    const spec = entity.tableSpec;
    const names: [string, string][] = [
      [spec.name, 'its table'],
      [primaryKeyName(spec.name), "its table's primary key"],
      ...spec.indexes.map((index): [string, string] => [index.name, `its index ${index.name}`]),
    ];
    for (const [name, what] of names) {
      const owner = owners.get(name);
      if (owner === undefined) {
        owners.set(name, `${entity.name}'s ${what.replace(/^its /, '')}`);
        continue;
      }
      errors.push({
        path: `${pointerOf(entity.name)}/name`,
        message: `${what} would be named "${name}", like ${owner}; PostgreSQL keeps tables and indexes in one namespace, so rename ${entity.name} (or the fields the index is made of)`,
      });
    }
  }
  return errors;
}
