import type { Kysely } from 'kysely';
import type { ProcessAction } from '@loom/metadata';
import { SYSTEM_ACTOR } from '../../data/actor.ts';
import { changesAny, createInTransaction, readRecord, updateInTransaction } from '../../data/write/record-writes.ts';
import type { WriteContext } from '../../data/write/write-context.ts';
import { isContextVar, logicVars, type LogicContext } from '../../logic/index.ts';
import type { CompiledEntity } from '../../model/compiled-model.ts';
import { isLookupField } from '../../model/field-types/field-predicates.ts';
import type { EffectRun, ProcessServices } from '../process-services.ts';
import { enqueueWebhook } from '../webhooks/webhook-job.ts';
import { actionFailed } from './action-failed.ts';
import { evaluateTemplate, evaluateValues, logicView } from './effect-values.ts';

/**
 * Runs metadata actions (an automation's, an approval's outcome) on one record, in order, in
 * the caller's transaction: `set` and `create` write through the record writes as the system
 * (the process owns what it writes: the person who triggered it need not be allowed to write
 * the related record) with the person as the author in history, `notify` and `startApproval`
 * go to their parts, and `webhook` is enqueued. A failing step fails the whole write.
 */
export function createEffects(services: ProcessServices): Pick<ProcessServices, 'runEffects'> {
  return {
    async runEffects(trx, ctx, run) {
      const depth = (ctx.depth ?? 0) + 1;
      const written = ctx.written ?? new Map<string, Record<string, unknown>>();
      const writer: WriteContext = { ...ctx, actor: SYSTEM_ACTOR, actorId: ctx.actorId, process: run.source, depth, onBehalfOf: undefined, written };
      const step: Step = {
        services,
        trx,
        ctx,
        writer,
        run,
        record: run.record,
        context: { ...ctx.logic, now: ctx.now, old: run.old ? logicView(run.entity, run.old) : undefined },
      };
      for (const [i, action] of run.actions.entries()) {
        try {
          await runAction(step, action, i);
        } catch (error) {
          throw actionFailed(error, run, action, i, ctx.model);
        }
      }
    },
  };
}

interface Step {
  readonly services: ProcessServices;
  readonly trx: Kysely<any>;
  /** The context of the write that triggered the run. */
  readonly ctx: WriteContext;
  /** The context the run writes with: the system, on behalf of the person, one step deeper. */
  readonly writer: WriteContext;
  readonly run: EffectRun;
  /** The record as the last step left it; read when a step first needs it (a set of known values does not). */
  record: Readonly<Record<string, unknown>> | undefined;
  readonly context: LogicContext;
}

async function recordOf(step: Step): Promise<Readonly<Record<string, unknown>>> {
  step.record ??= await readRecord(step.trx, step.ctx.model, step.run.entity, step.run.recordId, step.ctx.logic);
  return step.record;
}

async function runAction(step: Step, action: ProcessAction, i: number): Promise<void> {
  const { services, trx, run, writer } = step;
  if ('set' in action) return setFields(step, action.set);
  if ('create' in action) {
    const target = writer.model.entities.get(action.create.entity)!;
    await createInTransaction(trx, writer, target, evaluateValues(action.create.values ?? {}, run.entity, await recordOf(step), step.context), '');
    return;
  }
  if ('notify' in action) {
    const { to, title, message, channels } = action.notify;
    await services.notify(trx, writer, {
      to,
      title,
      message,
      channels,
      entity: run.entity,
      record: await recordOf(step),
      old: run.old,
      source: run.source,
      key: `${run.key}:${i}`,
    });
    return;
  }
  if ('webhook' in action) {
    const record = await recordOf(step);
    const body =
      action.webhook.body === undefined
        ? { event: run.source, entity: run.entity.name, id: run.recordId, record, old: run.old ?? null, at: writer.now.toISOString() }
        : evaluateTemplate(action.webhook.body, run.entity, record, logicView(run.entity, record), step.context);
    await enqueueWebhook(services.jobs, trx, action.webhook, body, `${run.key}:${i}`, run.source);
    return;
  }
  // The person who triggered it submits: the approval is theirs, started by the process.
  await services.startApproval(trx, { ...step.ctx, depth: writer.depth, process: run.source }, action.startApproval.approval, run.recordId);
}

/**
 * `set`: the record's own fields in one update, then each lookup's target (`parent.lastVisitAt`)
 * in one update per lookup; an empty lookup writes nothing. Values are computed from the record
 * as it was before any of them is written. A write that would change nothing is not made. A set
 * of the record's own fields to known values (literals, `$now`, `$user`) does not read the record
 * first: the update reads it anyway, and compares.
 */
async function setFields(step: Step, values: Readonly<Record<string, unknown>>): Promise<void> {
  const { trx, run, writer } = step;
  if (!step.record && ownKnownValues(values)) {
    await updateInTransaction(trx, writer, run.entity, run.recordId, evaluateValues(values, run.entity, {}, step.context), undefined, '', {
      skipUnchanged: true,
    });
    step.record = writer.written!.get(run.recordId);
    return;
  }
  const record = await recordOf(step);
  const computed = evaluateValues(values, run.entity, record, step.context);
  const own: Record<string, unknown> = {};
  const related = new Map<string, Record<string, unknown>>();
  for (const [key, value] of Object.entries(computed)) {
    const [name, through] = key.split('.');
    if (through === undefined) own[name] = value;
    else related.set(name, { ...related.get(name), [through]: value });
  }
  if (Object.keys(own).length && changesAny(record, own)) {
    await updateInTransaction(trx, writer, run.entity, run.recordId, own, undefined, '');
    step.record = writer.written!.get(run.recordId) ?? (await readRecord(trx, writer.model, run.entity, run.recordId, writer.logic));
  }
  for (const [lookup, patch] of related) {
    const target = lookupTarget(writer, run.entity, lookup);
    const id = idOf(step.record![lookup]);
    if (!target || !id) continue;
    await updateInTransaction(trx, writer, target, id, patch, undefined, '');
  }
}

/** Values for the record's own fields that need nothing from it: literals and context variables. */
function ownKnownValues(values: Readonly<Record<string, unknown>>): boolean {
  return Object.entries(values).every(([key, expr]) => !key.includes('.') && logicVars(expr).every((v) => isContextVar(v.path)));
}

function lookupTarget(ctx: WriteContext, entity: CompiledEntity, lookup: string): CompiledEntity | undefined {
  const field = entity.fields[lookup];
  return field && isLookupField(field) ? ctx.model.entities.get(field.target) : undefined;
}

function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string') return (value as { id: string }).id;
  return undefined;
}
