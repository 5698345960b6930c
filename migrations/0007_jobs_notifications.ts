import { sql, type Kysely } from 'kysely';

/**
 * Jobs, sweeps, notifications and reminders: the durable state of the process engine.
 *
 * - `users.locale`: the language a person reads notifications and emails in (null: the
 *   installation's default).
 * - `jobs`: the outbox every job is sent to, inside the transaction that decides it; `key` is
 *   unique per job name, so a step that runs twice sends its job once. On embedded PGlite the in-process
 *   runner runs the jobs from here; on PostgreSQL a relay hands them to pg-boss.
 * - `sweeps`: how far each sweep (reminders, schedules, timeouts) has run; a window (from, to]
 *   is swept and its end stored in one transaction, under the row's lock.
 * - `notifications`: the inbox, one row per recipient and occasion (`key` unique per user).
 * - `emails_sent`: the keys of emails handed to the mail server, so a retried job sends none twice.
 * - `reminder_deliveries`: each reminder occurrence delivered (reminder, record, due time).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table loom.users add column locale text`.execute(db);

  await db.schema
    .createTable('loom.jobs')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('created')
        .check(sql`state in ('created', 'retry', 'active', 'completed', 'failed', 'moved')`),
    )
    .addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('retry_limit', 'integer', (c) => c.notNull().defaultTo(3))
    .addColumn('start_after', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('finished_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .addUniqueConstraint('jobs_name_key', ['name', 'key'])
    .execute();
  // What a runner or the relay looks for: jobs still to run, by the time they may start.
  await sql`create index jobs_pending on loom.jobs (start_after, id) where state in ('created', 'retry')`.execute(db);

  await db.schema
    .createTable('loom.sweeps')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('swept_to', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('loom.notifications')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('loom.users.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('entity', 'text')
    .addColumn('record_id', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('read_at', 'timestamptz')
    .addUniqueConstraint('notifications_user_key', ['user_id', 'key'])
    .execute();
  await sql`create index notifications_user_created on loom.notifications (user_id, created_at desc, id desc)`.execute(db);
  await sql`create index notifications_user_unread on loom.notifications (user_id) where read_at is null`.execute(db);

  await db.schema
    .createTable('loom.emails_sent')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('sent_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('loom.reminder_deliveries')
    .addColumn('reminder', 'text', (c) => c.notNull())
    .addColumn('record_id', 'uuid', (c) => c.notNull())
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('delivered_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('reminder_deliveries_pkey', ['reminder', 'record_id', 'due_at'])
    .execute();
}
