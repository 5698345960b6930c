import type { UiAction } from '@loom/metadata';
import type { CompiledEntity } from '../model/compiled-model.ts';
import type { UiContext } from './ui-context.ts';
import { resolveLabel } from './resolve-label.ts';

/**
 * The record actions of an entity that the actor's roles grant (an administrator's: all), in
 * name order, with their labels in the context's locale. A convert whose first target the
 * actor cannot read still runs, but the screens have nowhere to take them afterwards, so it
 * names no target then.
 */
export function uiActions(ctx: UiContext, entity: CompiledEntity): UiAction[] {
  const granted = (name: string) => ctx.actor.admin || ctx.actor.roles.some((role) => ctx.model.roles.get(role)?.actions.has(name) === true);
  const out: UiAction[] = [];
  for (const name of [...ctx.model.actions.keys()].sort()) {
    const action = ctx.model.actions.get(name)!;
    if (action.entity !== entity.name || !granted(name)) continue;
    const target = action.type === 'convert' ? action.targets[0]?.entity : undefined;
    out.push({
      name,
      label: resolveLabel(action.label, ctx.locale, name),
      type: action.type,
      bulk: action.bulk,
      ...(action.visibleWhen !== undefined ? { visibleWhen: action.visibleWhen as UiAction['visibleWhen'] } : {}),
      ...(target && ctx.readable.has(target) ? { target } : {}),
      ...(action.input.length ? { input: [...action.input] } : {}),
    });
  }
  return out;
}
