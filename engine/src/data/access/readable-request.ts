import { loomErrors, type ProblemItem } from '../../errors/loom-error.ts';
import { isContextVar, logicVars } from '../../logic/index.ts';
import type { CompiledEntity, CompiledModel } from '../../model/compiled-model.ts';
import { resolveFieldPath } from '../../model/resolve-field-path.ts';
import type { Actor } from '../actor.ts';
import { effectiveGrant } from './entity-grant.ts';
import type { ListRequest } from '../read/list-request.ts';

/**
 * A list request may only name fields the actor can read. Filtering or sorting on
 * a hidden field would let its values be guessed, so it is refused (400), never
 * silently dropped.
 */
export function checkReadableRequest(model: CompiledModel, entity: CompiledEntity, request: ListRequest, actor: Actor) {
  if (actor.admin || actor.system) return;
  const errors: ProblemItem[] = [];
  const check = (path: string, at: string) => {
    const reason = unreadableReason(model, entity, path, actor);
    if (reason) errors.push({ path: at, message: reason });
  };
  request.fields?.forEach((f) => check(f, '/query/fields'));
  request.sort.forEach((s) => check(s.field, '/query/sort'));
  for (const [name, sub] of request.expand) {
    check(name, '/query/expand');
    sub?.forEach((f) => check(`${name}.${f}`, '/query/fields'));
  }
  for (const condition of request.conditions) {
    for (const v of logicVars(condition)) if (!isContextVar(v.path)) check(v.path, `/query/filter${v.pointer}`);
  }
  if (errors.length) throw loomErrors('LOOM_ERR_HTTP_BAD_QUERY', errors);
}

/** Why the actor may not read this field path, or undefined when it may. */
export function unreadableReason(model: CompiledModel, entity: CompiledEntity, path: string, actor: Actor): string | undefined {
  const steps = resolveFieldPath(entity, path, model.entities);
  if (!steps) return undefined; // unknown names are reported by the parser
  for (const step of steps) {
    const grant = effectiveGrant(model, step.entity, actor);
    if (step.entity !== entity && !grant.all && grant.scopes.read.size === 0) return `you cannot read ${step.entity.name} records`;
    if (grant.fieldAccess(step.field.name) === 'hidden') return `"${path}" is not a field you can read`;
  }
  return undefined;
}

export function visibleFields(model: CompiledModel, entity: CompiledEntity, actor: Actor) {
  const grant = effectiveGrant(model, entity, actor);
  return entity.fieldList.filter((f) => grant.fieldAccess(f.name) !== 'hidden');
}
