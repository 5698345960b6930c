import { sql, type Kysely } from 'kysely';
import { createInTransaction, readRecord, updateInTransaction } from '../../data/write/record-writes.ts';
import type { WriteContext } from '../../data/write/write-context.ts';
import { recordTable } from '../../data/access/record-scope.ts';
import type { CompiledEntity } from '../../model/compiled-model.ts';
import type { CompiledConvertAction, CompiledLinesCopy } from '../../model/compile-action.ts';
import { isLinesField } from '../../model/field-types/field-predicates.ts';
import { mapValues, setValues } from './map-values.ts';

/** A record a convert made. */
export interface CreatedRecord {
  readonly name: string;
  readonly entity: string;
  readonly id: string;
}

/**
 * Converts one source record: creates each target in order through its map (with the source's
 * lines copied to the target's lines), then sets the source's own fields (`set`, which links it
 * to what it became). All of it in the caller's transaction: a failure in the last target
 * leaves none of the others.
 */
export async function convertRecord(
  trx: Kysely<any>,
  ctx: WriteContext,
  entity: CompiledEntity,
  action: CompiledConvertAction,
  id: string,
  input: Readonly<Record<string, unknown>>,
  pointer: string,
): Promise<CreatedRecord[]> {
  const model = ctx.model;
  const source = await readRecord(trx, model, entity, id, ctx.logic);
  const created = new Map<string, string>();
  const out: CreatedRecord[] = [];
  for (const [i, target] of action.targets.entries()) {
    const targetEntity = model.entities.get(target.entity)!;
    const values = await mapValues(trx, model, entity, source, target.map, ctx.logic, created);
    for (const copy of target.lines) values[copy.target] = await copyLines(trx, ctx, entity, id, copy);
    // The caller's input fills the first target (the fields the action lets them give).
    const body = i === 0 ? { ...values, ...input } : values;
    const newId = await createInTransaction(trx, ctx, targetEntity, body, `${pointer}/${target.name}`);
    created.set(target.name, newId);
    out.push({ name: target.name, entity: target.entity, id: newId });
  }
  if (Object.keys(action.set).length) {
    await updateInTransaction(trx, ctx, entity, id, setValues(action.set, source, ctx.logic, created), undefined, pointer);
  }
  return out;
}

/** The source's lines as rows for the target's lines field, in their order (by id, which follows creation). */
async function copyLines(trx: Kysely<any>, ctx: WriteContext, entity: CompiledEntity, id: string, copy: CompiledLinesCopy): Promise<Record<string, unknown>[]> {
  const field = entity.fields[copy.source];
  if (!isLinesField(field)) return [];
  const child = ctx.model.entities.get(field.target)!;
  const via = child.fields[field.via].column!;
  const live = child.softDelete ? sql` and c.deleted_at is null` : sql``;
  const { rows } = await sql<{
    id: string;
  }>`select c.id from ${recordTable(child)} as c where ${sql.ref(`c.${via}`)} = ${id}::uuid${live} order by c.id`.execute(trx);
  const out: Record<string, unknown>[] = [];
  for (const row of rows) {
    const line = await readRecord(trx, ctx.model, child, row.id, ctx.logic);
    out.push(await mapValues(trx, ctx.model, child, line, copy.map, ctx.logic, new Map()));
  }
  return out;
}
