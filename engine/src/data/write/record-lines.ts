import { sql, type Kysely } from 'kysely';
import { loomErrors } from '../../errors/loom-error.ts';
import type { CompiledEntity } from '../../model/compiled-model.ts';
import { RECORDS_SCHEMA } from '../../model/table-spec.ts';
import { missingRowsMessage, planLines } from './lines-plan.ts';
import type { WriteContext } from './write-context.ts';
import { isLinesField } from '../../model/field-types/field-predicates.ts';

interface Writers {
  createInTransaction(trx: Kysely<any>, ctx: WriteContext, entity: CompiledEntity, input: unknown, pointer: string, parent?: { column: string; id: string }): Promise<string>;
  updateInTransaction(trx: Kysely<any>, ctx: WriteContext, entity: CompiledEntity, id: string, patch: unknown, version: number | undefined, pointer: string, options?: { nested?: boolean }): Promise<void>;
  deleteInTransaction(trx: Kysely<any>, ctx: WriteContext, entity: CompiledEntity, id: string, version: number | undefined, nested?: boolean): Promise<void>;
}

/**
 * Applies the rows sent for a lines field to the parent's child rows, in the parent's
 * transaction (lines-plan.ts says what each row means). Every problem is found before
 * anything is written; an existing row the rows leave out refuses the whole write (409).
 */
export async function syncLines(trx: Kysely<any>, ctx: WriteContext, parent: CompiledEntity, fieldName: string, parentId: string, rows: unknown[], pointer: string, writers: Writers) {
  const field = parent.fields[fieldName];
  if (!isLinesField(field)) throw new Error(`${parent.name}.${fieldName} is not a lines field`);
  const child = ctx.model.entities.get(field.target)!;
  const viaColumn = child.fields[field.via].column!;
  let query = trx.selectFrom(`${RECORDS_SCHEMA}.${child.table}`).select('id').where(sql.ref(viaColumn) as any, '=', parentId);
  // A soft-deleted row is gone for the client (not listed), so it need not be sent back.
  if (child.softDelete) query = query.where('deleted_at', 'is', null);
  const existing = await query.orderBy('id').execute();
  const plan = planLines(rows, new Set(existing.map((r: { id: string }) => r.id)), pointer, parent.name, field.via);
  if (plan.errors.length) throw loomErrors('LOOM_ERR_DATA_VALIDATION', plan.errors);
  if (plan.missing.length) {
    const problem = { path: pointer, message: missingRowsMessage(plan.missing, parent.name) };
    throw loomErrors('LOOM_ERR_DATA_LINES_INCOMPLETE', [problem], `${pointer}: ${problem.message}`);
  }
  for (const step of plan.steps) {
    if (step.kind === 'create') await writers.createInTransaction(trx, ctx, child, step.data, step.at, { column: viaColumn, id: parentId });
    else if (step.kind === 'update') await writers.updateInTransaction(trx, ctx, child, step.id, step.data, undefined, step.at, { nested: true });
    else await writers.deleteInTransaction(trx, ctx, child, step.id, undefined, true);
  }
}
