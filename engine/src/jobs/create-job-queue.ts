import type { Database } from '../db/database.ts';
import type { JobQueue } from './job-queue.ts';

/** The job queue for this database (placeholder until the jobs part lands). */
export function createJobQueue(options: { database: Database; now: () => Date; log: { error(obj: object, msg?: string): void } }): JobQueue {
  void options;
  return {
    async start() {},
    async stop() {},
    async send() {},
    async work() {},
  };
}
