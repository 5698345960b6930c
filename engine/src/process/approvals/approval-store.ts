import { sql, type Kysely, type RawBuilder } from 'kysely';
import { uuid7 } from '../../data/uuid7.ts';

/** The tables of migration 0008: instances, the approvers' tasks and the events of each. */

export type InstanceStatus = 'pending' | 'approved' | 'rejected' | 'recalled';
export type TaskStatus = 'waiting' | 'approved' | 'rejected' | 'reassigned' | 'escalated' | 'closed';

export interface InstanceRow {
  id: string;
  approval: string;
  entity: string;
  record_id: string;
  round: number;
  status: InstanceStatus;
  title: string | null;
  step_index: number | null;
  step_name: string | null;
  occurrence: number;
  step_started_at: Date | null;
  due_at: Date | null;
  submitted_by: string | null;
  submitted_at: Date;
  decided_at: Date | null;
}

export interface TaskRow {
  id: string;
  instance_id: string;
  occurrence: number;
  step_name: string;
  user_id: string;
  status: TaskStatus;
  created_at: Date;
  decided_at: Date | null;
  comment: string | null;
}

export const INSTANCE_COLUMNS = sql`id::text as id, approval, entity, record_id::text as record_id, round, status, title, step_index, step_name,
  occurrence, step_started_at, due_at, submitted_by::text as submitted_by, submitted_at, decided_at`;

/** An instance as a decision reads it: locked, with the tasks of the step occurrence it is at. */
export type LockedInstance = InstanceRow & { tasks: TaskRow[] };

/** The instance, locked until the transaction ends (decisions on it are taken one at a time), with its current tasks, in one statement. */
export async function lockInstance(trx: Kysely<any>, id: string): Promise<LockedInstance | undefined> {
  const { rows } = await sql<InstanceRow & { tasks: TaskRow[] }>`select ${INSTANCE_COLUMNS},
      (select coalesce(json_agg(json_build_object('id', t.id, 'instance_id', t.instance_id, 'occurrence', t.occurrence, 'step_name', t.step_name,
        'user_id', t.user_id, 'status', t.status, 'created_at', t.created_at, 'decided_at', t.decided_at, 'comment', t.comment) order by t.created_at, t.id), '[]'::json)
       from loom.approval_tasks t where t.instance_id = i.id and t.occurrence = i.occurrence) as tasks
    from loom.approval_instances i where id = ${id}::uuid for update of i`.execute(trx);
  const row = rows[0];
  if (!row) return undefined;
  return { ...row, tasks: typeof row.tasks === 'string' ? JSON.parse(row.tasks) : row.tasks };
}

export async function readInstance(db: Kysely<any>, id: string): Promise<InstanceRow | undefined> {
  const { rows } = await sql<InstanceRow>`select ${INSTANCE_COLUMNS} from loom.approval_instances where id = ${id}::uuid`.execute(db);
  return rows[0];
}

/** The pending instances of a record (at most one per approval). */
export async function pendingInstances(db: Kysely<any>, entity: string, recordId: string): Promise<InstanceRow[]> {
  const { rows } = await sql<InstanceRow>`select ${INSTANCE_COLUMNS} from loom.approval_instances
    where record_id = ${recordId}::uuid and entity = ${entity} and status = 'pending'`.execute(db);
  return rows;
}

/** Every instance of a record, newest submission first. */
export async function instancesOfRecord(db: Kysely<any>, recordId: string): Promise<InstanceRow[]> {
  const { rows } = await sql<InstanceRow>`select ${INSTANCE_COLUMNS} from loom.approval_instances
    where record_id = ${recordId}::uuid order by submitted_at desc, round desc`.execute(db);
  return rows;
}

export async function insertInstance(
  trx: Kysely<any>,
  values: { approval: string; entity: string; recordId: string; title: string | null; submittedBy: string | null; now: Date },
): Promise<InstanceRow> {
  const id = uuid7(values.now.getTime());
  const { rows } = await sql<InstanceRow>`
    insert into loom.approval_instances (id, approval, entity, record_id, round, status, title, submitted_by, submitted_at)
    values (${id}::uuid, ${values.approval}, ${values.entity}, ${values.recordId}::uuid,
      (select coalesce(max(round), 0) + 1 from loom.approval_instances where approval = ${values.approval} and record_id = ${values.recordId}::uuid),
      'pending', ${values.title}, ${values.submittedBy}::uuid, ${values.now})
    returning ${INSTANCE_COLUMNS}`.execute(trx);
  return rows[0];
}

/** Moves the instance to a step (a new occurrence) with its timeout, closing the tasks still waiting at the one it leaves. */
export async function setStep(trx: Kysely<any>, id: string, step: { index: number; name: string; now: Date; dueAt: Date | null } | null): Promise<number> {
  if (!step) {
    await sql`update loom.approval_instances set step_index = null, step_name = null, due_at = null where id = ${id}::uuid`.execute(trx);
    return 0;
  }
  // The tasks still waiting at the step it leaves are done (in the same statement).
  const { rows } = await sql<{ occurrence: number }>`with closed as (
      update loom.approval_tasks set status = 'closed', decided_at = ${step.now} where instance_id = ${id}::uuid and status = 'waiting')
    update loom.approval_instances
    set step_index = ${step.index}, step_name = ${step.name}, occurrence = occurrence + 1, step_started_at = ${step.now}, due_at = ${step.dueAt}
    where id = ${id}::uuid returning occurrence`.execute(trx);
  return rows[0].occurrence;
}

