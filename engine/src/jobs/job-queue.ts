import type { Kysely } from 'kysely';

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
  /** Runs `handler` for each job of this name; a thrown error retries the job with backoff. */
  work(name: string, handler: (data: unknown, job: { readonly id: string; readonly attempt: number }) => Promise<void>): Promise<void>;
}
