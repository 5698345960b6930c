import type { Kysely } from 'kysely';
import type { InsertAlong } from '../db/insert-along.ts';
import type { SendOptions } from './job-queue.ts';

/**
 * Every job is first a row of `loom.jobs`, inserted in the caller's transaction: a rolled-back
 * write leaves no job, a committed one cannot lose it, and the (name, key) unique constraint
 * drops a second send of the same job for as long as the row is kept. It is one plain INSERT,
 * so it works whether or not the queue has started (a test, a CLI command) and on both backends.
 */
export async function insertJob(trx: Kysely<any>, now: Date, name: string, data: unknown, options: SendOptions): Promise<void> {
  const { table, row, onConflictDoNothing } = jobRow(now, name, data, options);
  await trx
    .insertInto(table)
    .values(row)
    .onConflict((oc) => oc.columns(onConflictDoNothing as string[]).doNothing())
    .execute();
}

/** The outbox row of a job, for a statement that writes it along with something else (insertJob writes it alone). */
export function jobRow(now: Date, name: string, data: unknown, options: SendOptions): InsertAlong & { readonly onConflictDoNothing: readonly string[] } {
  const startAfter = options.startAfter && options.startAfter > now ? options.startAfter : now;
  return {
    table: 'loom.jobs',
    // The data as JSON text: a plain object parameter would be sent as text anyway, an array as a PostgreSQL array.
    row: { name, key: options.key, data: JSON.stringify(data ?? null), retry_limit: options.retryLimit ?? 3, start_after: startAfter, created_at: now },
    onConflictDoNothing: ['name', 'key'],
  };
}
