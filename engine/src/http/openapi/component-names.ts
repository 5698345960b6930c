import type { CompiledModel } from '../../model/compiled-model.ts';
import type { SchemaKind } from './record-schemas.ts';

export type EntitySchemaKind = SchemaKind | 'list';

export type EntityComponentNames = Readonly<Record<EntitySchemaKind, string>>;

/** Component schemas that do not belong to an entity. */
export const SHARED_SCHEMAS = ['Problem', 'BulkResult', 'HistoryEntry', 'MetaDocument'] as const;

const SUFFIX: Record<EntitySchemaKind, string> = { record: '', create: 'Create', patch: 'Patch', list: 'List' };

/**
 * Component keys per entity: `Account`, `AccountCreate`, `AccountPatch`, `AccountList`.
 * Entity names are camelCase letters and digits, so these are valid keys, but they can
 * collide (an entity `accountList` next to `account`, or one named `problem`). Entities are
 * taken in name order and one whose names are taken gets `Entity_<name>` and `Entity_<name>_<Kind>`
 * instead: underscores never appear in the plain form, so the two forms cannot meet.
 */
export function componentNames(model: CompiledModel): ReadonlyMap<string, EntityComponentNames> {
  const taken = new Set<string>(SHARED_SCHEMAS);
  const result = new Map<string, EntityComponentNames>();
  for (const name of [...model.entities.keys()].sort()) {
    const plain = namesFor(name[0].toUpperCase() + name.slice(1), '');
    const names = Object.values(plain).some((n) => taken.has(n)) ? namesFor(`Entity_${name}`, '_') : plain;
    Object.values(names).forEach((n) => taken.add(n));
    result.set(name, names);
  }
  return result;
}

function namesFor(base: string, separator: string): EntityComponentNames {
  const names = {} as Record<EntitySchemaKind, string>;
  for (const kind of Object.keys(SUFFIX) as EntitySchemaKind[]) names[kind] = SUFFIX[kind] ? `${base}${separator}${SUFFIX[kind]}` : base;
  return names;
}

export function schemaRef(name: string): { $ref: string } {
  return { $ref: `#/components/schemas/${name}` };
}
