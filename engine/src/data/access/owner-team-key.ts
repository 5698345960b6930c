import { sql, type Expression, type Kysely } from 'kysely';
import { OWNER_TEAM_KEY, RECORDS_SCHEMA } from '../../model/table-spec.ts';

/**
 * The owner's team key as a SQL value, for the statement that writes the owner (create,
 * update, transfer). It reads the owner's user row FOR SHARE, which a membership change
 * (refreshOwnerTeamKeys, which updates that row) cannot hold at the same time: either the
 * change commits first and this reads the new key, or this write commits first and the
 * change's rewrite of the owner's records, a later statement, sees it.
 */
export function ownerTeamKeySql(owner: unknown): Expression<unknown> {
  return sql`(select u.team_key from loom.users u where u.id = ${owner}::uuid for share)`;
}

/**
 * After team membership changed for these users: recomputes their team keys and, for those
 * whose key moved, rewrites the key on every record they own, in the caller's transaction.
 * Updating the users' rows first makes a concurrent write of such an owner wait for this
 * transaction (ownerTeamKeySql); writes that got there first have committed before the
 * users could be updated, so the rewrite below sees their records. Record tables are not
 * locked: reads and other owners' writes go on. Two membership changes never compute keys
 * side by side: the statement trigger on loom.team_members updates the one identity
 * generation row, which holds the second change until the first commits.
 */
export async function refreshOwnerTeamKeys(trx: Kysely<any>, userIds: readonly string[]): Promise<void> {
  if (!userIds.length) return;
  const { rows: moved } = await sql<{ id: string }>`update loom.users set team_key = loom.team_key_of(id)
    where id = any(${[...userIds]}::uuid[]) and team_key is distinct from loom.team_key_of(id) returning id::text as id`.execute(trx);
  if (!moved.length) return;
  const ids = moved.map((m) => m.id);
  const { rows: tables } = await sql<{ table: string }>`select c.table_name as table from information_schema.columns c
    where c.table_schema = ${RECORDS_SCHEMA} and c.column_name = ${OWNER_TEAM_KEY} order by c.table_name`.execute(trx);
  for (const { table } of tables) {
    await sql`update ${sql.table(`${RECORDS_SCHEMA}.${table}`)} as r set ${sql.ref(OWNER_TEAM_KEY)} = u.team_key
      from loom.users u where u.id = r.owner and u.id = any(${ids}::uuid[])`.execute(trx);
  }
}
