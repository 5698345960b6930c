import { sql, type Expression, type SqlBool } from 'kysely';
import type { CompiledEntity, CompiledField, CompiledModel } from '../../model/compiled-model.ts';
import type { Actor } from '../actor.ts';
import { effectiveGrant } from '../access/entity-grant.ts';
import { accessPredicate } from '../access/record-access.ts';
import { recordTable } from '../access/record-scope.ts';
import { StatementCache } from '../read/statement-cache.ts';
import { isFileField } from '../../model/field-types/field-predicates.ts';

/** A file or image field: a place where records hold file ids. */
export interface FileHolder {
  readonly entity: CompiledEntity;
  readonly field: CompiledField;
}

const holdersByModel = new WeakMap<CompiledModel, readonly FileHolder[]>();

/** Every file and image field of the model. */
export function fileHolders(model: CompiledModel): readonly FileHolder[] {
  let holders = holdersByModel.get(model);
  if (!holders) {
    holders = [...model.entities.values()].flatMap((entity) => entity.fieldList.filter(isFileField).map((field) => ({ entity, field })));
    holdersByModel.set(model, holders);
  }
  return holders;
}

/**
 * Whether the actor may read the loom.files row under `alias`, as one SQL condition
 * (undefined for administrators and the system actor: every file).
 *
 * A file is readable when a record holding it in the field it was uploaded for is readable
 * (the caller's read predicate, live or in the deleted list) and that field is not hidden
 * from the caller. A file that no such record holds yet is its uploader's alone; once
 * attached, the uploader reads it like anyone else, through the record. A file uploaded
 * before files recorded their field (entity null) is checked against every file field; one
 * whose field left the model is held by nothing.
 *
 * A CASE picks the file's own field, so PostgreSQL runs the subqueries of that one field
 * only: a probe of the field's index (file columns are foreign keys, which get one), or a
 * hash of the few records a narrow scope reads. The condition depends on the model and the
 * actor only, so it is built once per actor.
 */
export function fileReadable(model: CompiledModel, actor: Actor, alias: string): Expression<SqlBool> | undefined {
  if (actor.admin || actor.system) return undefined;
  return conditions.get(model, actor, alias, () => buildReadable(model, actor, alias));
}

const conditions = new StatementCache<Expression<SqlBool>>(8);

function buildReadable(model: CompiledModel, actor: Actor, alias: string): Expression<SqlBool> {
  const file = sql.ref(`${alias}.id`);
  const uploader = actor.id ? sql<SqlBool>`${sql.ref(`${alias}.created_by`)} = ${actor.id}::uuid` : sql<SqlBool>`false`;
  const holders = fileHolders(model);
  const readableIn = (list: readonly FileHolder[]) => anyOf(list.map((h) => heldReadably(model, actor, h, file)));
  const heldIn = (list: readonly FileHolder[]) => anyOf(list.map((h) => held(h, file)));
  const entity = sql.ref(`${alias}.entity`);
  const field = sql.ref(`${alias}.field`);
  const branches = holders.map((h) =>
    sql`when ${entity} = ${h.entity.name} and ${field} = ${h.field.name} then ${readableIn([h])} or (${uploader} and not ${heldIn([h])})`);
  const legacy = sql`when ${entity} is null then ${readableIn(holders)} or (${uploader} and not ${heldIn(holders)})`;
  return sql<SqlBool>`(case ${sql.join([...branches, legacy], sql` `)} else ${uploader} end)`;
}

function anyOf(parts: Expression<SqlBool>[]): Expression<SqlBool> {
  return parts.length ? sql<SqlBool>`(${sql.join(parts, sql` or `)})` : sql<SqlBool>`false`;
}

/** Some record holds the file in this field, whoever may read it (a deleted record too). */
function held(holder: FileHolder, file: Expression<unknown>): Expression<SqlBool> {
  const column = sql.ref(`fh.${holder.field.columns[0].name}`);
  return sql<SqlBool>`exists (select 1 from ${recordTable(holder.entity)} as fh where ${column} = ${file})`;
}

/** A record the actor may read holds the file in this field, and the field is not hidden from them. */
function heldReadably(model: CompiledModel, actor: Actor, holder: FileHolder, file: Expression<unknown>): Expression<SqlBool> {
  if (effectiveGrant(model, holder.entity, actor).fieldAccess(holder.field.name) === 'hidden') return sql<SqlBool>`false`;
  const column = sql.ref(`fh.${holder.field.columns[0].name}`);
  // A soft-deleted record is still read in the deleted list, under the same read scope.
  const states = holder.entity.softDelete ? (['live', 'deleted'] as const) : (['live'] as const);
  const predicates = states.map((state) => accessPredicate(model, holder.entity, actor, 'read', 'fh', state));
  const readable = predicates.every((p) => p !== undefined) ? sql` and (${sql.join(predicates, sql` or `)})` : sql``;
  return sql<SqlBool>`exists (select 1 from ${recordTable(holder.entity)} as fh where ${column} = ${file}${readable})`;
}
