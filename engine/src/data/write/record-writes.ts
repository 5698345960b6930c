import { sql, type Kysely } from 'kysely';
import { localizedError, loomErrors, recordNotFound, type ProblemItem } from '../../errors/loom-error.ts';
import { message } from '../../errors/messages.ts';
import type { LogicContext } from '../../logic/index.ts';
import type { CompiledEntity, CompiledModel } from '../../model/compiled-model.ts';
import { OWNER_TEAM_KEY, RECORDS_SCHEMA } from '../../model/table-spec.ts';
import { nextAutonumber } from './autonumber.ts';
import { readById } from '../read/record-by-id.ts';
import { listRecords } from '../read/list-records.ts';
import { MAX_LIMIT } from '../read/list-request.ts';
import { diffRecords, writeHistory } from './record-history.ts';
import { insertsWithHistory, insertWithHistory } from './insert-with-history.ts';
import { checkLookupTargets, lookupsToSoftDeleting } from '../access/lookup-targets.ts';
import { checkFileReferences } from '../files/file-references.ts';
import { checkRules } from './record-rules.ts';
import { defaultFields } from '../read/record-selection.ts';
import { syncLines } from './record-lines.ts';
import { ownerTeamKeySql } from '../access/owner-team-key.ts';
import { uuid7 } from '../uuid7.ts';
import { SYSTEM_ACTOR } from '../actor.ts';
import { authorizeCreate, authorizeFields, authorizeNestedAction, authorizeRecordAction } from '../access/authorize-write.ts';
import { readableRows } from '../access/record-access.ts';
import type { RowsReadable } from '../access/record-scope.ts';
import { checkRequired, toWriteValues } from './write-values.ts';
import type { WriteContext } from './write-context.ts';
import { isAutonumberField } from '../../model/field-types/field-predicates.ts';

const table = (entity: CompiledEntity) => `${RECORDS_SCHEMA}.${entity.table}`;

/** Validates, numbers, inserts, writes children, checks rules and appends history; returns the new id. */
export async function createInTransaction(trx: Kysely<any>, ctx: WriteContext, entity: CompiledEntity, input: unknown, pointer: string, parent?: { column: string; id: string }): Promise<string> {
  // Child lines written with their parent belong to a record the parent's write was allowed to
  // change; the role must still grant creating them, and their fields.
  authorizeCreate(ctx, entity);
  authorizeFields(ctx, entity, input, pointer);
  const errors: ProblemItem[] = [];
  const values = toWriteValues(entity, ctx.hooks?.prepareCreate ? ctx.hooks.prepareCreate(ctx, entity, input) : input, true, pointer, errors, ctx.now);
  if (parent) values.columns[parent.column] = parent.id;
  checkRequired(entity, values, true, pointer, errors);
  if (errors.length) throw loomErrors('LOOM_ERR_DATA_VALIDATION', errors);
  await checkLookupTargets(trx, ctx.model, ctx.actor, entity, values.columns, pointer, parent?.column);
  await checkFileReferences(trx, ctx, entity, values.columns, undefined, pointer);

  const id = uuid7(ctx.now.getTime());
  const row: Record<string, unknown> = { ...values.columns, id, created_at: ctx.now, updated_at: ctx.now, created_by: ctx.actorId, updated_by: ctx.actorId, version: 1 };
  if (entity.owned && row.owner === undefined) row.owner = ctx.actorId;
  if (insertsWithHistory(entity)) {
    // Numbers, row, history, the record and its rules in one statement, the last before COMMIT;
    // what the processes add to a create known before it (a job to enqueue) is in it too.
    const along = rowsAlongCreate(ctx, entity);
    const inserted = await insertWithHistory(trx, ctx, entity, row, pointer, along?.(id));
    ctx.written?.set(id, inserted);
    if (!along) await ctx.hooks?.afterWrite(trx, ctx, { entity, op: 'create', id, after: inserted });
    return id;
  }
  // The counter row stays locked until COMMIT: it is taken right before the INSERT.
  for (const field of entity.fieldList) {
    if (isAutonumberField(field)) row[field.column!] = await nextAutonumber(trx, entity.name, field.name, field.pattern, ctx.now);
  }
  await trx.insertInto(table(entity)).values(entity.owned ? { ...row, [OWNER_TEAM_KEY]: ownerTeamKeySql(row.owner) } : row).execute();
  for (const [name, rows] of Object.entries(values.lines)) {
    await syncLines(trx, ctx, entity, name, id, rows, `${pointer}/${name}`, { createInTransaction, updateInTransaction, deleteInTransaction });
  }
  await checkRules(trx, ctx, entity, id, pointer);
  const after = await readRecord(trx, ctx.model, entity, id, ctx.logic, readableRows(ctx.model, ctx.actor));
  ctx.written?.set(id, after);
  await writeHistory(trx, entity, id, 'create', diffRecords(entity, undefined, after), ctx.actorId);
  await ctx.hooks?.afterWrite(trx, ctx, { entity, op: 'create', id, after });
  return id;
}

