import type { Kysely } from 'kysely';
import type { RecordChange, WriteHooks } from '../../data/write/write-hooks.ts';
import type { WriteContext } from '../../data/write/write-context.ts';
import { localizedError } from '../../errors/loom-error.ts';
import { message } from '../../errors/messages.ts';
import type { CompiledApproval } from '../../model/compile-approval.ts';
import type { CompiledEntity, CompiledModel } from '../../model/compiled-model.ts';
import { isChoiceField } from '../../model/field-types/field-predicates.ts';
import { pendingInstances, tasksOf } from './approval-store.ts';
import { approvalTerm } from './open-flow.ts';
import { conditionHolds } from './record-facts.ts';

/** The approvals of an entity in a model (usually none or one). */
function approvalsOf(ctx: WriteContext, entity: CompiledEntity): CompiledApproval[] {
  return [...ctx.model.approvals.values()].filter((a) => a.entity === entity.name);
}

/**
 * Who a write is for, as approvals judge it: null for a write the approvals do not stop. A
 * process write (`ctx.process`: an approval deciding, an automation) owns its fields; the system
 * writing on its own (CLI, sample data) is administration. A record action runs as the system on
 * behalf of a person, and is judged as that person.
 */
function person(ctx: WriteContext): string | undefined | null {
  if (ctx.process) return null;
  if (ctx.onBehalfOf) return ctx.onBehalfOf;
  if (ctx.actor.system) return null;
  return ctx.actorId ?? undefined;
}

/**
 * How approvals take part in record writes: a record waiting for an approval with `lock` is
 * changed or deleted only by the current step's approvers (409 for anyone else), and the values
 * an approval's outcome gives fields (status "approved") are set by the approval only (403).
 */
export function approvalHooks(model: () => CompiledModel): Partial<WriteHooks> {
  const entities = new WeakMap<CompiledModel, Set<string>>();
  return {
    watches(entity) {
      const current = model();
      if (!entities.has(current)) entities.set(current, new Set([...current.approvals.values()].map((a) => a.entity)));
      return entities.get(current)!.has(entity.name);
    },
    async beforeWrite(trx, ctx, entity, _op, id) {
      const who = person(ctx);
      if (who === null) return;
      const approvals = approvalsOf(ctx, entity).filter((a) => a.lock);
      if (!approvals.length) return;
      for (const instance of await pendingInstances(trx, entity.name, id)) {
        const approval = approvals.find((a) => a.name === instance.approval);
        if (!approval) continue;
        const tasks = await tasksOf(trx, instance.id, instance.occurrence);
        if (who && tasks.some((t) => t.user_id === who && (t.status === 'waiting' || t.status === 'approved'))) continue;
        const step = approval.steps.find((s) => s.name === instance.step_name);
        throw localizedError(
          'LOOM_ERR_APPROVAL_LOCKED',
          message('approval.locked', { entity, approval: approvalTerm(approval), step: { name: step?.name ?? '', label: step?.label } }),
        );
      }
    },
    async afterWrite(trx, ctx, change) {
      if (change.op !== 'create' && change.op !== 'update') return;
      if (person(ctx) === null) return;
      for (const approval of approvalsOf(ctx, change.entity)) await checkOwnedFields(trx, ctx, approval, change);
    },
  };
}

/** 403 when a plain write gives a field a value that only the approval's outcome may give it, on a record the approval applies to. */
async function checkOwnedFields(trx: Kysely<any>, ctx: WriteContext, approval: CompiledApproval, change: RecordChange): Promise<void> {
  const after = change.after ?? {};
  for (const [name, values] of Object.entries(approval.ownedValues)) {
    const value = after[name];
    if (!values.includes(value as string | number | boolean)) continue;
    if (change.before && change.before[name] === value) continue;
    // A record outside the approval's entry condition does not go through it: its fields are free.
    if (!(await conditionHolds(trx, ctx.model, change.entity, change.id, approval.entry, ctx.now))) continue;
    const field = change.entity.fields[name];
    const option = field && isChoiceField(field) ? field.options.find((o) => o.value === value) : undefined;
    throw localizedError(
      'LOOM_ERR_APPROVAL_OWNED_FIELD',
      message('approval.ownedField', {
        field: { name, label: field?.label },
        value: { text: option?.label ?? String(value) },
        approval: approvalTerm(approval),
        entity: change.entity,
      }),
    );
  }
}
