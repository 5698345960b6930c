import { sql, type Kysely } from 'kysely';
import { refreshOwnerTeamKeys } from '../data/access/owner-team-key.ts';
import { uuid7 } from '../data/uuid7.ts';
import { loomError, loomErrors } from '../errors/loom-error.ts';
import { UUID } from './user-input.ts';

export const MAX_TEAM_MEMBERS = 10_000;

export interface Team {
  id: string;
  name: string;
  createdAt: string;
  /** Ids of the team's users. */
  members: string[];
}

const TEAM_COLUMNS = sql`t.id::text as id, t.name, t.created_at,
  coalesce((select array_agg(m.user_id::text order by m.user_id) from loom.team_members m where m.team_id = t.id), '{}'::text[]) as members`;

type TeamRow = { id: string; name: string; created_at: Date; members: string[] };

function toTeam(row: TeamRow): Team {
  return { id: row.id, name: row.name, createdAt: row.created_at.toISOString(), members: row.members };
}

function checkName(name: unknown): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (!trimmed || trimmed.length > 100) throw loomErrors('LOOM_ERR_AUTH_INVALID', [{ path: '/name', message: 'must be a name of 1 to 100 characters' }]);
  return trimmed;
}

export async function listTeams(db: Kysely<any>): Promise<Team[]> {
  const { rows } = await sql<TeamRow>`select ${TEAM_COLUMNS} from loom.teams t order by t.name`.execute(db);
  return rows.map(toTeam);
}

export async function getTeam(db: Kysely<any>, id: string): Promise<Team> {
  const { rows } = UUID.test(id) ? await sql<TeamRow>`select ${TEAM_COLUMNS} from loom.teams t where t.id = ${id}::uuid`.execute(db) : { rows: [] };
  if (!rows[0]) throw loomError('LOOM_ERR_AUTH_NOT_FOUND', `No team with id "${id.slice(0, 64)}".`);
  return toTeam(rows[0]);
}

export async function findTeamByName(db: Kysely<any>, name: string): Promise<Team | undefined> {
  const { rows } = await sql<TeamRow>`select ${TEAM_COLUMNS} from loom.teams t where t.name = ${name}`.execute(db);
  return rows[0] && toTeam(rows[0]);
}

export async function createTeam(db: Kysely<any>, input: { name?: unknown }): Promise<Team> {
  const name = checkName(input.name);
  const id = uuid7();
  await uniqueName(sql`insert into loom.teams (id, name) values (${id}::uuid, ${name})`.execute(db));
  return getTeam(db, id);
}

export async function renameTeam(db: Kysely<any>, id: string, input: { name?: unknown }): Promise<Team> {
  const name = checkName(input.name);
  await getTeam(db, id);
  await uniqueName(sql`update loom.teams set name = ${name} where id = ${id}::uuid`.execute(db));
  return getTeam(db, id);
}

/** Replaces the team's members with exactly these users, in one transaction. */
export async function setTeamMembers(db: Kysely<any>, id: string, userIds: unknown): Promise<Team> {
  const ids = checkMemberIds(userIds);
  await db.transaction().execute(async (trx) => {
    const { rows: team } = UUID.test(id) ? await sql`select 1 from loom.teams where id = ${id}::uuid for update`.execute(trx) : { rows: [] };
    if (!team.length) throw loomError('LOOM_ERR_AUTH_NOT_FOUND', `No team with id "${id.slice(0, 64)}".`);
    const { rows: found } = await sql<{ id: string }>`select id::text as id from loom.users where id = any(${ids}::uuid[])`.execute(trx);
    const known = new Set(found.map((r) => r.id));
    const missing = ids.map((u, i) => ({ u, i })).filter(({ u }) => !known.has(u));
    if (missing.length)
      throw loomErrors(
        'LOOM_ERR_AUTH_INVALID',
        missing.map(({ i }) => ({ path: `/members/${i}`, message: 'no user has this id' })),
      );
    const { rows: left } = await sql<{ user_id: string }>`delete from loom.team_members where team_id = ${id}::uuid and not (user_id = any(${ids}::uuid[]))
      returning user_id::text as user_id`.execute(trx);
    const { rows: joined } = await sql<{
      user_id: string;
    }>`insert into loom.team_members (team_id, user_id) select ${id}::uuid, u from unnest(${ids}::uuid[]) as u
      on conflict do nothing returning user_id::text as user_id`.execute(trx);
    // Who joined or left now has other teams: their records' team keys follow.
    await refreshOwnerTeamKeys(
      trx,
      [...left, ...joined].map((r) => r.user_id),
    );
  });
  return getTeam(db, id);
}

function checkMemberIds(userIds: unknown): string[] {
  if (!Array.isArray(userIds) || userIds.length > MAX_TEAM_MEMBERS)
    throw loomErrors('LOOM_ERR_AUTH_INVALID', [{ path: '/members', message: `must be a list of at most ${MAX_TEAM_MEMBERS} user ids` }]);
  const bad = userIds.map((u, i) => ({ u, i })).filter(({ u }) => typeof u !== 'string' || !UUID.test(u));
  if (bad.length)
    throw loomErrors(
      'LOOM_ERR_AUTH_INVALID',
      bad.map(({ i }) => ({ path: `/members/${i}`, message: 'must be a user id' })),
    );
  return [...new Set((userIds as string[]).map((u) => u.toLowerCase()))];
}

async function uniqueName(work: Promise<unknown>) {
  try {
    await work;
  } catch (error) {
    if ((error as { code?: string }).code === '23505')
      throw loomErrors('LOOM_ERR_AUTH_CONFLICT', [{ path: '/name', message: 'another team already has this name' }]);
    throw error;
  }
}
