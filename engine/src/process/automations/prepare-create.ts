import type { WriteContext } from '../../data/write/write-context.ts';
import { isContextVar, logicVars } from '../../logic/index.ts';
import type { CompiledAutomation } from '../../model/compile-automation.ts';
import type { CompiledEntity } from '../../model/compiled-model.ts';
import { evaluateValues } from '../effects/effect-values.ts';
import { automationIndex } from './automation-index.ts';
import { coalescible } from './coalesced-sets.ts';
import { MAX_AUTOMATION_DEPTH } from './automation-depth.ts';
import type { InsertAlong } from '../../db/insert-along.ts';
import type { ProcessServices } from '../process-services.ts';
import { NOTIFY_JOB, notifyJobOf } from './notify-job.ts';
import { occasionKey } from './occasion-key.ts';

/**
 * Create automations whose `set`s are known before the insert — no `where`, own scalar fields
 * only, values that are literals or context variables (`$now`, `$user.id`) — have them written
 * with the record, in its one INSERT, instead of by an UPDATE right after it. The result is the
 * same: the automation's values win over the person's, in name order, and afterWrite still
 * runs the automations (their notifications; their sets find nothing left to change, so no
 * UPDATE is made). A create with such automations costs its INSERT and one job row.
 */
export function prepareCreate(ctx: WriteContext, entity: CompiledEntity, input: unknown): unknown {
  if (!input || typeof input !== 'object' || Array.isArray(input) || (ctx.depth ?? 0) >= MAX_AUTOMATION_DEPTH) return input;
  const foldable = (automationIndex(ctx.model).onWrite.get(entity.name) ?? []).filter((a) => knownBeforeInsert(entity, a));
  if (!foldable.length) return input;
  const record: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  const context = { ...ctx.logic, now: ctx.now, old: undefined };
  for (const automation of foldable) {
    for (const action of automation.actions) if ('set' in action) Object.assign(record, evaluateValues(action.set, entity, record, context));
  }
  return record;
}

/**
 * When every create automation of the entity is known before the insert (prepareCreate wrote
 * its sets with the record), all that is left of them is their notifications: the job that
 * afterWrite would enqueue is made here instead and written by the create's own statement, so
 * the create is one statement with no transaction (no afterWrite). Undefined otherwise.
 */
export function alongCreate(services: ProcessServices, ctx: WriteContext, entity: CompiledEntity): ((id: string) => readonly InsertAlong[]) | undefined {
  if ((ctx.depth ?? 0) >= MAX_AUTOMATION_DEPTH) return undefined;
  const onCreate = (automationIndex(ctx.model).onWrite.get(entity.name) ?? []).filter((a) => a.trigger.kind === 'create');
  if (!onCreate.every((a) => knownBeforeInsert(entity, a))) return undefined;
  return (id) => {
    // The record's first version, as afterWrite would key the run.
    const change = { entity, op: 'create' as const, id, after: { version: 1 } };
    const notifications = notifyJobOf(
      onCreate.map((automation) => ({ automation, key: occasionKey(automation, change, ctx) })),
      id,
      undefined,
      ctx.now,
    );
    return notifications ? [services.jobs.sendAlong(NOTIFY_JOB, notifications.job, { key: notifications.key })] : [];
  };
}

function knownBeforeInsert(entity: CompiledEntity, automation: CompiledAutomation): boolean {
  if (automation.trigger.kind !== 'create' || automation.where !== undefined || !coalescible(entity, automation, true)) return false;
  return automation.actions.every(
    (action) => !('set' in action) || Object.values(action.set).every((expr) => logicVars(expr).every((v) => isContextVar(v.path))),
  );
}
