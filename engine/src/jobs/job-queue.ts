import type { Kysely } from 'kysely';
import type { InsertAlong } from '../db/insert-along.ts';

/** Options of one job. */
export interface SendOptions {
  /**
   * The job's unique key: a second send with the same key is dropped, so a step that runs
   * twice (at-least-once delivery underneath) enqueues its work once.
   */
  readonly key: string;
  /** Not before this time (a retry's backoff, a step's timeout). */
  readonly startAfter?: Date;
  /** How often a failing job is tried again, with exponential backoff (default 3). */
  readonly retryLimit?: number;
}

/** What a handler learns about the job it runs. */
export interface JobInfo {
  readonly id: string;
  /** 1 on the first run, 2 on the first retry… */
  readonly attempt: number;
  /** The key the job was sent with. */
  readonly key: string;
}

export type JobHandler = (data: unknown, job: JobInfo) => Promise<void>;

/** Runs several jobs of one name at once (one transaction for all of them, say). */
export type BatchHandler = (jobs: readonly { readonly data: unknown; readonly job: JobInfo }[]) => Promise<void>;

/**
 * The durable job queue behind every process (pg-boss on PostgreSQL, an in-process runner on
 * embedded PGlite; one interface). Jobs are sent inside the transaction that decides them, so
 * a rolled-back write sends nothing; a handler may run more than once, so handlers are idempotent.
 */
export interface JobQueue {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Enqueues a job in the caller's transaction (or on its own when `trx` is the plain database). */
  send(trx: Kysely<any>, name: string, data: unknown, options: SendOptions): Promise<void>;
  /**
   * Enqueues a job as a row for the caller's own statement to write (InsertAlong): the same
   * as `send` once that statement has run, without a statement (or a transaction) of its own.
   */
  sendAlong(name: string, data: unknown, options: SendOptions): InsertAlong;
  /** Runs `handler` for each job of this name; a thrown error retries the job with backoff. */
  work(name: string, handler: JobHandler): Promise<void>;
  /**
   * Runs jobs of this name in batches (those the queue fetched together), one handler call per
   * batch: many small jobs share a transaction. When a batch's call throws, each of its jobs is
   * run alone, so a failing job is retried without holding back the others.
   */
  workBatch(name: string, handler: BatchHandler): Promise<void>;
  /**
   * Runs a function every minute on one instance at a time where the queue can promise it
   * (pg-boss's schedule), else on this instance (the in-process runner, one instance).
   */
  everyMinute(name: string, run: () => Promise<void>): Promise<void>;
}

/** The delay before retry number `attempt` (1, 2, …): 2 s, 4 s, 8 s… capped at an hour. */
export function retryDelayMs(attempt: number): number {
  return Math.min(3_600_000, 1000 * 2 ** Math.min(attempt, 12));
}
