import { sql, type Kysely } from 'kysely';
import type { CompiledEntity } from '../model/compiled-model.ts';

export type HistoryAction = 'create' | 'update' | 'delete' | 'share' | 'transfer';

/** Field-level changes between two versions of a record: `{ field: [old, new] }`. */
export function diffRecords(entity: CompiledEntity, before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const field of entity.fieldList) {
    if ((field.system && field.name !== 'owner') || !field.columns.length) continue;
    const old = before?.[field.name] ?? null;
    const now = after?.[field.name] ?? null;
    if (JSON.stringify(old) !== JSON.stringify(now)) changes[field.name] = [old, now];
  }
  return changes;
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
