import type { Kysely, RawBuilder } from 'kysely';
import type { Label, ProcessAction, Recipient } from '@loom/metadata';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { CompiledEntity, CompiledModel } from '../model/compiled-model.ts';
import type { RecordService } from '../data/record-service.ts';
import type { WriteContext } from '../data/write/write-context.ts';

/** Where processes log: pino's shape (fastify's logger), so tests can pass a silent one. */
export interface ProcessLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** One notification to send about a record: recipients and texts come from metadata. */
export interface NotificationRequest {
  /** Who receives it, as the metadata says (a field or lookup path, a role, a user id, a variable such as `$old.owner`). */
  readonly to: readonly Recipient[];
  readonly title?: Label;
  /** `{{field}}` and `{{lookup.field}}` are replaced with the record's values, per recipient locale. */
  readonly message: Label;
  readonly channels?: readonly ('inbox' | 'email')[];
  readonly entity: CompiledEntity;
  /** The record as it is now (after the write). */
  readonly record: Readonly<Record<string, unknown>>;
  /** The record before the write, for `$old.…` recipients. */
  readonly old?: Readonly<Record<string, unknown>>;
  /** What sent it: `automation:<name>`, `approval:<name>`, `reminder:<name>`. */
  readonly source: string;
  /**
   * The occasion, unique per delivery: with the recipient it keys the notification, so the same
   * occasion delivered twice (a retried job, two instances) lands once.
   */
  readonly key: string;
}

/** A notification to listed users with engine-made texts (an approval waiting for them). */
export interface DirectNotification {
  readonly users: readonly string[];
  /** Texts per locale; each recipient gets theirs. */
  readonly title: Label;
  readonly message: Label;
  readonly link?: { readonly entity: string; readonly id: string };
  readonly source: string;
  readonly key: string;
  readonly channels?: readonly ('inbox' | 'email')[];
}

/**
 * What the process parts give each other. The process engine (process-engine.ts) builds one
 * and hands it to every part, so approvals, automations, reminders, actions and notifications
 * call each other through it, never through imports in a circle.
 */
export interface ProcessServices {
  readonly db: Kysely<any>;
  model(): CompiledModel;
  now(): Date;
  readonly records: RecordService;
  readonly jobs: JobQueue;
  readonly log: ProcessLog;
  /** The installation's time zone (IANA name): reminders' times of day and date buckets are in it. */
  readonly timeZone: string;
  /** Sends a notification from metadata, in the caller's transaction (inbox rows now, email through the queue). */
  notify(trx: Kysely<any>, ctx: WriteContext, request: NotificationRequest): Promise<void>;
  /** Sends several at once (a job's worth): the records are read and the notifications written in a few statements for all. */
  notifyAll(trx: Kysely<any>, items: readonly { readonly ctx: WriteContext; readonly request: NotificationRequest }[]): Promise<void>;
  notifyUsers(trx: Kysely<any>, notification: DirectNotification): Promise<void>;
  /**
   * The statement that sends it, for a statement of the caller's to run as one of its WITHs (one
   * round trip for both); undefined when sending takes more (email): then notifyUsers.
   */
  notifyUsersAlong(notification: DirectNotification): RawBuilder<unknown> | undefined;
  /** Runs metadata actions (set, create, notify, webhook, startApproval) on one record, in the caller's transaction. */
  runEffects(trx: Kysely<any>, ctx: WriteContext, run: EffectRun): Promise<void>;
  /**
   * Registers a sweep: work over a window of time, run by the scheduler (notify/… owns it) for
   * each window (from, to] since the sweep last ran, once across instances, catching up after
   * downtime. The sweep runs in `trx`; the window's end is stored in the same transaction, so a
   * failed or killed sweep is run again over the same window.
   */
  registerSweep(name: string, sweep: (trx: Kysely<any>, window: SweepWindow) => Promise<void>): void;
  /** Starts an approval of a record (automation `startApproval`, the submit route). */
  startApproval(trx: Kysely<any>, ctx: WriteContext, approval: string, recordId: string): Promise<{ readonly instanceId: string }>;
}

/** The time a sweep covers: everything due after `from` and at or before `to`. */
export interface SweepWindow {
  readonly from: Date;
  readonly to: Date;
}

/** Metadata actions to run on one record. */
export interface EffectRun {
  readonly entity: CompiledEntity;
  readonly recordId: string;
  readonly actions: readonly ProcessAction[];
  /** The record before the write that triggered the run, for `$old.…`. */
  readonly old?: Readonly<Record<string, unknown>>;
  /** `automation:<name>`, `approval:<name>`: logs, notification sources, loop limits. */
  readonly source: string;
  /** What makes this run's notifications and webhooks unique (the triggering write or decision). */
  readonly key: string;
  /** The record as it is, when the caller has it (a deleted record's last values): not read again. */
  readonly record?: Readonly<Record<string, unknown>>;
}
