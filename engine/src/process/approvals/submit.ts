import type { Kysely } from 'kysely';
import { authorizeRecordAction } from '../../data/access/authorize-write.ts';
import type { WriteContext } from '../../data/write/write-context.ts';
import { localizedError } from '../../errors/loom-error.ts';
import { message } from '../../errors/messages.ts';
import type { ProcessServices } from '../process-services.ts';
import { addEvent, insertInstance, pendingInstances } from './approval-store.ts';
import { conditionHolds, lockRecord } from './record-facts.ts';
import { approvalTerm } from './open-flow.ts';
import { advance, runActions } from './step-flow.ts';

/**
 * Submits a record for an approval (the submit route, an automation's `startApproval`, a record
 * action): the submitter must be allowed to update the record (a person's write; the system and
 * record actions are checked by their own rules), the entry condition must hold, and no instance
 * of the approval may be pending for the record. A new round starts at the first step whose
 * `when` holds; an approval whose steps are all skipped is approved at once.
 */
export async function startApproval(
  services: ProcessServices,
  trx: Kysely<any>,
  ctx: WriteContext,
  name: string,
  recordId: string,
): Promise<{ readonly instanceId: string }> {
  const model = ctx.model;
  const approval = model.approvals.get(name);
  const entity = approval && model.entities.get(approval.entity);
  if (!approval || !entity) throw localizedError('LOOM_ERR_APPROVAL_NOT_FOUND', message('approval.unknown', { name: String(name).slice(0, 100) }));
  if (!ctx.actor.system) await authorizeRecordAction(trx, ctx, entity, recordId, 'update');
  const { title } = await lockRecord(trx, entity, recordId);
  const now = ctx.now;
  const pending = (await pendingInstances(trx, entity.name, recordId)).find((i) => i.approval === name);
  // A process asking again for what is already under way (the status onSubmitted sets starts the
  // automation that submits) is answered with it; a person is told it is pending.
  if (pending && ctx.process) return { instanceId: pending.id };
  if (!(await conditionHolds(trx, model, entity, recordId, approval.entry, now))) {
    throw localizedError('LOOM_ERR_APPROVAL_NOT_APPLICABLE', message('approval.notApplicable', { entity, approval: approvalTerm(approval) }));
  }
  const alreadyPending = () =>
    localizedError('LOOM_ERR_APPROVAL_ALREADY_PENDING', message('approval.alreadyPending', { entity, approval: approvalTerm(approval) }));
  // The record is locked, so a concurrent submit waits above and then sees this one's instance.
  if (pending) throw alreadyPending();
  const submitter = ctx.onBehalfOf ?? ctx.actorId;
  const instance = await insertInstance(trx, { approval: name, entity: entity.name, recordId, title, submittedBy: submitter, now });
  await addEvent(trx, { instanceId: instance.id, at: now, actor: submitter, action: 'submitted' });
  const flow = { services, trx, model, approval, entity, instance, tasks: [], now, depth: ctx.depth ?? 0 };
  await runActions(flow, approval.onSubmitted ?? [], 'submitted', submitter);
  await advance(flow, 0, submitter);
  return { instanceId: instance.id };
}
