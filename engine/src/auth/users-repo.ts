import { sql, type Kysely } from 'kysely';
import { uuid7 } from '../data/uuid7.ts';
import { loomError, loomErrors } from '../errors/loom-error.ts';
import { revokeUserTokens } from './api-tokens.ts';
import { hashPassword } from './passwords.ts';
import { revokeUserSessions } from './sessions.ts';
import { checkUserInput, normalizeEmail, UUID, type InputRules, type UserChanges, type UserInput } from './user-input.ts';

/** A user as the API shows it: never the password hash. */
export interface PublicUser {
  id: string;
  email: string;
  name: string;
  active: boolean;
  admin: boolean;
  roles: string[];
  manager: string | null;
  teams: { id: string; name: string }[];
  createdAt: string;
  updatedAt: string;
  deactivatedAt: string | null;
}

// Every user write takes this lock first, so concurrent edits cannot build a manager
// cycle or demote the last two administrators at once.
const USERS_LOCK = sql`select pg_advisory_xact_lock(hashtext('loom.users'))`;

const PUBLIC_COLUMNS = sql`u.id::text as id, u.email, u.name, u.active, u.is_admin, u.roles::text[] as roles, u.manager_id::text as manager_id,
  u.created_at, u.updated_at, u.deactivated_at,
  coalesce((select json_agg(json_build_object('id', t.id, 'name', t.name) order by t.name)
    from loom.team_members m join loom.teams t on t.id = m.team_id where m.user_id = u.id), '[]'::json) as teams`;

type UserRow = {
  id: string;
  email: string;
  name: string;
  active: boolean;
  is_admin: boolean;
  roles: string[];
  manager_id: string | null;
  created_at: Date;
  updated_at: Date;
  deactivated_at: Date | null;
  teams: { id: string; name: string }[];
};

function toPublic(row: UserRow): PublicUser {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    active: row.active,
    admin: row.is_admin,
    roles: row.roles ?? [],
    manager: row.manager_id,
    teams: row.teams,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    deactivatedAt: row.deactivated_at?.toISOString() ?? null,
  };
}

export async function getUser(db: Kysely<any>, id: string): Promise<PublicUser | undefined> {
  if (!UUID.test(id)) return undefined;
  const { rows } = await sql<UserRow>`select ${PUBLIC_COLUMNS} from loom.users u where u.id = ${id}::uuid`.execute(db);
  return rows[0] && toPublic(rows[0]);
}

export interface UserQuery {
  q?: string;
  active?: boolean;
  limit: number;
  /** The last email of the previous page (keyset). */
  after?: string;
}

export async function listUsers(db: Kysely<any>, query: UserQuery): Promise<{ data: PublicUser[]; next: string | null }> {
  const q = query.q ? `%${query.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const { rows } = await sql<UserRow>`select ${PUBLIC_COLUMNS} from loom.users u
    where (${q}::text is null or lower(u.email) like ${q} or lower(u.name) like ${q})
      and (${query.active ?? null}::boolean is null or u.active = ${query.active ?? null})
      and (${query.after ?? null}::text is null or u.email > ${query.after ?? null})
    order by u.email limit ${query.limit + 1}`.execute(db);
  const data = rows.slice(0, query.limit).map(toPublic);
  return { data, next: rows.length > query.limit ? data[data.length - 1].email : null };
}

export async function countUsers(db: Kysely<any>): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int8 as n from loom.users`.execute(db);
  return rows[0].n;
}

/** What sign-in needs: the stored hash stays inside the auth module. */
export async function findLoginUser(db: Kysely<any>, email: string): Promise<{ id: string; passwordHash: string | null; active: boolean } | undefined> {
  const { rows } = await sql<{ id: string; password_hash: string | null; active: boolean }>`
    select id::text as id, password_hash, active from loom.users where lower(email) = ${normalizeEmail(email)}`.execute(db);
  return rows[0] && { id: rows[0].id, passwordHash: rows[0].password_hash, active: rows[0].active };
}

export async function createUser(db: Kysely<any>, input: UserInput, rules: InputRules = {}): Promise<PublicUser> {
  const changes = checkUserInput(input, true, rules);
  // Hash outside the transaction: no lock is held while argon2 works.
  const passwordHash = changes.password ? await hashPassword(changes.password) : null;
  const id = uuid7();
  await db.transaction().execute(async (trx) => {
    await USERS_LOCK.execute(trx);
    if (changes.manager) await assertManager(trx, id, changes.manager);
    await insertUser(trx, id, changes, passwordHash);
  });
  return (await getUser(db, id))!;
}

async function insertUser(trx: Kysely<any>, id: string, changes: UserChanges, passwordHash: string | null) {
  const active = changes.active ?? true;
  await guard(
    sql`insert into loom.users (id, email, name, password_hash, is_admin, roles, manager_id, active, deactivated_at)
    values (${id}::uuid, ${changes.email}, ${changes.name}, ${passwordHash}, ${changes.admin ?? false}, ${changes.roles ?? []}::text[],
      ${changes.manager ?? null}::uuid, ${active}, ${active ? null : sql`now()`})`.execute(trx),
  );
}

