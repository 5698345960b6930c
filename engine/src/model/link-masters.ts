import type { ProblemItem } from '../errors/loom-error.ts';
import type { CompiledEntity, MasterLink } from './compiled-model.ts';
import { isLinesField, isLookupField } from './field-types/field-predicates.ts';

/**
 * Finds each entity's master (master-detail): a lookup declared `master`, or the `via` lookup
 * of a `lines` child, which is the same relation said by the parent. Roles may grant a detail
 * the scope `master` (the records whose master the user may read, or write). A required master
 * lookup makes the detail wholly its master's (exclusive); a lines child's must be required, so
 * no grant of its own can open lines of records the user may not see. An entity has one master,
 * and masters do not go round in a circle.
 */
export function linkMasters(
  entities: ReadonlyMap<string, CompiledEntity>,
  pointerOf: (entity: string) => string,
): { masters: Map<string, MasterLink>; errors: ProblemItem[] } {
  const errors: ProblemItem[] = [];
  const masters = new Map<string, MasterLink & { at: string; lines: boolean }>();
  const claim = (child: CompiledEntity, fieldName: string, write: MasterLink['write'], at: string, lines: boolean) => {
    const existing = masters.get(child.name);
    if (existing && existing.field !== fieldName) {
      errors.push({ path: at, message: `${child.name} already has a master (its "${existing.field}" lookup); an entity has one master` });
      return;
    }
    const field = child.fields[fieldName];
    const exclusive = field.required;
    if (!existing) masters.set(child.name, { field: fieldName, entity: field.target!, write, exclusive, at, lines });
    else if (lines) existing.lines = true;
  };

  for (const entity of entities.values()) {
    const pointer = pointerOf(entity.name);
    for (const field of entity.fieldList) {
      if (!isLookupField(field)) continue;
      const def = field.definition;
      const at = `${pointer}/fields/${field.name}`;
      if (def.masterWrite !== undefined && def.master !== true)
        errors.push({ path: `${at}/masterWrite`, message: 'masterWrite applies only to a lookup with "master": true' });
      if (def.master === true) claim(entity, field.name, def.masterWrite ?? 'update', `${at}/master`, false);
    }
  }
  // A lines child's `via` is its master lookup (explicit declarations above win for masterWrite).
  for (const parent of entities.values()) {
    for (const field of parent.fieldList) {
      if (!isLinesField(field)) continue;
      const child = entities.get(field.target);
      if (!child || child.fields[field.via]?.target !== parent.name) continue; // reported by linkEntityLogic
      claim(child, field.via, 'update', `${pointerOf(parent.name)}/fields/${field.name}/via`, true);
    }
  }

  for (const [name, master] of masters) {
    const field = entities.get(name)!.fields[master.field];
    const at = `${pointerOf(name)}/fields/${master.field}`;
    if (!isLookupField(field)) continue; // a master is always claimed through a lookup
    if (master.lines && !field.required)
      errors.push({
        path: `${at}/required`,
        message: `"${master.field}" links ${name} lines to their ${master.entity}: it must be required, so every line has a parent whose access it follows`,
      });
    if (field.required && field.onDelete === 'setNull')
      errors.push({
        path: `${at}/onDelete`,
        message: `"${master.field}" is ${name}'s required master lookup: onDelete must be cascade or restrict, not setNull`,
      });
  }
  for (const name of masters.keys()) {
    const seen = [name];
    for (let next = masters.get(name)?.entity; next !== undefined; next = masters.get(next)?.entity) {
      if (next === name) {
        errors.push({ path: masters.get(name)!.at, message: `masters go round in a circle: ${[...seen, name].join(' → ')}` });
        break;
      }
      if (seen.includes(next)) break; // a circle that does not pass through this entity: reported from its own members
      seen.push(next);
    }
  }
  const plain = new Map<string, MasterLink>();
  for (const [name, { field, entity, write, exclusive }] of masters) plain.set(name, { field, entity, write, exclusive });
  return { masters: plain, errors };
}