/**
 * Whether a create of this entity is one statement needing no transaction around it: the
 * INSERT takes its autonumbers, returns the record and appends its history in a data-modifying
 * WITH (insertWithHistory), which is atomic on its own (a failed insert gives its numbers back),
 * and nothing must hold between a check and the insert: no rules (broken ones are found only
 * once the statement has run, and must roll it back), no lookup to an entity whose records
 * are soft-deleted (their targets are locked by a statement before), and no process that must
 * act after it (rowsAlongCreate). One round trip instead of four.
 */
export function createsInOneStatement(ctx: WriteContext, entity: CompiledEntity): boolean {
  return insertsWithHistory(entity) && !entity.rules.length && !lookupsToSoftDeleting(ctx.model, entity).length && rowsAlongCreate(ctx, entity) !== undefined;
}

const NOTHING_ALONG = () => [];

/**
 * The rows processes write with a create of this entity (none when no process watches it), or
 * undefined when a process must run after the insert instead (afterWrite).
 */
function rowsAlongCreate(ctx: WriteContext, entity: CompiledEntity) {
  if (!ctx.hooks?.watches(entity)) return NOTHING_ALONG;
  return ctx.hooks.alongCreate?.(ctx, entity);
}

/** How an update is made: `nested`, a child line written with its parent; `skipUnchanged`, a patch that changes no value writes nothing (a process's set). */
export interface UpdateOptions {
  readonly nested?: boolean;
  readonly skipUnchanged?: boolean;
}

/** Applies a patch to the current version (locked for the transaction); a stale version is a 409. */
export async function updateInTransaction(
  trx: Kysely<any>,
  ctx: WriteContext,
  entity: CompiledEntity,
  id: string,
  patch: unknown,
  expectedVersion: number | undefined,
  pointer: string,
  { nested = false, skipUnchanged = false }: UpdateOptions = {},
): Promise<void> {
  if (nested) authorizeNestedAction(ctx, entity, 'update');
  else await authorizeRecordAction(trx, ctx, entity, id, 'update');
  authorizeFields(ctx, entity, patch, pointer);
  const current = await lockVersion(trx, entity, id);
  const version = expectedVersion ?? versionInBody(patch);
  if (version !== undefined && version !== current) {
    throw localizedError('LOOM_ERR_DATA_STALE_VERSION', message('data.staleUpdate', { entity, id, current, version }));
  }
  await ctx.hooks?.beforeWrite(trx, ctx, entity, 'update', id, patchObject(patch));
  const errors: ProblemItem[] = [];
  const values = toWriteValues(entity, patch, false, pointer, errors, ctx.now);
  checkRequired(entity, values, false, pointer, errors);
  if (errors.length) throw loomErrors('LOOM_ERR_DATA_VALIDATION', errors);
  await checkLookupTargets(trx, ctx.model, ctx.actor, entity, values.columns, pointer);
  await checkFileReferences(trx, ctx, entity, values.columns, id, pointer);

  const before = await readRecord(trx, ctx.model, entity, id, ctx.logic);
  if (skipUnchanged && !changesAny(before, patchObject(patch))) return;
  await trx
    .updateTable(table(entity))
    .set({ ...values.columns, ...ownerTeamKeyWith(entity, values.columns), updated_at: ctx.now, updated_by: ctx.actorId, version: sql`version + 1` })
    .where('id', '=', id)
    .execute();
  for (const [name, rows] of Object.entries(values.lines)) {
    await syncLines(trx, ctx, entity, name, id, rows, `${pointer}/${name}`, { createInTransaction, updateInTransaction, deleteInTransaction });
  }
  await checkRules(trx, ctx, entity, id, pointer);
  const after = await readRecord(trx, ctx.model, entity, id, ctx.logic, readableRows(ctx.model, ctx.actor));
  ctx.written?.set(id, after);
  await writeHistory(trx, entity, id, 'update', diffRecords(entity, before, after), ctx.actorId);
  await ctx.hooks?.afterWrite(trx, ctx, { entity, op: 'update', id, before, after });
}

/** Deletes a record: removes it, or in an entity with softDelete marks it deleted (restorable). Its history records the values it had. */
export async function deleteInTransaction(trx: Kysely<any>, ctx: WriteContext, entity: CompiledEntity, id: string, expectedVersion: number | undefined, nested = false): Promise<void> {
  if (nested) authorizeNestedAction(ctx, entity, 'delete');
  else await authorizeRecordAction(trx, ctx, entity, id, 'delete');
  const current = await lockVersion(trx, entity, id);
  if (expectedVersion !== undefined && expectedVersion !== current) {
    throw localizedError('LOOM_ERR_DATA_STALE_VERSION', message('data.staleDelete', { entity, id, current, version: expectedVersion }));
  }
  await ctx.hooks?.beforeWrite(trx, ctx, entity, 'delete', id, {});
  const before = await readRecord(trx, ctx.model, entity, id, ctx.logic);
  if (entity.softDelete) {
    await trx
      .updateTable(table(entity))
      .set({ deleted_at: ctx.now, deleted_by: ctx.actorId, updated_at: ctx.now, updated_by: ctx.actorId, version: sql`version + 1` })
      .where('id', '=', id)
      .execute();
  } else {
    await trx.deleteFrom(table(entity)).where('id', '=', id).execute();
  }
  await writeHistory(trx, entity, id, 'delete', diffRecords(entity, before, undefined), ctx.actorId);
  await ctx.hooks?.afterWrite(trx, ctx, { entity, op: 'delete', id, before });
}

