import { sql, type Kysely } from 'kysely';
import type { SendOptions } from './job-queue.ts';

/**
 * Every job is first a row of `loom.jobs`, inserted in the caller's transaction: a rolled-back
 * write leaves no job, a committed one cannot lose it, and the (name, key) unique constraint
 * drops a second send of the same job for as long as the row is kept. It is one plain INSERT,
 * so it works whether or not the queue has started (a test, a CLI command) and on both backends.
 */
export async function insertJob(trx: Kysely<any>, now: Date, name: string, data: unknown, options: SendOptions): Promise<void> {
  const startAfter = options.startAfter && options.startAfter > now ? options.startAfter : now;
  await sql`insert into loom.jobs (name, key, data, retry_limit, start_after, created_at)
    values (${name}, ${options.key}, ${JSON.stringify(data ?? null)}::jsonb, ${options.retryLimit ?? 3}, ${startAfter}, ${now})
    on conflict (name, key) do nothing`.execute(trx);
}
