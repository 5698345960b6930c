import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { RecordService, WriteHooks } from '../data/record-service.ts';
import type { CompiledEntity, CompiledModel } from '../model/compiled-model.ts';
import { createJobQueue } from '../jobs/create-job-queue.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { createApprovals } from './approvals/approvals.ts';
import { createAutomations } from './automations/automations.ts';
import { DEFAULT_WEBHOOK_SETTINGS, type WebhookSettings } from './webhooks/webhook-settings.ts';
import { createEffects } from './effects/effects.ts';
import { createNotifications, type NotificationSettings } from './notify/notifications.ts';
import type { ProcessPart } from './process-part.ts';
import type { ProcessLog, ProcessServices } from './process-services.ts';
import { createReminders } from './reminders/reminders.ts';
import { createScheduler } from './schedule/scheduler.ts';

export interface ProcessEngineOptions {
  readonly database: Database;
  model(): CompiledModel;
  now(): Date;
  readonly records: RecordService;
  readonly log: ProcessLog;
  readonly timeZone: string;
  /** A queue other than the database's own (tests). */
  readonly jobs?: JobQueue;
  /** How webhooks are signed and where they may go (from the config; absent: unsigned deliveries fail, public addresses only). */
  readonly webhooks?: WebhookSettings;
  /** Email and the default locale of notifications (from the config; absent: no email, English). */
  readonly notifications?: NotificationSettings;
}

export interface ProcessEngine {
  readonly services: ProcessServices;
  /** The approvals part, for its routes. */
  readonly approvals: ReturnType<typeof createApprovals>;
  readonly notifications: ReturnType<typeof createNotifications>;
  /** Runs every sweep (reminders, schedules, date triggers, timeouts) up to now: what the queue does each minute. */
  tick(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Builds the process engine of one Loom instance: the job queue and the parts (notifications,
 * effects, approvals, automations, reminders), wired through one services object so they call
 * each other without import cycles, and hands their write hooks to the record service.
 */
export function createProcessEngine(options: ProcessEngineOptions): ProcessEngine {
  const jobs = options.jobs ?? createJobQueue({ database: options.database, now: options.now, log: options.log });
  // Filled below: each part is made with the services object and then provides its share of it.
  const services = {
    db: options.database.db as Kysely<any>,
    model: options.model,
    now: options.now,
    records: options.records,
    jobs,
    log: options.log,
    timeZone: options.timeZone,
  } as { -readonly [K in keyof ProcessServices]: ProcessServices[K] };
  const scheduler = createScheduler(services);
  services.registerSweep = scheduler.registerSweep;
  const notifications = createNotifications(services, options.notifications);
  const effects = createEffects(services);
  const approvals = createApprovals(services);
  services.notify = notifications.notify;
  services.notifyAll = notifications.notifyAll;
  services.notifyUsers = notifications.notifyUsers;
  services.notifyUsersAlong = notifications.notifyUsersAlong;
  services.runEffects = effects.runEffects;
  services.startApproval = approvals.startApproval;
  const parts: ProcessPart[] = [
    notifications,
    approvals,
    createAutomations(services, options.webhooks ?? DEFAULT_WEBHOOK_SETTINGS),
    createReminders(services, notifications.deliver),
    scheduler,
  ];
  options.records.useHooks(combinedHooks(parts));
  return {
    services,
    approvals,
    notifications,
    tick: () => scheduler.tick(),
    async start() {
      await jobs.start();
      for (const part of parts) await part.start?.();
    },
    async stop() {
      for (const part of [...parts].reverse()) await part.stop?.();
      await jobs.stop();
    },
  };
}

/** Every part's hooks as one: an entity is watched when any part watches it; each call goes to every part in order. */
function combinedHooks(parts: readonly ProcessPart[]): WriteHooks {
  const hooks = parts.map((p) => p.hooks).filter((h): h is Partial<WriteHooks> => !!h);
  return {
    watches: (entity: CompiledEntity) => hooks.some((h) => h.watches?.(entity)),
    prepareCreate(ctx, entity, input) {
      let prepared = input;
      for (const h of hooks) if (h.prepareCreate) prepared = h.prepareCreate(ctx, entity, prepared);
      return prepared;
    },
    alongCreate(ctx, entity) {
      // Every part watching the entity must be done before the insert; their rows are written together.
      const watching = hooks.filter((h) => h.watches?.(entity));
      const along = watching.map((h) => h.alongCreate?.(ctx, entity));
      if (along.some((rows) => rows === undefined)) return undefined;
      return (id) => along.flatMap((rows) => rows!(id));
    },
    async beforeWrite(trx, ctx, entity, op, id, patch) {
      for (const h of hooks) await h.beforeWrite?.(trx, ctx, entity, op, id, patch);
    },
    async afterWrite(trx, ctx, change) {
      for (const h of hooks) await h.afterWrite?.(trx, ctx, change);
    },
  };
}