/** Brings a soft-deleted record back; whoever may delete it may restore it. */
export async function restoreInTransaction(trx: Kysely<any>, ctx: WriteContext, entity: CompiledEntity, id: string): Promise<void> {
  if (!entity.softDelete) throw recordNotFound(entity, id);
  await authorizeRecordAction(trx, ctx, entity, id, 'delete', 'deleted');
  const { numUpdatedRows } = await trx
    .updateTable(table(entity))
    .set({ deleted_at: null, deleted_by: null, updated_at: ctx.now, updated_by: ctx.actorId, version: sql`version + 1` })
    .where('id', '=', id)
    .where('deleted_at', 'is not', null)
    .executeTakeFirst();
  if (!numUpdatedRows) throw recordNotFound(entity, id);
  const after = await readRecord(trx, ctx.model, entity, id, ctx.logic, readableRows(ctx.model, ctx.actor));
  ctx.written?.set(id, after);
  await writeHistory(trx, entity, id, 'restore', diffRecords(entity, undefined, after), ctx.actorId);
  await ctx.hooks?.afterWrite(trx, ctx, { entity, op: 'restore', id, after });
}

/**
 * The full record (every field but lines) as the API returns it, whoever may read it; its
 * formulas and rollups read through `rows` (a writer's answer shows what they may read).
 */
export async function readRecord(trx: Kysely<any>, model: CompiledModel, entity: CompiledEntity, id: string, logic: LogicContext, rows?: RowsReadable): Promise<Record<string, unknown>> {
  const request = { conditions: [], sort: [], limit: 1, expand: new Map(), count: false, fields: defaultFields(entity).map((f) => f.name) };
  const record = await readById(trx, model, entity, request, logic, SYSTEM_ACTOR, id, rows);
  if (!record) throw recordNotFound(entity, id);
  return record;
}

/** Records by id (every field but lines), whoever may read them, by one statement per page of MAX_LIMIT; those not found are left out. */
export async function readRecords(trx: Kysely<any>, model: CompiledModel, entity: CompiledEntity, ids: readonly string[], logic: LogicContext): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += MAX_LIMIT) {
    const page = unique.slice(i, i + MAX_LIMIT);
    const request = { conditions: [], sort: [], limit: page.length, expand: new Map(), count: false, fields: defaultFields(entity).map((f) => f.name) };
    const { data } = await listRecords(trx, model, entity, request, logic, { sqlWhere: [sql`r.id = any(${page}::uuid[])`], actor: SYSTEM_ACTOR });
    for (const record of data) found.set(String(record.id), record);
  }
  return found;
}

/** Locks a live record for the transaction and answers its version (a deleted record is not found). */
async function lockVersion(trx: Kysely<any>, entity: CompiledEntity, id: string): Promise<number> {
  let query = trx.selectFrom(table(entity)).select('version').where('id', '=', id);
  if (entity.softDelete) query = query.where('deleted_at', 'is', null);
  const row = await query.forUpdate().executeTakeFirst();
  if (!row) throw recordNotFound(entity, id);
  return Number(row.version);
}

/** A new owner brings their team key along (owner-team-key.ts). */
function ownerTeamKeyWith(entity: CompiledEntity, columns: Record<string, unknown>): Record<string, unknown> {
  return entity.owned && 'owner' in columns ? { [OWNER_TEAM_KEY]: ownerTeamKeySql(columns.owner) } : {};
}

/** Whether a patch would change any value of the record (compared as the API shows them; absent and null are alike). */
export function changesAny(record: Readonly<Record<string, unknown>>, patch: Readonly<Record<string, unknown>>): boolean {
  return Object.entries(patch).some(([name, value]) => JSON.stringify(record[name] ?? null) !== JSON.stringify(value ?? null));
}

function patchObject(patch: unknown): Record<string, unknown> {
  return patch && typeof patch === 'object' && !Array.isArray(patch) ? (patch as Record<string, unknown>) : {};
}

function versionInBody(patch: unknown): number | undefined {
  const v = patch && typeof patch === 'object' ? (patch as { version?: unknown }).version : undefined;
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw loomErrors('LOOM_ERR_DATA_VALIDATION', [{ path: '/version', message: 'must be the whole-number version you read' }]);
  return v;
}
