import type { CompiledEntity, CompiledField, CompiledModel } from '../../model/compiled-model.ts';
import type { Actor } from '../actor.ts';
import { effectiveGrant } from './entity-grant.ts';

const views = new WeakMap<CompiledModel, Map<string, CompiledModel>>();

/**
 * The model as one actor may use it: entities they can read or create, without the
 * fields hidden from them, and with fields they may only read marked read-only. The
 * OpenAPI document (and the screens' bundle) describe this view, not the whole model.
 */
export function modelForActor(model: CompiledModel, actor: Actor): CompiledModel {
  if (actor.admin || actor.system) return model;
  const key = [...actor.roles].sort().join(',');
  let perModel = views.get(model);
  if (!perModel) views.set(model, (perModel = new Map()));
  const cached = perModel.get(key);
  if (cached) return cached;
  const entities = new Map<string, CompiledEntity>();
  for (const entity of model.entities.values()) {
    const grant = effectiveGrant(model, entity, actor);
    if (grant.scopes.read.size === 0 && !grant.canCreate) continue;
    const fields: Record<string, CompiledField> = {};
    for (const field of entity.fieldList) {
      const access = grant.fieldAccess(field.name);
      if (access === 'hidden') continue;
      fields[field.name] = access === 'read' && !field.readOnly ? { ...field, readOnly: true } : field;
    }
    entities.set(entity.name, { ...entity, fields, fieldList: Object.values(fields), searchFields: entity.searchFields.filter((f) => fields[f]) });
  }
  // Lookups to entities the actor cannot see stay ids; their targets are kept out of the view.
  const view: CompiledModel = { ...model, entities };
  perModel.set(key, view);
  return view;
}
