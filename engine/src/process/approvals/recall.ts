import type { Kysely } from 'kysely';
import type { Actor } from '../../data/actor.ts';
import { localizedError } from '../../errors/loom-error.ts';
import { message } from '../../errors/messages.ts';
import type { ProcessServices } from '../process-services.ts';
import { finishInstance } from './approval-store.ts';
import { notPending, openFlow, refuseVisibly } from './open-flow.ts';
import { runActions } from './step-flow.ts';

/**
 * The submitter takes a pending approval back: it ends as recalled (no outcome actions run),
 * its approvers' tasks close, and the record may be edited and submitted again (a new round).
 */
export async function recall(services: ProcessServices, trx: Kysely<any>, actor: Actor, id: string, comment: string | null): Promise<void> {
  const flow = await openFlow(services, trx, id);
  if (flow.instance.status !== 'pending') return refuseVisibly(services, flow, actor, notPending(flow));
  if (!actor.id || flow.instance.submitted_by !== actor.id) {
    return refuseVisibly(services, flow, actor, localizedError('LOOM_ERR_APPROVAL_NOT_SUBMITTER', message('approval.notSubmitter')));
  }
  await finishInstance(trx, flow.instance.id, 'recalled', flow.now, { actor: actor.id, action: 'recalled', step: flow.instance.step_name, comment });
  await runActions(flow, flow.approval.onRecalled ?? [], 'recalled', actor.id);
}
