import { sql, type Kysely } from 'kysely';
import { loomError, loomErrors } from '../../errors/loom-error.ts';
import type { CompiledEntity, CompiledModel } from '../../model/compiled-model.ts';
import { UUID } from '../../model/field-types/reference.ts';
import { authorizeRecordAction } from './authorize-write.ts';
import { writeHistory } from '../write/record-history.ts';
import { recordTable } from './record-scope.ts';
import type { WriteContext } from '../write/write-context.ts';
import { ownerTeamKeySql } from './owner-team-key.ts';

export const MAX_TRANSFER_IDS = 1000;

/**
 * Hands records to another owner in one transaction: each must be one the actor may
 * update (else nothing moves), and each move is in the record's history.
 */
export async function transferRecords(trx: Kysely<any>, ctx: WriteContext, entity: CompiledEntity, ids: readonly string[], to: string): Promise<number> {
  if (!entity.owned) throw loomError('LOOM_ERR_HTTP_BAD_REQUEST', `${entity.name} records have no owner to transfer.`);
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_TRANSFER_IDS) throw loomErrors('LOOM_ERR_HTTP_BAD_REQUEST', [{ path: '/ids', message: `must list 1 to ${MAX_TRANSFER_IDS} record ids` }]);
  ids.forEach((id, i) => {
    if (typeof id !== 'string' || !UUID.test(id)) throw loomErrors('LOOM_ERR_HTTP_BAD_REQUEST', [{ path: `/ids/${i}`, message: 'must be a record id' }]);
  });
  await assertActiveUser(trx, to, '/owner');
  for (const id of ids) await authorizeRecordAction(trx, ctx, entity, id, 'update');
  const { rows } = await sql<{ id: string; old: string | null }>`
    update ${recordTable(entity)} as r set owner = ${to}::uuid, owner_team_key = ${ownerTeamKeySql(to)}, version = r.version + 1, updated_at = ${ctx.now}, updated_by = ${ctx.actorId}
    from (select id, owner as old from ${recordTable(entity)} where id = any(${[...ids]}::uuid[]) for update) as prev
    where r.id = prev.id and r.owner is distinct from ${to}::uuid returning r.id, prev.old`.execute(trx);
  for (const row of rows) await writeHistory(trx, entity, row.id, 'transfer', { owner: [row.old, to] }, ctx.actorId);
  return rows.length;
}

/**
 * The person-leaves case: every record `from` owns, in every owned entity, goes to
 * `to` in one transaction, each move recorded in its record's history.
 */
export async function transferAllRecords(trx: Kysely<any>, ctx: WriteContext, model: CompiledModel, from: string, to: string): Promise<Record<string, number>> {
  if (!ctx.actor.admin) throw loomError('LOOM_ERR_AUTH_ACTION_FORBIDDEN', 'Only administrators can transfer all records of a person.');
  if (!UUID.test(from)) throw loomErrors('LOOM_ERR_HTTP_BAD_REQUEST', [{ path: '/from', message: 'must be a user id' }]);
  await assertActiveUser(trx, to, '/to');
  const moved: Record<string, number> = {};
  for (const entity of model.entities.values()) {
    if (!entity.owned) continue;
    const { rows } = await sql<{ id: string }>`
      update ${recordTable(entity)} set owner = ${to}::uuid, owner_team_key = ${ownerTeamKeySql(to)}, version = version + 1, updated_at = ${ctx.now}, updated_by = ${ctx.actorId}
      where owner = ${from}::uuid returning id`.execute(trx);
    if (!rows.length) continue;
    moved[entity.name] = rows.length;
    await sql`insert into loom.history (entity, record_id, action, changes, actor)
      select ${entity.name}, id, 'transfer', ${JSON.stringify({ owner: [from, to] })}::jsonb, ${ctx.actorId}::uuid from unnest(${rows.map((r) => r.id)}::uuid[]) as id`.execute(trx);
  }
  return moved;
}

async function assertActiveUser(trx: Kysely<any>, id: unknown, path: string) {
  if (typeof id !== 'string' || !UUID.test(id)) throw loomErrors('LOOM_ERR_HTTP_BAD_REQUEST', [{ path, message: 'must be a user id' }]);
  const { rows } = await sql<{ active: boolean }>`select active from loom.users where id = ${id}::uuid`.execute(trx);
  if (!rows[0]?.active) throw loomErrors('LOOM_ERR_HTTP_BAD_REQUEST', [{ path, message: 'must be an active user' }]);
}
