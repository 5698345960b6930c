import type { Kysely } from 'kysely';
import { SYSTEM_ACTOR } from '../../data/actor.ts';
import { readRecord } from '../../data/write/record-writes.ts';
import type { ProcessServices } from '../process-services.ts';

/** The queue's name for automations' notifications. */
export const NOTIFY_JOB = 'loom.automation-notify';

/** One record an automation notifies about. */
export interface NotifyItem {
  readonly automation: string;
  readonly id: string;
  /** The record before (a write's `before`, or a sweep's replaced values over the record as it is), for `$old.…` recipients. */
  readonly old?: Record<string, unknown>;
  /** The occasion: with the action's index it keys each notification, so a retried job notifies once. */
  readonly key: string;
}

/** The notifications of one write (its automations') or of a batch of a sweep's records. */
export interface NotifyJob {
  /** When it was decided (ISO): the notifications' `$now`. */
  readonly at: string;
  readonly items: readonly NotifyItem[];
}

/**
 * Enqueues the `notify` steps of automations in the caller's transaction: they are sent once it
 * commits (a rolled-back write notifies nobody), by the queue, in a transaction of their own.
 * The write pays one INSERT however many automations notify.
 */
export async function enqueueNotifications(services: ProcessServices, trx: Kysely<any>, job: NotifyJob, key: string): Promise<void> {
  if (job.items.length) await services.jobs.send(trx, NOTIFY_JOB, job, { key });
}

/**
 * Sends a notification job: each record is read as it is now (one deleted since is skipped:
 * nobody to tell about it) and each `notify` step of its automation is sent, keyed by the
 * occasion and the step.
 */
export async function runNotifyJob(services: ProcessServices, data: unknown): Promise<void> {
  const job = data as NotifyJob;
  const model = services.model();
  const now = new Date(job.at);
  await services.db.transaction().execute(async (trx) => {
    for (const item of job.items) {
      const automation = model.automations.get(item.automation);
      const entity = automation && model.entities.get(automation.entity);
      if (!automation || !entity) continue;
      const source = `automation:${automation.name}`;
      const ctx = services.records.writeContextFor(SYSTEM_ACTOR, { now, logic: { now }, process: source, depth: 1 });
      let record: Record<string, unknown>;
      try {
        record = await readRecord(trx, model, entity, item.id, ctx.logic);
      } catch {
        continue;
      }
      for (const [i, action] of automation.actions.entries()) {
        if (!('notify' in action)) continue;
        const { to, title, message, channels } = action.notify;
        await services.notify(trx, ctx, {
          to,
          title,
          message,
          channels,
          entity,
          record,
          old: item.old ? { ...record, ...item.old } : undefined,
          source,
          key: `${item.key}:${i}`,
        });
      }
    }
  });
}
