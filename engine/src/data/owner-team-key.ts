import { sql, type Expression, type Kysely } from 'kysely';
import { OWNER_TEAM_KEY, RECORDS_SCHEMA } from '../model/table-spec.ts';

/**
 * The owner's team key as a SQL value, for the statement that writes the owner (create,
 * update, transfer): read from loom.users in the same statement, so it is the key as of
 * that statement. A concurrent membership change either commits first (the statement then
 * reads the new key: it waited on refreshOwnerTeamKeys' table lock) or refreshes this row
 * after the write commits.
 */
export function ownerTeamKeySql(owner: unknown): Expression<unknown> {
  return sql`(select u.team_key from loom.users u where u.id = ${owner}::uuid)`;
}

/**
 * After team membership changed for these users: recomputes their team keys and, for those
 * whose key moved, rewrites the key on every record they own, in the caller's transaction.
 * Each record table is locked against writes first (in name order, so two refreshes cannot
 * deadlock): a write that read a moved user's old key has committed before the rewrite
 * reads the table, and a later one waits for this transaction and reads the new key.
 */
export async function refreshOwnerTeamKeys(trx: Kysely<any>, userIds: readonly string[]): Promise<void> {
  if (!userIds.length) return;
  const { rows: moved } = await sql<{ id: string }>`update loom.users set team_key = loom.team_key_of(id)
    where id = any(${[...userIds]}::uuid[]) and team_key is distinct from loom.team_key_of(id) returning id::text as id`.execute(trx);
  if (!moved.length) return;
  const ids = moved.map((m) => m.id);
  const { rows: tables } = await sql<{ table: string }>`select c.table_name as table from information_schema.columns c
    where c.table_schema = ${RECORDS_SCHEMA} and c.column_name = ${OWNER_TEAM_KEY} order by c.table_name`.execute(trx);
  for (const { table } of tables) await sql`lock table ${sql.table(`${RECORDS_SCHEMA}.${table}`)} in share row exclusive mode`.execute(trx);
  for (const { table } of tables) {
    await sql`update ${sql.table(`${RECORDS_SCHEMA}.${table}`)} as r set ${sql.ref(OWNER_TEAM_KEY)} = u.team_key
      from loom.users u where u.id = r.owner and u.id = any(${ids}::uuid[])`.execute(trx);
  }
}
