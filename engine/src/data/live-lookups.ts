import { sql, type Kysely } from 'kysely';
import { loomErrors, type ProblemItem } from '../errors/loom-error.ts';
import type { CompiledEntity, CompiledField, CompiledModel } from '../model/compiled-model.ts';
import { recordTable } from './record-scope.ts';

/** Lookup fields of the entity whose target keeps deleted records (softDelete). */
export function lookupsToSoftDeleting(model: CompiledModel, entity: CompiledEntity): CompiledField[] {
  return entity.fieldList.filter((f) => f.type === 'lookup' && f.target !== undefined && model.entities.get(f.target)?.softDelete === true);
}

/**
 * A lookup may not point at a deleted record: the foreign key still holds (the row is
 * kept), so the write checks that each target it sets is live, and locks it FOR SHARE so
 * that a concurrent delete waits for this write's transaction.
 */
export async function checkLiveLookups(trx: Kysely<any>, model: CompiledModel, entity: CompiledEntity, columns: Record<string, unknown>, pointer: string): Promise<void> {
  const problems: ProblemItem[] = [];
  for (const field of lookupsToSoftDeleting(model, entity)) {
    const id = columns[field.column!];
    if (typeof id !== 'string') continue;
    const target = model.entities.get(field.target!)!;
    const { rows } = await sql`select 1 from ${recordTable(target)} as t where t.id = ${id}::uuid and t.deleted_at is null for share`.execute(trx);
    if (!rows.length) problems.push({ path: `${pointer}/${field.name}`, message: `no ${target.name} record has this id` });
  }
  if (problems.length) throw loomErrors('LOOM_ERR_DATA_VALIDATION', problems);
}
