import type { CompiledAutomation } from '../../model/compile-automation.ts';
import type { CompiledModel } from '../../model/compiled-model.ts';

/** The automations of one model by when they run: write triggers by entity, and the timed ones. */
export interface AutomationIndex {
  /** Create, update and delete triggers, by entity name. */
  readonly onWrite: ReadonlyMap<string, readonly CompiledAutomation[]>;
  /** Schedule and dateField triggers. */
  readonly timed: readonly CompiledAutomation[];
  /** Entities with a create trigger: only their creates must take the per-record path (which calls afterWrite). */
  readonly onCreate: ReadonlySet<string>;
}

const indexes = new WeakMap<CompiledModel, AutomationIndex>();

/** Built once per published model (a model is immutable), so a write looks its automations up in a map. */
export function automationIndex(model: CompiledModel): AutomationIndex {
  let index = indexes.get(model);
  if (!index) {
    const onWrite = new Map<string, CompiledAutomation[]>();
    const timed: CompiledAutomation[] = [];
    // Name order: the order automations of one write run in does not depend on publishing order.
    for (const automation of [...model.automations.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      const kind = automation.trigger.kind;
      if (kind === 'schedule' || kind === 'dateField') timed.push(automation);
      else onWrite.set(automation.entity, [...(onWrite.get(automation.entity) ?? []), automation]);
    }
    const onCreate = new Set([...onWrite].filter(([, list]) => list.some((a) => a.trigger.kind === 'create')).map(([entity]) => entity));
    index = { onWrite, timed, onCreate };
    indexes.set(model, index);
  }
  return index;
}
