import { MAX_AUTOMATION_DEPTH } from './automation-depth.ts';
import { alongCreate, prepareCreate } from './prepare-create.ts';
import type { Kysely } from 'kysely';
import type { RecordChange } from '../../data/write/write-hooks.ts';
import type { WriteContext } from '../../data/write/write-context.ts';
import type { CompiledAutomation } from '../../model/compile-automation.ts';
import { logicView } from '../effects/effect-values.ts';
import type { ProcessPart } from '../process-part.ts';
import type { ProcessServices } from '../process-services.ts';
import { deliverWebhook, WebhookRefused } from '../webhooks/deliver-webhook.ts';
import { WEBHOOK_JOB, type WebhookJob } from '../webhooks/webhook-job.ts';
import { DEFAULT_WEBHOOK_SETTINGS, type WebhookSettings } from '../webhooks/webhook-settings.ts';
import { automationIndex } from './automation-index.ts';
import { ownFieldsOnly, whereHolds } from './automation-where.ts';
import { CoalescedSets, coalescible } from './coalesced-sets.ts';
import { NOTIFY_JOB, runNotifyJobs } from './notify-job.ts';
import { runTimedAutomations } from './timed-automations.ts';
import { occasionKey } from './occasion-key.ts';

/**
 * Automations: write triggers run in the triggering write's transaction (write hooks), timed
 * ones (schedule, dateField) in the scheduler's sweep, set-based; webhooks are delivered by the queue.
 */
export function createAutomations(services: ProcessServices, webhooks: WebhookSettings = DEFAULT_WEBHOOK_SETTINGS): ProcessPart {
  return {
    hooks: {
      // Watching decides only how creates are written (updates and deletes always call afterWrite).
      watches: (entity) => automationIndex(services.model()).onCreate.has(entity.name),
      prepareCreate,
      alongCreate: (ctx, entity) => alongCreate(services, ctx, entity),
      afterWrite: (trx, ctx, change) => afterWrite(services, trx, ctx, change),
    },
    async start() {
      await services.jobs.work(WEBHOOK_JOB, async (data, job) => {
        try {
          await deliverWebhook(data as WebhookJob, webhooks, job.attempt);
        } catch (error) {
          // A refused delivery is final (trying again would be refused again): logged, not retried.
          if (!(error instanceof WebhookRefused)) throw error;
          services.log.error({ err: error, url: (data as WebhookJob).url, source: (data as WebhookJob).source }, `webhook not delivered: ${error.message}`);
        }
      });
      await services.jobs.workBatch(NOTIFY_JOB, (jobs) =>
        runNotifyJobs(
          services,
          jobs.map((j) => j.data),
        ),
      );
      services.registerSweep('automations', (trx, window) => runTimedAutomations(services, trx, window));
    },
  };
}

async function afterWrite(services: ProcessServices, trx: Kysely<any>, ctx: WriteContext, change: RecordChange): Promise<void> {
  const automations = (automationIndex(ctx.model).onWrite.get(change.entity.name) ?? []).filter((a) => triggeredBy(a, change));
  if (!automations.length) return;
  const depth = ctx.depth ?? 0;
  if (depth >= MAX_AUTOMATION_DEPTH) {
    services.log.error(
      { automations: automations.map((a) => a.name), entity: change.entity.name, id: change.id, depth, process: ctx.process },
      `automation chain stopped at depth ${depth}: the metadata makes automations trigger each other in a loop; the write is saved without running them`,
    );
    return;
  }
  const deleted = change.op === 'delete';
  const old = change.before ? logicView(change.entity, change.before) : undefined;
  const context = { ...ctx.logic, now: ctx.now, old };
  // Automations that only set the record's own fields and notify are run together: one update for all their sets.
  let batch: CoalescedSets | undefined;
  const flush = async () => {
    if (!batch) return;
    const pending = batch;
    batch = undefined;
    await pending.flush(trx, ctx, ctx.written?.get(change.id) ?? change.after!);
  };
  for (const automation of automations) {
    if (!deleted && coalescible(change.entity, automation, automation.where === undefined || ownFieldsOnly(change.entity, automation))) {
      batch ??= new CoalescedSets(services, change.entity, change.id, ctx.written?.get(change.id) ?? change.after!, change.before);
      if (await whereHolds(trx, ctx.model, change.entity, automation, batch.record, context, false))
        batch.add(automation, occasionKey(automation, change, ctx), context);
      continue;
    }
    await flush();
    // An earlier automation of this write may have changed the record: each sees it as it is now.
    const record = deleted ? change.before! : (ctx.written?.get(change.id) ?? change.after!);
    if (!(await whereHolds(trx, ctx.model, change.entity, automation, record, context, !deleted))) continue;
    await services.runEffects(trx, ctx, {
      entity: change.entity,
      recordId: change.id,
      actions: automation.actions,
      old: change.before,
      source: `automation:${automation.name}`,
      key: occasionKey(automation, change, ctx),
      record: deleted ? change.before : record,
    });
  }
  await flush();
}

function triggeredBy(automation: CompiledAutomation, change: RecordChange): boolean {
  const trigger = automation.trigger;
  if (trigger.kind === 'create') return change.op === 'create';
  if (trigger.kind === 'delete') return change.op === 'delete';
  if (trigger.kind !== 'update' || change.op !== 'update') return false;
  return !trigger.fields || trigger.fields.some((name) => changed(name, change.before, change.after));
}

function changed(name: string, before?: Readonly<Record<string, unknown>>, after?: Readonly<Record<string, unknown>>): boolean {
  return JSON.stringify(before?.[name] ?? null) !== JSON.stringify(after?.[name] ?? null);
}