/** An approver's answer: their task's new status and the event that records it. */
export interface Answer {
  readonly taskId: string;
  readonly status: 'approved' | 'rejected';
  readonly event: { instanceId: string; at: Date; actor: string | null; action: EventAction; step: string; comment: string | null };
}

/**
 * Ends the instance, closes the tasks still waiting, and records the event that ended it, in one
 * statement; with the answer that ended it (the last approver's), that answer too, its event
 * first; and `along`, a statement of another part to run with it (the submitter's notice).
 */
export async function finishInstance(
  trx: Kysely<any>,
  id: string,
  status: Exclude<InstanceStatus, 'pending'>,
  now: Date,
  event: { actor: string | null; action: EventAction; step?: string | null; comment?: string | null },
  answer?: Answer,
  along?: RawBuilder<unknown>,
): Promise<void> {
  const events = [sql`(2, ${now}::timestamptz, ${event.actor}::uuid, ${event.action}::text, ${event.step ?? null}::text, ${event.comment ?? null}::text)`];
  const before: RawBuilder<unknown>[] = [];
  if (answer) {
    const a = answer.event;
    before.push(
      sql`answered as (update loom.approval_tasks set status = ${answer.status}, decided_at = ${a.at}, comment = ${a.comment} where id = ${answer.taskId}::uuid)`,
    );
    events.unshift(sql`(1, ${a.at}::timestamptz, ${a.actor}::uuid, ${a.action}::text, ${a.step}::text, ${a.comment}::text)`);
  }
  if (along) before.push(sql`notice as (${along})`);
  // The answered task is left out of the tasks closed: one statement changes a row once.
  const answered = answer ? sql`and id <> ${answer.taskId}::uuid` : sql``;
  await sql`with ${sql.join([
    ...before,
    sql`closed as (update loom.approval_tasks set status = 'closed', decided_at = ${now} where instance_id = ${id}::uuid and status = 'waiting' ${answered})`,
    sql`ended as (update loom.approval_instances set status = ${status}, decided_at = ${now}, step_index = null, step_name = null, due_at = null
      where id = ${id}::uuid returning id)`,
  ])}
    insert into loom.approval_events (instance_id, at, actor_id, action, step_name, comment)
    select ended.id, e.at, e.actor, e.action, e.step, e.comment from ended, (values ${sql.join(events)}) as e(n, at, actor, action, step, comment)
    order by e.n`.execute(trx);
}

export async function clearDue(trx: Kysely<any>, id: string): Promise<void> {
  await sql`update loom.approval_instances set due_at = null where id = ${id}::uuid`.execute(trx);
}

export async function insertTasks(
  trx: Kysely<any>,
  instanceId: string,
  occurrence: number,
  stepName: string,
  users: readonly string[],
  now: Date,
): Promise<void> {
  for (const user of users) {
    await sql`insert into loom.approval_tasks (id, instance_id, occurrence, step_name, user_id, status, created_at)
      values (${uuid7(now.getTime())}::uuid, ${instanceId}::uuid, ${occurrence}, ${stepName}, ${user}::uuid, 'waiting', ${now})
      on conflict (instance_id, occurrence, user_id) do update set status = 'waiting', created_at = excluded.created_at, decided_at = null, comment = null
      where approval_tasks.status in ('reassigned', 'escalated', 'closed')`.execute(trx);
  }
}

/** The tasks of one step occurrence. */
export async function tasksOf(db: Kysely<any>, instanceId: string, occurrence: number): Promise<TaskRow[]> {
  const { rows } =
    await sql<TaskRow>`select id::text as id, instance_id::text as instance_id, occurrence, step_name, user_id::text as user_id, status, created_at, decided_at, comment
    from loom.approval_tasks where instance_id = ${instanceId}::uuid and occurrence = ${occurrence} order by created_at, id`.execute(db);
  return rows;
}

export async function setTask(trx: Kysely<any>, taskId: string, status: TaskStatus, now: Date, comment: string | null): Promise<void> {
  await sql`update loom.approval_tasks set status = ${status}, decided_at = ${now}, comment = ${comment} where id = ${taskId}::uuid`.execute(trx);
}

/** An approver's answer and its event, in one statement. */
export async function answerTask(trx: Kysely<any>, answer: Answer): Promise<void> {
  const event = answer.event;
  await sql`with answered as (
      update loom.approval_tasks set status = ${answer.status}, decided_at = ${event.at}, comment = ${event.comment} where id = ${answer.taskId}::uuid returning instance_id)
    insert into loom.approval_events (instance_id, at, actor_id, action, step_name, comment)
    select instance_id, ${event.at}, ${event.actor}::uuid, ${event.action}, ${event.step}, ${event.comment} from answered`.execute(trx);
}

export type EventAction =
  | 'submitted'
  | 'step'
  | 'skipped'
  | 'approve'
  | 'reject'
  | 'returned'
  | 'approved'
  | 'rejected'
  | 'recalled'
  | 'reassigned'
  | 'added'
  | 'reminded'
  | 'escalated';

export async function addEvent(
  trx: Kysely<any>,
  event: { instanceId: string; at: Date; actor: string | null; action: EventAction; step?: string | null; comment?: string | null; target?: string | null },
): Promise<void> {
  await sql`insert into loom.approval_events (instance_id, at, actor_id, action, step_name, comment, target_id)
    values (${event.instanceId}::uuid, ${event.at}, ${event.actor}::uuid, ${event.action}, ${event.step ?? null}, ${event.comment ?? null}, ${event.target ?? null}::uuid)`.execute(
    trx,
  );
}
