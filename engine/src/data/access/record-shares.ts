import { sql, type Kysely } from 'kysely';
import { loomError, loomErrors } from '../../errors/loom-error.ts';
import type { CompiledEntity } from '../../model/compiled-model.ts';
import { UUID } from '../../model/field-types/reference.ts';
import { authorizeRecordAction } from './authorize-write.ts';
import { writeHistory } from '../write/record-history.ts';
import type { WriteContext } from '../write/write-context.ts';

export interface ShareInput {
  user?: unknown;
  team?: unknown;
  access?: unknown;
}

/** Shares one record with a user or a team (read or read-write); whoever may update the record may share it. */
export async function shareRecord(trx: Kysely<any>, ctx: WriteContext, entity: CompiledEntity, id: string, input: ShareInput) {
  await authorizeRecordAction(trx, ctx, entity, id, 'update');
  const access = input.access ?? 'read';
  const problems = [];
  if (access !== 'read' && access !== 'write') problems.push({ path: '/access', message: 'must be "read" or "write"' });
  const target = input.user !== undefined ? { column: 'user', id: input.user, table: 'users' } : { column: 'team', id: input.team, table: 'teams' };
  if ((input.user === undefined) === (input.team === undefined)) problems.push({ path: '/', message: 'give exactly one of "user" or "team"' });
  else if (typeof target.id !== 'string' || !UUID.test(target.id)) problems.push({ path: `/${target.column}`, message: `must be a ${target.column} id` });
  if (problems.length) throw loomErrors('LOOM_ERR_HTTP_BAD_REQUEST', problems);
  const exists = target.table === 'users'
    ? await sql`select 1 from loom.users where id = ${target.id}::uuid and active`.execute(trx)
    : await sql`select 1 from loom.teams where id = ${target.id}::uuid`.execute(trx);
  if (!exists.rows.length) throw loomErrors('LOOM_ERR_HTTP_BAD_REQUEST', [{ path: `/${target.column}`, message: `no such ${target.column}` }]);
  const userId = target.column === 'user' ? target.id : null;
  const teamId = target.column === 'team' ? target.id : null;
  await sql`delete from loom.record_shares where entity = ${entity.name} and record_id = ${id}::uuid
    and user_id is not distinct from ${userId}::uuid and team_id is not distinct from ${teamId}::uuid`.execute(trx);
  const { rows } = await sql<{ id: string }>`insert into loom.record_shares (entity, record_id, user_id, team_id, access, created_by)
    values (${entity.name}, ${id}::uuid, ${userId}::uuid, ${teamId}::uuid, ${access}, ${ctx.actorId}::uuid) returning id::text as id`.execute(trx);
  await writeHistory(trx, entity, id, 'share', { shared: [null, { [target.column]: target.id, access }] }, ctx.actorId);
  return { id: rows[0].id, user: userId, team: teamId, access };
}

export async function listShares(db: Kysely<any>, entity: CompiledEntity, id: string) {
  const { rows } = await sql<{ id: string; user_id: string | null; team_id: string | null; access: string; created_at: Date }>`
    select id::text as id, user_id, team_id, access, created_at from loom.record_shares where entity = ${entity.name} and record_id = ${id}::uuid order by created_at`.execute(db);
  return rows.map((r) => ({ id: r.id, user: r.user_id, team: r.team_id, access: r.access, createdAt: r.created_at.toISOString() }));
}

export async function unshareRecord(trx: Kysely<any>, ctx: WriteContext, entity: CompiledEntity, id: string, shareId: string) {
  await authorizeRecordAction(trx, ctx, entity, id, 'update');
  const { rows } = await sql<{ user_id: string | null; team_id: string | null }>`delete from loom.record_shares
    where entity = ${entity.name} and record_id = ${id}::uuid and id::text = ${shareId} returning user_id, team_id`.execute(trx);
  if (!rows.length) throw loomError('LOOM_ERR_HTTP_NOT_FOUND', `No share "${shareId.slice(0, 64)}" on this record.`);
  await writeHistory(trx, entity, id, 'share', { shared: [{ user: rows[0].user_id, team: rows[0].team_id }, null] }, ctx.actorId);
}
