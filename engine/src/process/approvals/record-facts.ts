import { sql, type Kysely } from 'kysely';
import { EVERY_ROW, recordScope, recordTable } from '../../data/access/record-scope.ts';
import { recordNotFound } from '../../errors/loom-error.ts';
import { compileCondition } from '../../logic/index.ts';
import type { CompiledEntity, CompiledModel } from '../../model/compiled-model.ts';

/**
 * What an approval reads of the record it is about, in SQL on the row (so conditions and lookup
 * paths mean exactly what they mean in filters and rules), inside the caller's transaction.
 */

/** Locks the live record for the transaction and answers its title; 404 when it is gone. */
export async function lockRecord(trx: Kysely<any>, entity: CompiledEntity, id: string): Promise<{ title: string | null }> {
  const title = entity.fields[entity.titleField]?.column;
  const { rows } = await sql<{ title: unknown }>`
    select ${title ? sql.ref(`r.${title}`) : sql`null`} as title from ${recordTable(entity)} as r
    where r.id = ${id}::uuid ${entity.softDelete ? sql`and r.deleted_at is null` : sql``} for update`.execute(trx);
  if (!rows[0]) throw recordNotFound(entity, id);
  const value = rows[0].title;
  return { title: value === null || value === undefined ? null : String(value) };
}

/** Whether a JSON Logic condition holds for the record now (no condition holds). */
export async function conditionHolds(
  trx: Kysely<any>,
  model: CompiledModel,
  entity: CompiledEntity,
  id: string,
  condition: unknown,
  now: Date,
): Promise<boolean> {
  if (condition === undefined) return true;
  const scope = recordScope(model, entity, 'r', { now }, EVERY_ROW);
  const { rows } = await sql<{ holds: boolean | null }>`
    select (${compileCondition(condition, scope)}) as holds from ${recordTable(entity)} as r where r.id = ${id}::uuid`.execute(trx);
  return rows[0]?.holds === true;
}

/** The user a user field or a lookup path to one ("owner", "parent.owner") holds on the record; null when empty. */
export async function userAt(trx: Kysely<any>, model: CompiledModel, entity: CompiledEntity, id: string, path: string): Promise<string | null> {
  const operand = recordScope(model, entity, 'r', { now: new Date(0) }, EVERY_ROW).resolveVar(path);
  if (!operand) return null;
  const { rows } = await sql<{ holder: string | null }>`
    select (${operand.sql})::text as holder from ${recordTable(entity)} as r where r.id = ${id}::uuid`.execute(trx);
  return rows[0]?.holder ?? null;
}
