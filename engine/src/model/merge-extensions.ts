import type { EntityDefinition, EntityDocument, EntityExtension, MetadataDocument } from '@loom/metadata';
import type { ProblemItem } from '../errors/loom-error.ts';

/**
 * `{ "kind": "entity", "extends": "account", "fields": {…} }` adds fields, indexes
 * and rules to another pack's entity. Extensions are merged before compiling, so the
 * rest of the engine sees one entity.
 */
export function mergeExtensions(
  docs: readonly { document: MetadataDocument; pointer: string }[],
  errors: ProblemItem[],
): { document: EntityDefinition; pointer: string }[] {
  const bases = new Map<string, { document: EntityDefinition; pointer: string }>();
  for (const { document, pointer } of docs) {
    if (document.kind === 'entity' && !(document as EntityDocument).extends)
      bases.set(document.name, { document: { ...(document as EntityDefinition) }, pointer });
  }
  for (const { document, pointer } of docs) {
    const ext = document as EntityExtension;
    if (document.kind !== 'entity' || !ext.extends) continue;
    const base = bases.get(ext.extends);
    if (!base) {
      errors.push({ path: `${pointer}/extends`, message: `entity "${ext.extends}" to extend does not exist` });
      continue;
    }
    for (const name of Object.keys(ext.fields ?? {})) {
      if (base.document.fields?.[name]) errors.push({ path: `${pointer}/fields/${name}`, message: `entity "${ext.extends}" already has a field "${name}"` });
    }
    base.document = {
      ...base.document,
      fields: { ...base.document.fields, ...ext.fields },
      indexes: [...(base.document.indexes ?? []), ...(ext.indexes ?? [])],
      unique: [...(base.document.unique ?? []), ...(ext.unique ?? [])],
      rules: [...(base.document.rules ?? []), ...(ext.rules ?? [])],
    };
  }
  return [...bases.values()];
}
