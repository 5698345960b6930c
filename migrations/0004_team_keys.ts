import { sql, type Kysely } from 'kysely';

/**
 * Team keys, which make the `team` record scope an equality an index can lead with.
 *
 * A user's team key stands for the set of teams they belong to: null for no team, the
 * team's id for one team, a hash of the sorted team ids for several. Two users share a key
 * exactly when they belong to the same teams, so "the owner is in one of my teams" is
 * "the owner's key is one of the keys of my teams' members". Owned record tables keep
 * their owner's key beside the owner (the engine writes it with the owner and
 * refreshes it when team membership changes).
 *
 * Shares change what an actor may read, so they bump the identity generation like team
 * changes do: an actor knows which entities have records shared with it, and leaves the
 * share test out of the others' predicates.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create function loom.team_key_of(member uuid) returns uuid language sql stable as $$
    select case count(*) when 0 then null when 1 then (array_agg(m.team_id))[1]
      else md5(string_agg(m.team_id::text, ',' order by m.team_id))::uuid end
    from loom.team_members m where m.user_id = member
  $$`.execute(db);
  await sql`alter table loom.users add column team_key uuid`.execute(db);
  await sql`update loom.users set team_key = loom.team_key_of(id)`.execute(db);
  await sql`create trigger record_shares_identity_generation after insert or update or delete or truncate on loom.record_shares
    for each statement execute function loom.bump_identity_generation()`.execute(db);
}
