import { sql, type Kysely } from 'kysely';
import type { CompiledEntity, CompiledField } from '../../model/compiled-model.ts';
import { fieldValueJsonSql } from '../read/value-json-sql.ts';

export type HistoryAction = 'create' | 'update' | 'delete' | 'restore' | 'share' | 'transfer';

/** Field-level changes between two versions of a record: `{ field: [old, new] }`. */
export function diffRecords(entity: CompiledEntity, before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const field of entity.fieldList) {
    if (!tracked(field)) continue;
    const old = before?.[field.name] ?? null;
    const now = after?.[field.name] ?? null;
    if (JSON.stringify(old) !== JSON.stringify(now)) changes[field.name] = [old, now];
  }
  return changes;
}

/** Fields whose changes history keeps: stored ones the user sets (and the owner), not ids, stamps or versions. */
function tracked(field: CompiledField): boolean {
  return (!field.system || field.name === 'owner') && field.columns.length > 0;
}

/**
 * The changes of a create (`{ field: [null, value] }` for each field with a value), as
 * `diffRecords(entity, undefined, record)` gives them, computed by the database from the
 * columns of `alias`: an INSERT returns it, so the record and its history are written by
 * one statement.
 */
export function createdChangesSql(entity: CompiledEntity, alias: string) {
  const values = entity.fieldList.filter(tracked).map((field) => sql`(${field.name}::text, ${fieldValueJsonSql(field, alias)})`);
  if (!values.length) return sql<unknown>`'{}'::jsonb`;
  return sql<unknown>`(select coalesce(jsonb_object_agg(c.field, jsonb_build_array(null, c.value)), '{}'::jsonb)
    from (values ${sql.join(values)}) as c(field, value) where c.value is not null and c.value <> 'null'::jsonb)`;
}

/** Appends to the record's history in the caller's transaction, so a change and its trail commit together. */
export async function writeHistory(trx: Kysely<any>, entity: CompiledEntity, recordId: string, action: HistoryAction, changes: Record<string, unknown>, actor: string | null) {
  await sql`insert into loom.history (entity, record_id, action, changes, actor) values (${entity.name}, ${recordId}, ${action}, ${JSON.stringify(changes)}::jsonb, ${actor})`.execute(trx);
}

export async function readHistory(db: Kysely<any>, entity: CompiledEntity, recordId: string, limit = 200) {
  const { rows } = await sql<{ id: number; action: string; changes: unknown; actor: string | null; at: Date }>`
    select id, action, changes, actor, at from loom.history
    where entity = ${entity.name} and record_id = ${recordId} order by id desc limit ${limit}`.execute(db);
  return rows.map((r) => ({ id: Number(r.id), action: r.action, changes: r.changes, actor: r.actor, at: r.at.toISOString() }));
}
