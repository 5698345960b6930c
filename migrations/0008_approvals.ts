import { sql, type Kysely } from 'kysely';

/**
 * Approvals of records (the `approval` kind): one instance per submission (a re-submission after
 * a rejection or a recall is a new round; earlier rounds stay as history), the approvers of the
 * step each instance is at (one task per approver and step occurrence), and every event with
 * who, when and the comment. The instance row is what a decision locks, so two decisions on one
 * step are taken one after the other and the second sees the first.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('loom.approval_instances')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('approval', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('record_id', 'uuid', (c) => c.notNull())
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'approved', 'rejected', 'recalled')`))
    // The record's title when it was submitted, for inboxes (a pending record is locked for most).
    .addColumn('title', 'text')
    .addColumn('step_index', 'integer')
    .addColumn('step_name', 'text')
    // Counts every entry into a step (a returnTo enters an earlier one again): timeouts and
    // notifications are once per occurrence.
    .addColumn('occurrence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('step_started_at', 'timestamptz')
    // When the current step's timeout falls due; cleared once it has been handled.
    .addColumn('due_at', 'timestamptz')
    .addColumn('submitted_by', 'uuid', (c) => c.references('loom.users.id').onDelete('set null'))
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull())
    .addColumn('decided_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('approval_instances_record').on('loom.approval_instances').columns(['record_id', 'submitted_at']).execute();
  // At most one pending instance of an approval per record: a second submit is refused.
  await sql`create unique index approval_instances_one_pending on loom.approval_instances (approval, record_id) where status = 'pending'`.execute(db);
  await sql`create index approval_instances_due on loom.approval_instances (due_at) where status = 'pending' and due_at is not null`.execute(db);

  await db.schema
    .createTable('loom.approval_tasks')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('instance_id', 'uuid', (c) => c.notNull().references('loom.approval_instances.id').onDelete('cascade'))
    .addColumn('occurrence', 'integer', (c) => c.notNull())
    .addColumn('step_name', 'text', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('loom.users.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('waiting', 'approved', 'rejected', 'reassigned', 'escalated', 'closed')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('decided_at', 'timestamptz')
    .addColumn('comment', 'text')
    .execute();
  await db.schema.createIndex('approval_tasks_instance').on('loom.approval_tasks').columns(['instance_id', 'occurrence']).execute();
  await sql`create index approval_tasks_waiting on loom.approval_tasks (user_id) where status = 'waiting'`.execute(db);
  // One task per person and step occurrence: adding someone already there changes nothing.
  await sql`create unique index approval_tasks_once on loom.approval_tasks (instance_id, occurrence, user_id)`.execute(db);

  await db.schema
    .createTable('loom.approval_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('instance_id', 'uuid', (c) => c.notNull().references('loom.approval_instances.id').onDelete('cascade'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('actor_id', 'uuid', (c) => c.references('loom.users.id').onDelete('set null'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('step_name', 'text')
    .addColumn('comment', 'text')
    // The other person an event names (reassigned to, added, escalated to).
    .addColumn('target_id', 'uuid', (c) => c.references('loom.users.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('approval_events_instance').on('loom.approval_events').columns(['instance_id', 'id']).execute();
}
