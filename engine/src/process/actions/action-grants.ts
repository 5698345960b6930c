import { localizedError } from '../../errors/loom-error.ts';
import { message } from '../../errors/messages.ts';
import type { Actor } from '../../data/actor.ts';
import type { CompiledAction, CompiledModel } from '../../model/compiled-model.ts';

/** Whether the actor may run the action: an administrator runs every action, anyone else needs a role that lists it. */
export function mayRunAction(model: CompiledModel, actor: Actor, action: CompiledAction): boolean {
  if (actor.admin) return true;
  return actor.roles.some((name) => model.roles.get(name)?.actions.has(action.name) === true);
}

/** The action by name (404 when there is none, or when it belongs to another entity than the route names). */
export function actionNamed(model: CompiledModel, name: string, entity?: string): CompiledAction {
  const action = Object.hasOwn(Object.fromEntries(model.actions), name) ? model.actions.get(name) : undefined;
  if (!action) throw localizedError('LOOM_ERR_ACTION_NOT_FOUND', message('action.unknown', { name: name.slice(0, 100) }));
  if (entity !== undefined && action.entity !== entity) {
    throw localizedError(
      'LOOM_ERR_ACTION_NOT_FOUND',
      message('action.wrongEntity', { action: actionTerm(action), entity: action.entity, other: entity.slice(0, 100) }),
    );
  }
  return action;
}

/** 403 unless one of the actor's roles grants the action. */
export function authorizeAction(model: CompiledModel, actor: Actor, action: CompiledAction): void {
  if (!mayRunAction(model, actor, action)) throw localizedError('LOOM_ERR_ACTION_FORBIDDEN', message('action.forbidden', { action: actionTerm(action) }));
}

/** How messages name an action: its name in English, its label elsewhere. */
export function actionTerm(action: CompiledAction) {
  return { name: action.name, label: action.label };
}
