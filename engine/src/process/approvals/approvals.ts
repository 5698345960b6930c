import type { Kysely } from 'kysely';
import type { Actor } from '../../data/actor.ts';
import type { ProcessPart } from '../process-part.ts';
import type { ProcessServices, SweepWindow } from '../process-services.ts';
import { approvalHooks } from './approval-hooks.ts';
import { inbox, inboxCount, instanceViews, recordApprovals, type InstanceView } from './approval-queries.ts';
import { changeApprovers } from './change-approvers.ts';
import { decide } from './decide.ts';
import { instanceNotFound, settleRefusal } from './open-flow.ts';
import { recall } from './recall.ts';
import { startApproval } from './submit.ts';
import { sweepTimeouts } from './timeouts.ts';

export type Approvals = ReturnType<typeof createApprovals>;

/**
 * Approvals (the `approval` kind): submit, decide, recall, reassign and add approvers, each in
 * one transaction that locks the instance; the lock and owned-field write hooks; step timeouts as
 * a sweep; and the inbox and a record's history for the routes.
 */
export function createApprovals(services: ProcessServices) {
  const db = () => services.db;
  const inTransaction = <T>(work: (trx: Kysely<any>) => Promise<T>): Promise<T> =>
    db()
      .transaction()
      .execute(work)
      .catch((error: unknown) => settleRefusal(services, error));
  /** The instance as the caller sees it once the change has committed. */
  const view = async (id: string, actor: Actor): Promise<InstanceView> => {
    const [found] = await instanceViews(services, db(), [id], actor);
    if (!found) throw instanceNotFound(id);
    return found;
  };
  const timeouts = (trx: Kysely<any>, window: SweepWindow) => sweepTimeouts(services, trx, window);
  services.registerSweep('approval-timeouts', async (trx, window) => {
    await timeouts(trx, window);
  });

  const part = {
    hooks: approvalHooks(() => services.model()),
    startApproval: (trx, ctx, approval, recordId) => startApproval(services, trx, ctx, approval, recordId),

    /** The submit route: the caller submits a record (a person's write, depth 0). */
    async submit(actor: Actor, approval: string, recordId: string): Promise<InstanceView> {
      const { instanceId } = await inTransaction((trx) => startApproval(services, trx, services.records.writeContextFor(actor), approval, recordId));
      return view(instanceId, actor);
    },
    async decide(actor: Actor, id: string, decision: 'approve' | 'reject', comment: string | null): Promise<InstanceView> {
      await inTransaction((trx) => decide(services, trx, actor, id, decision, comment));
      return view(id, actor);
    },
    async recall(actor: Actor, id: string, comment: string | null): Promise<InstanceView> {
      await inTransaction((trx) => recall(services, trx, actor, id, comment));
      return view(id, actor);
    },
    async changeApprovers(actor: Actor, id: string, change: { kind: 'reassign' | 'add'; user: string; comment: string | null }): Promise<InstanceView> {
      await inTransaction((trx) => changeApprovers(services, trx, actor, id, change));
      return view(id, actor);
    },
    inbox: (actor: Actor) => inbox(services, db(), actor),
    inboxCount: (actor: Actor) => inboxCount(db(), actor),
    recordApprovals: (actor: Actor, recordId: string, entity?: string) => recordApprovals(services, db(), actor, recordId, entity),
  } satisfies ProcessPart & Pick<ProcessServices, 'startApproval'> & Record<string, unknown>;
  return part;
}
