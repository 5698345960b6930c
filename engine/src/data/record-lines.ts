import { sql, type Kysely } from 'kysely';
import { loomErrors } from '../errors/loom-error.ts';
import type { CompiledEntity } from '../model/compiled-model.ts';
import { RECORDS_SCHEMA } from '../model/table-spec.ts';
import type { WriteContext } from './record-writes.ts';

interface Writers {
  createInTransaction(trx: Kysely<any>, ctx: WriteContext, entity: CompiledEntity, input: unknown, pointer: string, parent?: { column: string; id: string }): Promise<string>;
  updateInTransaction(trx: Kysely<any>, ctx: WriteContext, entity: CompiledEntity, id: string, patch: unknown, version: number | undefined, pointer: string, nested?: boolean): Promise<void>;
  deleteInTransaction(trx: Kysely<any>, ctx: WriteContext, entity: CompiledEntity, id: string, version: number | undefined, nested?: boolean): Promise<void>;
}

/**
 * Makes a parent's child lines equal to the given rows, in the parent's
 * transaction: rows with an id of an existing child update it, rows without an id
 * are created, and existing children left out are deleted.
 */
export async function syncLines(trx: Kysely<any>, ctx: WriteContext, parent: CompiledEntity, fieldName: string, parentId: string, rows: unknown[], pointer: string, writers: Writers) {
  const def = parent.fields[fieldName].definition as { entity: string; via: string };
  const child = ctx.model.entities.get(def.entity)!;
  const viaColumn = child.fields[def.via].column!;
  const existing = await trx.selectFrom(`${RECORDS_SCHEMA}.${child.table}`).select('id').where(sql.ref(viaColumn) as any, '=', parentId).execute();
  const existingIds = new Set(existing.map((r: { id: string }) => r.id));
  const kept = new Set<string>();
  for (const [i, row] of rows.entries()) {
    const at = `${pointer}/${i}`;
    if (!row || typeof row !== 'object' || Array.isArray(row)) throw loomErrors('LOOM_ERR_DATA_VALIDATION', [{ path: at, message: 'must be an object of field values' }]);
    const { id, [def.via]: _via, ...data } = row as Record<string, unknown>;
    if (id === undefined || id === null) {
      await writers.createInTransaction(trx, ctx, child, data, at, { column: viaColumn, id: parentId });
      continue;
    }
    if (typeof id !== 'string' || !existingIds.has(id)) throw loomErrors('LOOM_ERR_DATA_VALIDATION', [{ path: `${at}/id`, message: `is not a row of this ${parent.name}` }]);
    kept.add(id);
    await writers.updateInTransaction(trx, ctx, child, id, data, undefined, at, true);
  }
  for (const id of existingIds) if (!kept.has(id)) await writers.deleteInTransaction(trx, ctx, child, id, undefined, true);
}
