import { sql, type Kysely } from 'kysely';
import type { Label } from '@loom/metadata';
import type { Actor } from '../../data/actor.ts';
import { authorizeRecordAction } from '../../data/access/authorize-write.ts';
import type { ProcessServices } from '../process-services.ts';
import { INSTANCE_COLUMNS, instancesOfRecord, pendingInstances, type InstanceRow, type TaskStatus } from './approval-store.ts';
import { approvalOf, mayReadRecord } from './open-flow.ts';
import { conditionHolds } from './record-facts.ts';

export interface UserRef {
  readonly id: string;
  readonly name: string;
}

export interface InboxItem {
  readonly instance: string;
  readonly approval: string;
  readonly approvalLabel: Label;
  readonly entity: string;
  readonly record: string;
  readonly title: string | null;
  readonly step: { readonly name: string; readonly label: Label };
  readonly submitter: UserRef | null;
  readonly submittedAt: string;
  /** When the step reached the caller. */
  readonly since: string;
  readonly dueAt: string | null;
}

export interface InstanceView {
  readonly id: string;
  readonly approval: string;
  readonly approvalLabel: Label;
  readonly entity: string;
  readonly record: string;
  readonly title: string | null;
  readonly round: number;
  readonly status: InstanceRow['status'];
  readonly submitter: UserRef | null;
  readonly submittedAt: string;
  readonly decidedAt: string | null;
  readonly step: { readonly name: string; readonly label: Label; readonly since: string | null; readonly dueAt: string | null } | null;
  readonly approvers: readonly { readonly user: UserRef; readonly status: TaskStatus; readonly decidedAt: string | null; readonly comment: string | null }[];
  readonly history: readonly {
    readonly at: string;
    readonly action: string;
    readonly actor: UserRef | null;
    readonly step: { readonly name: string; readonly label: Label } | null;
    readonly comment: string | null;
    readonly target: UserRef | null;
  }[];
  /** What the caller may do with it now. */
  readonly can: { readonly decide: boolean; readonly recall: boolean; readonly reassign: boolean; readonly addApprover: boolean; readonly edit: boolean };
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const INBOX_LIMIT = 200;

/** What waits for the caller's decision: the steps where they are an approver still to answer, oldest first; and how many. */
export async function inbox(services: ProcessServices, db: Kysely<any>, actor: Actor): Promise<{ data: InboxItem[]; count: number }> {
  if (!actor.id) return { data: [], count: 0 };
  const { rows } = await sql<InstanceRow & { since: Date; submitter_name: string | null; total: string }>`
    select i.id::text as id, i.approval, i.entity, i.record_id::text as record_id, i.title, i.step_index, i.step_name, i.submitted_by::text as submitted_by,
      i.submitted_at, i.due_at, t.created_at as since, u.name as submitter_name, count(*) over () as total
    from loom.approval_tasks t
    join loom.approval_instances i on i.id = t.instance_id and i.occurrence = t.occurrence and i.status = 'pending'
    left join loom.users u on u.id = i.submitted_by
    where t.user_id = ${actor.id}::uuid and t.status = 'waiting'
    order by t.created_at, i.id limit ${INBOX_LIMIT}`.execute(db);
  const data: InboxItem[] = [];
  for (const row of rows) {
    const found = approvalOf(services, row.approval);
    const step = found?.approval.steps.find((s) => s.name === row.step_name);
    data.push({
      instance: row.id,
      approval: row.approval,
      approvalLabel: found?.approval.label ?? row.approval,
      entity: row.entity,
      record: row.record_id,
      title: row.title,
      step: { name: row.step_name ?? '', label: step?.label ?? row.step_name ?? '' },
      submitter: row.submitted_by ? { id: row.submitted_by, name: row.submitter_name ?? '' } : null,
      submittedAt: iso(row.submitted_at)!,
      since: iso(row.since)!,
      dueAt: iso(row.due_at),
    });
  }
  return { data, count: rows.length ? Number(rows[0].total) : 0 };
}

/** How many decisions wait for the caller (the menu's badge). */
export async function inboxCount(db: Kysely<any>, actor: Actor): Promise<number> {
  if (!actor.id) return 0;
  const { rows } = await sql<{ n: string }>`select count(*) as n from loom.approval_tasks t
    join loom.approval_instances i on i.id = t.instance_id and i.occurrence = t.occurrence and i.status = 'pending'
    where t.user_id = ${actor.id}::uuid and t.status = 'waiting'`.execute(db);
  return Number(rows[0].n);
}

/** An instance row as JSON brings it: times as text. */
type InstanceJson = Omit<InstanceRow, 'submitted_at' | 'decided_at' | 'step_started_at' | 'due_at'> & {
  submitted_at: string;
  decided_at: string | null;
  step_started_at: string | null;
  due_at: string | null;
};

/** Approvals by id with their decisions and the names of the people in them, newest submission first, in one statement. */
export async function instanceViews(services: ProcessServices, db: Kysely<any>, ids: readonly string[], actor: Actor): Promise<InstanceView[]> {
  if (!ids.length) return [];
  // One statement: the tasks and events of every instance, and the names of everyone they name.
  const { rows } = await sql<{ instances: unknown; tasks: unknown; events: unknown; names: unknown }>`
    with t as (
      select instance_id::text as instance_id, occurrence, user_id::text as user_id, status, decided_at, comment, created_at, id
      from loom.approval_tasks where instance_id = any(${ids}::uuid[])
    ), e as (
      select id, instance_id::text as instance_id, at, action, actor_id::text as actor_id, step_name, comment, target_id::text as target_id
      from loom.approval_events where instance_id = any(${ids}::uuid[])
    ), people as (
      select user_id::uuid as id from t union select actor_id::uuid from e where actor_id is not null
      union select target_id::uuid from e where target_id is not null
      union select submitted_by from loom.approval_instances where id = any(${ids}::uuid[]) and submitted_by is not null
    )
    select (select coalesce(json_agg(i order by i.submitted_at desc, i.round desc), '[]'::json) from (
        select ${INSTANCE_COLUMNS} from loom.approval_instances where id = any(${ids}::uuid[])) as i) as instances,
      (select coalesce(json_agg(t order by t.created_at, t.id), '[]'::json) from t) as tasks, (select coalesce(json_agg(e order by e.id), '[]'::json) from e) as events,
      (select coalesce(json_object_agg(u.id::text, u.name), '{}'::json) from loom.users u where u.id in (select id from people)) as names`.execute(db);
  const parse = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;
  const tasks = {
    rows: parse<{ instance_id: string; occurrence: number; user_id: string; status: TaskStatus; decided_at: string | null; comment: string | null }[]>(
      rows[0].tasks,
    ),
  };
  const events = {
    rows: parse<
      { instance_id: string; at: string; action: string; actor_id: string | null; step_name: string | null; comment: string | null; target_id: string | null }[]
    >(rows[0].events),
  };
  const names = new Map(Object.entries(parse<Record<string, string>>(rows[0].names)));
  const instances = parse<InstanceJson[]>(rows[0].instances);
  const ref = (id: string | null): UserRef | null => (id ? { id, name: names.get(id) ?? '' } : null);
  return instances.map((instance) => {
    const found = approvalOf(services, instance.approval);
    const stepLabel = (name: string | null) => found?.approval.steps.find((s) => s.name === name)?.label ?? name ?? '';
    const step = found?.approval.steps.find((s) => s.name === instance.step_name);
    const current = tasks.rows.filter((t) => t.instance_id === instance.id && t.occurrence === instance.occurrence && instance.status === 'pending');
    const waitingForMe = current.some((t) => t.user_id === actor.id && t.status === 'waiting');
    return {
      id: instance.id,
      approval: instance.approval,
      approvalLabel: found?.approval.label ?? instance.approval,
      entity: instance.entity,
      record: instance.record_id,
      title: instance.title,
      round: instance.round,
      status: instance.status,
      submitter: ref(instance.submitted_by),
      submittedAt: iso(instance.submitted_at)!,
      decidedAt: iso(instance.decided_at),
      step:
        instance.status === 'pending' && instance.step_name
          ? { name: instance.step_name, label: stepLabel(instance.step_name), since: iso(instance.step_started_at), dueAt: iso(instance.due_at) }
          : null,
      approvers: current
        .filter((t) => t.status !== 'closed')
        .map((t) => ({ user: ref(t.user_id)!, status: t.status, decidedAt: iso(t.decided_at), comment: t.comment })),
      history: events.rows
        .filter((e) => e.instance_id === instance.id)
        .map((e) => ({
          at: iso(e.at)!,
          action: e.action,
          actor: ref(e.actor_id),
          step: e.step_name ? { name: e.step_name, label: stepLabel(e.step_name) } : null,
          comment: e.comment,
          target: ref(e.target_id),
        })),
      can: {
        decide: waitingForMe,
        recall: instance.status === 'pending' && !!actor.id && instance.submitted_by === actor.id,
        reassign: waitingForMe && (step?.allowReassign ?? false),
        addApprover: waitingForMe && (step?.allowAddApprover ?? false),
        // The lock (approval-hooks.ts) lets only the current step's approvers change a pending record.
        edit: !(instance.status === 'pending' && (found?.approval.lock ?? true) && !waitingForMe),
      },
    };
  });
}

/**
 * A record's approvals, newest first, for someone who may read the record (404 otherwise,
 * whether or not it has any), and the approvals the caller may submit it to now.
 */
export async function recordApprovals(
  services: ProcessServices,
  db: Kysely<any>,
  actor: Actor,
  recordId: string,
  entityName?: string,
): Promise<{ entity: string; data: InstanceView[]; submittable: { approval: string; label: Label }[] } | undefined> {
  const instances = await instancesOfRecord(db, recordId);
  const model = services.model();
  const candidates = entityName ? [entityName] : instances.length ? [instances[0].entity] : [...new Set([...model.approvals.values()].map((a) => a.entity))];
  let entity: string | undefined;
  for (const name of candidates) {
    if (model.entities.has(name) && (await mayReadRecord(services, name, recordId, actor))) {
      entity = name;
      break;
    }
  }
  if (!entity) return undefined;
  const mine = instances.filter((i) => i.entity === entity);
  // An approval whose latest round was approved is done: it is not offered again (the API still takes a new round).
  const latest = new Map<string, string>();
  for (const i of mine) if (!latest.has(i.approval)) latest.set(i.approval, i.status);
  const offered = (await submittable(services, db, actor, entity, recordId)).filter((s) => latest.get(s.approval) !== 'approved');
  return {
    entity,
    data: await instanceViews(
      services,
      db,
      mine.map((i) => i.id),
      actor,
    ),
    submittable: offered,
  };
}

/** The approvals of the entity whose entry condition holds for the record, not pending, that the caller may update the record to submit. */
async function submittable(services: ProcessServices, db: Kysely<any>, actor: Actor, entityName: string, recordId: string) {
  const model = services.model();
  const entity = model.entities.get(entityName)!;
  const approvals = [...model.approvals.values()].filter((a) => a.entity === entityName);
  if (!approvals.length) return [];
  const pending = new Set((await pendingInstances(db, entityName, recordId)).map((i) => i.approval));
  try {
    await authorizeRecordAction(db, services.records.writeContextFor(actor), entity, recordId, 'update');
  } catch {
    return [];
  }
  const out: { approval: string; label: Label }[] = [];
  for (const approval of approvals) {
    if (pending.has(approval.name)) continue;
    if (await conditionHolds(db, model, entity, recordId, approval.entry, services.now()))
      out.push({ approval: approval.name, label: approval.label ?? approval.name });
  }
  return out;
}
