import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Actor } from '../data/actor.ts';

type ActorRow = { actor_id: string; roles: string[]; is_admin: boolean; teams: string[]; team_members: string[]; subordinates: string[] };

/**
 * Who a user is for permissions: roles, teams, everyone in those teams (the user included),
 * everyone who reports to the user directly or through others (recursive; `union` stops even
 * on a cycle written behind the API's back), and the admin flag. Undefined for an unknown or
 * deactivated user. Loaded once per request and never cached longer, so a changed role or
 * team counts from the next request.
 */
export async function loadActor(db: Kysely<any>, userId: string): Promise<Actor | undefined> {
  const row = await loadActorWith<{ user_id: string }>(db, sql`select ${userId}::uuid as user_id`);
  return row?.actor;
}

/**
 * The actor of the user a credential names, in the same query that finds the credential:
 * `credential` is a SELECT yielding at most one row with a `user_id` column (and any other
 * columns the caller wants back). One round trip per request for "who is this" keeps
 * authentication off the critical path of every record route.
 */
export async function loadActorWith<C extends { user_id: string }>(db: Kysely<any>, credential: RawBuilder<unknown>): Promise<{ actor: Actor; credential: C } | undefined> {
  const { rows } = await sql<ActorRow & C>`
    with recursive credential as (${credential}),
    reports(id) as (
      select r.id from loom.users r where r.manager_id = (select user_id from credential)
      union
      select r.id from loom.users r join reports on r.manager_id = reports.id
    ),
    my_teams as (select team_id from loom.team_members where user_id = (select user_id from credential))
    select c.*, u.id::text as actor_id, u.roles::text[] as roles, u.is_admin,
      array(select team_id::text from my_teams order by 1) as teams,
      array(select u.id::text union select m.user_id::text from loom.team_members m where m.team_id in (select team_id from my_teams) order by 1) as team_members,
      array(select id::text from reports where id <> u.id order by 1) as subordinates
    from credential c join loom.users u on u.id = c.user_id
    where u.active`.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  const actor: Actor = Object.freeze({
    id: row.actor_id,
    roles: Object.freeze([...row.roles]),
    teams: Object.freeze(row.teams),
    teamMembers: Object.freeze(row.team_members),
    subordinates: Object.freeze(row.subordinates),
    admin: row.is_admin,
  });
  return { actor, credential: row };
}
