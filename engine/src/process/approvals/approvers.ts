import { sql, type Kysely } from 'kysely';
import { localizedError } from '../../errors/loom-error.ts';
import { message } from '../../errors/messages.ts';
import type { CompiledApproval, CompiledApprovalStep } from '../../model/compile-approval.ts';
import type { CompiledEntity, CompiledModel } from '../../model/compiled-model.ts';
import { userAt } from './record-facts.ts';

/** A manager chain is followed at most this far (a cycle written behind the API's back ends too). */
const MAX_CHAIN = 20;

/**
 * The first active manager above a user: their manager, or when that one is deactivated, the
 * deactivated manager's manager, and so on up the chain. Null when the chain ends first.
 */
export async function activeManagerOf(trx: Kysely<any>, userId: string): Promise<string | null> {
  const { rows } = await sql<{ id: string }>`
    with recursive chain(id, active, depth) as (
      select m.id, m.active, 1 from loom.users u join loom.users m on m.id = u.manager_id where u.id = ${userId}::uuid
      union all
      select m.id, m.active, c.depth + 1 from chain c join loom.users u on u.id = c.id join loom.users m on m.id = u.manager_id
      where not c.active and c.depth < ${MAX_CHAIN}
    )
    select id::text as id from chain where active order by depth limit 1`.execute(trx);
  return rows[0]?.id ?? null;
}

/** Active users among these ids, in the order given. */
export async function activeUsers(trx: Kysely<any>, ids: readonly string[]): Promise<string[]> {
  if (!ids.length) return [];
  const { rows } = await sql<{ id: string }>`select id::text as id from loom.users where id = any(${[...ids]}::uuid[]) and active`.execute(trx);
  const active = new Set(rows.map((r) => r.id));
  return ids.filter((id) => active.has(id));
}

/** Who the step's `approvers` names, as the record is now. */
async function namedApprovers(trx: Kysely<any>, model: CompiledModel, entity: CompiledEntity, recordId: string, step: CompiledApprovalStep): Promise<string[]> {
  const a = step.approvers as { role?: string; users?: string[]; managerOf?: string; field?: string };
  if (a.role !== undefined) {
    const { rows } = await sql<{ id: string }>`select id::text as id from loom.users where active and ${a.role} = any(roles) order by name, id`.execute(trx);
    return rows.map((r) => r.id);
  }
  // Listed ids that are not user ids name nobody (the metadata may list users of another installation).
  if (a.users !== undefined) return activeUsers(trx, a.users.filter(isUuid));
  const holder = await userAt(trx, model, entity, recordId, (a.managerOf ?? a.field)!);
  if (!holder) return [];
  if (a.managerOf !== undefined) {
    const manager = await activeManagerOf(trx, holder);
    return manager ? [manager] : [];
  }
  return activeUsers(trx, [holder]);
}

/**
 * The approvers of a step for one record: who the metadata names, without the submitter unless
 * the approval allows self-approval. When nobody is left, the submitter's (first active)
 * manager; when there is none, the active administrators. Refused (409) when still nobody.
 */
export async function resolveApprovers(
  trx: Kysely<any>,
  model: CompiledModel,
  approval: CompiledApproval,
  entity: CompiledEntity,
  recordId: string,
  step: CompiledApprovalStep,
  submitter: string | null,
): Promise<string[]> {
  const allowed = (ids: string[]) => [...new Set(ids)].filter((id) => approval.allowSelfApproval || id !== submitter);
  let approvers = allowed(await namedApprovers(trx, model, entity, recordId, step));
  if (!approvers.length && submitter) {
    const manager = await activeManagerOf(trx, submitter);
    approvers = allowed(manager ? [manager] : []);
  }
  if (!approvers.length) {
    const { rows } = await sql<{ id: string }>`select id::text as id from loom.users where active and is_admin order by name, id`.execute(trx);
    approvers = allowed(rows.map((r) => r.id));
  }
  if (!approvers.length) {
    throw localizedError(
      'LOOM_ERR_APPROVAL_NO_APPROVER',
      message('approval.noApprover', { approval: term(approval), step: { name: step.name, label: step.label } }),
    );
  }
  return approvers;
}

export function term(approval: CompiledApproval) {
  return { name: approval.name, label: approval.label };
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_RE.test(value);
}
