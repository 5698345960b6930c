import type { Database } from '../db/database.ts';
import type { JobQueue } from './job-queue.ts';
import { LocalJobRunner } from './local-runner.ts';
import { PgBossQueue } from './pg-boss-queue.ts';

export interface JobQueueOptions {
  readonly database: Database;
  now(): Date;
  readonly log: { error(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
}

/**
 * The job queue for this database: pg-boss on a PostgreSQL server (many instances may share
 * it), the in-process runner on embedded PGlite (one instance: the database lives in it).
 * Both take jobs from the same outbox table, so `send` is the same statement on either.
 */
export function createJobQueue(options: JobQueueOptions): JobQueue {
  const { database } = options;
  if (database.kind === 'postgres' && database.url) return new PgBossQueue({ db: database.db, url: database.url, now: options.now, log: options.log });
  return new LocalJobRunner({ db: database.db, now: options.now, log: options.log });
}
