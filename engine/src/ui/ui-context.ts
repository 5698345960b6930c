import type { UiLocale } from '@loom/metadata';
import type { Actor } from '../data/actor.ts';
import { effectiveGrant } from '../data/access/entity-grant.ts';
import { modelForActor } from '../data/access/model-for-actor.ts';
import type { CompiledEntity, CompiledModel } from '../model/compiled-model.ts';
import { resolveFieldPath, type FieldPathStep } from '../model/resolve-field-path.ts';

/** What every part of the bundle is built from: the model as one actor sees it, in one locale. */
export interface UiContext {
  /** The whole model (its views, forms, menus, roles). */
  readonly model: CompiledModel;
  readonly actor: Actor;
  readonly locale: UiLocale;
  /**
   * Entities the actor may read, as the actor sees them: hidden fields absent, fields
   * they may only read marked read-only (see data/access/model-for-actor.ts).
   */
  readonly readable: ReadonlyMap<string, CompiledEntity>;
}

export function uiContext(model: CompiledModel, actor: Actor, locale: UiLocale): UiContext {
  const view = modelForActor(model, actor);
  const readable = new Map<string, CompiledEntity>();
  for (const [name, entity] of view.entities) {
    const grant = effectiveGrant(model, model.entities.get(name)!, actor);
    if (grant.all || grant.scopes.read.size > 0) readable.set(name, entity);
  }
  return { model, actor, locale, readable };
}

/**
 * "account.tier" walked through readable entities and visible fields only: undefined
 * when any step is hidden from the actor or crosses into an entity they cannot read.
 */
export function readablePath(ctx: UiContext, entity: CompiledEntity, path: string): FieldPathStep[] | undefined {
  return resolveFieldPath(entity, path, ctx.readable);
}

/** The values of a map in name order (the bundle lists views, forms and menus so). */
export function byName<T>(map: ReadonlyMap<string, T>): T[] {
  return [...map.keys()].sort().map((name) => map.get(name)!);
}
