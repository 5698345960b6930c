import { sql, type Kysely } from 'kysely';
import type { Actor } from '../data/actor.ts';

/**
 * Who a user is for permissions, in one query: roles, teams, everyone in those teams (the
 * user included), everyone who reports to the user directly or through others (recursive;
 * `union` stops even on a cycle written behind the API's back), and the admin flag.
 * Undefined for an unknown or deactivated user.
 */
export async function loadActor(db: Kysely<any>, userId: string): Promise<Actor | undefined> {
  const { rows } = await sql<{
    id: string;
    roles: string[];
    is_admin: boolean;
    teams: string[];
    team_members: string[];
    subordinates: string[];
    team_keys: string[];
    shared_entities: string[];
  }>`
    with recursive reports(id) as (
      select r.id from loom.users r where r.manager_id = ${userId}::uuid
      union
      select r.id from loom.users r join reports on r.manager_id = reports.id
    ),
    my_teams as (select team_id from loom.team_members where user_id = ${userId}::uuid)
    select u.id::text as id, u.roles::text[] as roles, u.is_admin,
      array(select team_id::text from my_teams order by 1) as teams,
      array(select u.id::text union select m.user_id::text from loom.team_members m where m.team_id in (select team_id from my_teams) order by 1) as team_members,
      array(select id::text from reports where id <> u.id order by 1) as subordinates,
      array(select distinct k.team_key::text from loom.team_members m join loom.users k on k.id = m.user_id
        where m.team_id in (select team_id from my_teams) order by 1) as team_keys,
      array(select distinct s.entity from loom.record_shares s
        where s.user_id = u.id or s.team_id in (select team_id from my_teams) order by 1) as shared_entities
    from loom.users u where u.id = ${userId}::uuid and u.active`.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  return Object.freeze({
    id: row.id,
    roles: Object.freeze([...row.roles]),
    teams: Object.freeze(row.teams),
    teamMembers: Object.freeze(row.team_members),
    subordinates: Object.freeze(row.subordinates),
    teamKeys: Object.freeze(row.team_keys),
    sharedEntities: new Set(row.shared_entities),
    admin: row.is_admin,
  });
}

/** The SQL that reads the identity generation, for credential lookups to select beside the credential. */
export const IDENTITY_GENERATION = sql<number>`(select n from loom.identity_generation)`;

/**
 * Actors by user id, valid for one identity generation. Every change to users, teams or
 * team membership bumps the generation (a trigger), and every credential lookup reads it
 * in the same query that checks the credential is live and its user active, so a cached
 * actor is used only while nothing it was computed from has changed, on any instance.
 * Saves the actor query (a recursive CTE, planned anew each time) on almost every request.
 */
export class ActorCache {
  private generation = -1;
  private readonly actors = new Map<string, Actor>();

  constructor(private readonly maxEntries = 10_000) {}

  async get(db: Kysely<any>, userId: string, generation: number): Promise<Actor | undefined> {
    if (generation !== this.generation) {
      // Only ever move forward: an older generation read by a slow request must not evict newer actors.
      if (generation < this.generation) return loadActor(db, userId);
      this.actors.clear();
      this.generation = generation;
    }
    const cached = this.actors.get(userId);
    if (cached) return cached;
    const actor = await loadActor(db, userId);
    if (actor && generation === this.generation) {
      if (this.actors.size >= this.maxEntries) this.actors.clear();
      this.actors.set(userId, actor);
    }
    return actor;
  }
}