/**
 * Changes a user. Deactivation, a new password and losing a role or the admin flag revoke
 * every session and token of the user in the same transaction (they stop working at once).
 */
export async function updateUser(db: Kysely<any>, id: string, input: UserInput, rules: InputRules = {}): Promise<{ user: PublicUser; revoked: boolean }> {
  const changes = checkUserInput(input, false, rules);
  const passwordHash = changes.password ? await hashPassword(changes.password) : undefined;
  const revoked = await db.transaction().execute(async (trx) => {
    await USERS_LOCK.execute(trx);
    const before = await lockUser(trx, id);
    if (changes.manager) await assertManager(trx, id, changes.manager);
    if ((changes.active === false || changes.admin === false) && before.is_admin && before.active) await assertAnotherAdmin(trx, id);
    await guard(
      sql`update loom.users set
        email = coalesce(${changes.email ?? null}, email), name = coalesce(${changes.name ?? null}, name),
        password_hash = coalesce(${passwordHash ?? null}, password_hash), is_admin = coalesce(${changes.admin ?? null}::boolean, is_admin),
        roles = coalesce(${changes.roles ?? null}::text[], roles),
        manager_id = case when ${changes.manager !== undefined} then ${changes.manager ?? null}::uuid else manager_id end,
        active = coalesce(${changes.active ?? null}::boolean, active),
        deactivated_at = case when ${changes.active ?? null}::boolean is null then deactivated_at when ${changes.active ?? null}::boolean then null else coalesce(deactivated_at, now()) end,
        updated_at = now()
      where id = ${id}::uuid`.execute(trx),
    );
    const lostRole = changes.roles !== undefined && before.roles.some((r) => !changes.roles!.includes(r));
    const revoke = changes.active === false || passwordHash !== undefined || lostRole || (changes.admin === false && before.is_admin);
    if (revoke) await revokeUserCredentials(trx, id);
    return revoke;
  });
  return { user: (await getUser(db, id))!, revoked };
}

export async function deactivateUser(db: Kysely<any>, id: string): Promise<PublicUser> {
  return (await updateUser(db, id, { active: false })).user;
}

/** Ends every session and token of a user now. */
export async function revokeUserCredentials(db: Kysely<any>, userId: string): Promise<void> {
  await revokeUserSessions(db, userId);
  await revokeUserTokens(db, userId);
}

async function lockUser(trx: Kysely<any>, id: string) {
  const { rows } = UUID.test(id)
    ? await sql<{
        is_admin: boolean;
        active: boolean;
        roles: string[];
      }>`select is_admin, active, roles::text[] as roles from loom.users where id = ${id}::uuid for update`.execute(trx)
    : { rows: [] };
  if (!rows[0]) throw loomError('LOOM_ERR_AUTH_NOT_FOUND', `No user with id "${id.slice(0, 64)}".`);
  return rows[0];
}

/** The manager must exist, be active, and not be the user or anyone who reports to the user. */
async function assertManager(trx: Kysely<any>, id: string, manager: string) {
  const { rows } = await sql<{ active: boolean; cycle: boolean }>`
    with recursive chain(id) as (
      select ${manager}::uuid
      union
      select u.manager_id from loom.users u join chain c on u.id = c.id where u.manager_id is not null
    )
    select u.active, exists (select 1 from chain where chain.id = ${id}::uuid) as cycle from loom.users u where u.id = ${manager}::uuid`.execute(trx);
  if (!rows[0]?.active) throw loomErrors('LOOM_ERR_AUTH_INVALID', [{ path: '/manager', message: 'must be an active user' }]);
  if (rows[0].cycle)
    throw loomErrors('LOOM_ERR_AUTH_INVALID', [{ path: '/manager', message: 'would make a cycle: the user would manage themselves through the chain' }]);
}

async function assertAnotherAdmin(trx: Kysely<any>, id: string) {
  const { rows } = await sql<{ n: number }>`select count(*)::int8 as n from loom.users where is_admin and active and id <> ${id}::uuid`.execute(trx);
  if (rows[0].n === 0) throw loomError('LOOM_ERR_AUTH_LAST_ADMIN');
}

/**
 * A taken email becomes a 409; any other database error loses its detail, which can
 * hold the failing row (with its password hash) and would reach the error log.
 */
async function guard<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    const e = error as { code?: string; constraint?: string };
    if (e.code === '23505') throw loomErrors('LOOM_ERR_AUTH_CONFLICT', [{ path: '/email', message: 'another user already has this email' }]);
    throw new Error(`Writing a user failed (database error ${e.code ?? 'unknown'}, constraint ${e.constraint ?? 'none'}).`, { cause: error });
  }
}
