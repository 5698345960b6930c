import type { Kysely } from 'kysely';
import { SYSTEM_ACTOR } from '../../data/actor.ts';
import { readRecords } from '../../data/write/record-writes.ts';
import type { CompiledAutomation } from '../../model/compile-automation.ts';
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

/** One automation that ran for a write, with the occasion key of its run. */
export interface NotifyStep {
  readonly automation: CompiledAutomation;
  /** What makes its notifications unique (as runEffects keys them: `<key>:<action index>`). */
  readonly key: string;
}

/**
 * The notification job of the automations one write ran (in order), keyed by the first one's
 * occasion; undefined when none of them notifies.
 */
export function notifyJobOf(
  steps: readonly NotifyStep[],
  id: string,
  old: Readonly<Record<string, unknown>> | undefined,
  at: Date,
): { job: NotifyJob; key: string } | undefined {
  const items = steps
    .filter((s) => s.automation.actions.some((a) => 'notify' in a))
    .map((s) => ({ automation: s.automation.name, id, old: old ? { ...old } : undefined, key: s.key }));
  return items.length ? { job: { at: at.toISOString(), items }, key: `${steps[0].key}:notify` } : undefined;
}

/**
 * Enqueues the `notify` steps of automations in the caller's transaction: they are sent once it
 * commits (a rolled-back write notifies nobody), by the queue, in a transaction of their own.
 * The write pays one INSERT however many automations notify.
 */
export async function enqueueNotifications(services: ProcessServices, trx: Kysely<any>, notifications: ReturnType<typeof notifyJobOf>): Promise<void> {
  if (notifications) await services.jobs.send(trx, NOTIFY_JOB, notifications.job, { key: notifications.key });
}

/**
 * Sends notification jobs (a batch the queue fetched together) in one transaction: each
 * record is read as it is now (one deleted since is skipped: nobody to tell about it), all of
 * an entity's by one statement, and each `notify` step of its automation is sent, keyed by the
 * occasion and the step, all delivered together (notifyAll).
 */
export async function runNotifyJobs(services: ProcessServices, data: readonly unknown[]): Promise<void> {
  const model = services.model();
  const runs = (data as NotifyJob[]).flatMap((job) =>
    job.items.flatMap((item) => {
      const automation = model.automations.get(item.automation);
      const entity = automation && model.entities.get(automation.entity);
      return automation && entity ? [{ job, item, automation, entity }] : [];
    }),
  );
  await services.db.transaction().execute(async (trx) => {
    const records = new Map<string, Map<string, Record<string, unknown>>>();
    for (const entity of new Set(runs.map((r) => r.entity))) {
      records.set(
        entity.name,
        await readRecords(
          trx,
          model,
          entity,
          runs.filter((r) => r.entity === entity).map((r) => r.item.id),
          { now: services.now() },
        ),
      );
    }
    const notifications: Parameters<ProcessServices['notifyAll']>[1][number][] = [];
    for (const { job, item, automation, entity } of runs) {
      const record = records.get(entity.name)!.get(item.id);
      if (!record) continue;
      const now = new Date(job.at);
      const source = `automation:${automation.name}`;
      const ctx = services.records.writeContextFor(SYSTEM_ACTOR, { now, logic: { now }, process: source, depth: 1 });
      for (const [i, action] of automation.actions.entries()) {
        if (!('notify' in action)) continue;
        const { to, title, message, channels } = action.notify;
        notifications.push({
          ctx,
          request: { to, title, message, channels, entity, record, old: item.old ? { ...record, ...item.old } : undefined, source, key: `${item.key}:${i}` },
        });
      }
    }
    await services.notifyAll(trx, notifications);
  });
}
