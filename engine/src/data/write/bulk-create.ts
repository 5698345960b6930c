import { sql, type Kysely } from 'kysely';
import { loomErrors, problemAt, type ProblemItem } from '../../errors/loom-error.ts';
import type { CompiledEntity } from '../../model/compiled-model.ts';
import { OWNER_TEAM_KEY, RECORDS_SCHEMA } from '../../model/table-spec.ts';
import { authorizeCreate, authorizeFields } from '../access/authorize-write.ts';
import { nextAutonumbers } from './autonumber.ts';
import { checkFileReferences } from '../files/file-references.ts';
import { checkLookupTargetsOfMany } from '../access/lookup-targets-many.ts';
import { createdChangesSql } from './record-history.ts';
import { recordTable } from '../access/record-scope.ts';
import { sqlType } from '../../db/ddl.ts';
import { failedRules, ruleExpressions, ruleMessage } from './record-rules.ts';
import type { WriteContext } from './write-context.ts';
import { uuid7 } from '../uuid7.ts';
import { checkRequired, toWriteValues } from './write-values.ts';
import { isAutonumberField, isLinesField } from '../../model/field-types/field-predicates.ts';

/** One create of a bulk request: its input and where it sits in the request body. */
export interface BulkCreate {
  readonly data: unknown;
  /** JSON pointer of the operation's data, e.g. `/operations/3/data`. */
  readonly pointer: string;
}

/**
 * Whether the creates of a bulk request can be written as a set: an entity without child
 * lines (their rows are written per parent by record-lines.ts, which needs each parent's id
 * and write in turn).
 */
export function createsAsSet(entity: CompiledEntity): boolean {
  return !entity.fieldList.some(isLinesField);
}

/**
 * Creates many records of one entity in a few set-based statements, with the same checks a
 * single create makes (record-writes.ts createInTransaction), in the caller's transaction:
 *
 * 1. every operation is checked first — the role may create, every field named is writable,
 *    every value converts and every required field is there — and all problems are answered
 *    together, each with its operation's pointer, before anything is written;
 * 2. lookup targets are checked with one statement per lookup field over every id the
 *    request names (lookup-targets-many.ts); file references per record (rare in bulk);
 * 3. each autonumber field takes all its numbers in one counter update, in request order;
 * 4. the rows go in one INSERT … SELECT FROM jsonb_to_recordset, whose data-modifying WITH
 *    appends every record's `create` history from what was stored;
 * 5. the entity's rules are checked in one SELECT over the new ids.
 *
 * Answers the new ids in request order.
 */
export async function createMany(trx: Kysely<any>, ctx: WriteContext, entity: CompiledEntity, creates: readonly BulkCreate[]): Promise<string[]> {
  if (!creates.length) return [];
  authorizeCreate(ctx, entity);
  for (const create of creates) authorizeFields(ctx, entity, create.data, create.pointer);

  const errors: ProblemItem[] = [];
  const rows: Record<string, unknown>[] = [];
  for (const create of creates) {
    const values = toWriteValues(entity, create.data, true, create.pointer, errors, ctx.now);
    checkRequired(entity, values, true, create.pointer, errors);
    rows.push(values.columns);
  }
  if (errors.length) throw loomErrors('LOOM_ERR_DATA_VALIDATION', errors);
  await checkLookupTargetsOfMany(trx, ctx.model, ctx.actor, entity, rows, creates.map((c) => c.pointer));
  for (const [i, row] of rows.entries()) await checkFileReferences(trx, ctx, entity, row, undefined, creates[i].pointer);

  for (const field of entity.fieldList) {
    if (!isAutonumberField(field)) continue;
    const numbers = await nextAutonumbers(trx, entity.name, field.name, field.pattern, ctx.now, rows.length);
    rows.forEach((row, i) => (row[field.column!] = numbers[i]));
  }
  // uuid7 ids made in one millisecond count up, so the ids keep the request's order.
  const ids = rows.map((row) => {
    const id = uuid7(ctx.now.getTime());
    Object.assign(row, { id, created_at: ctx.now, updated_at: ctx.now, created_by: ctx.actorId, updated_by: ctx.actorId, version: 1 });
    if (entity.owned && row.owner === undefined) row.owner = ctx.actorId;
    return id;
  });
  await insertWithHistories(trx, ctx, entity, rows);
  await checkRulesOfMany(trx, ctx, entity, ids, creates.map((c) => c.pointer));
  return ids;
}

/**
 * The rows in one INSERT … SELECT FROM jsonb_to_recordset: one parameter, the rows as JSON,
 * typed by the entity's column specs, so the statement's text depends only on which columns
 * the request sets (a thousand rows as VALUES were 20,000 parameters, and each row's owner
 * team key its own subquery to plan: building and planning that cost more than the insert).
 * A column a row leaves out is NULL, which is its default (the columns with another default,
 * the stamps and the version, are set on every row). The same statement appends every
 * record's `create` history, the changes computed by the database from the stored columns
 * (createdChangesSql), exactly as a single create's history.
 */
async function insertWithHistories(trx: Kysely<any>, ctx: WriteContext, entity: CompiledEntity, rows: Record<string, unknown>[]): Promise<void> {
  const specs = new Map(entity.tableSpec.columns.map((column) => [column.name, column]));
  const names = [...new Set(rows.flatMap((row) => Object.keys(row).filter((name) => row[name] !== undefined && name !== OWNER_TEAM_KEY)))];
  // jsonb values arrive as JSON text (json fields store their text), so they are read as text and cast.
  const typeOf = (name: string) => (specs.get(name)!.sqlType === 'jsonb' ? 'text' : specs.get(name)!.sqlType);
  const definition = sql.join(names.map((name) => sql`${sql.id(name)} ${sqlType(typeOf(name))}`));
  const values = names.map((name) => (specs.get(name)!.sqlType === 'jsonb' ? sql`${sql.ref(`v.${name}`)}::jsonb` : sql.ref(`v.${name}`)));
  const targets = names.map((name) => sql.id(name));
  if (entity.owned) {
    targets.push(sql.id(OWNER_TEAM_KEY));
    values.push(sql`(select u.team_key from loom.users u where u.id = v.owner for share)`);
  }
  const json = JSON.stringify(rows.map((row) => Object.fromEntries(names.map((name) => [name, row[name]]))));
  await sql`with written as (
      insert into ${sql.table(`${RECORDS_SCHEMA}.${entity.table}`)} (${sql.join(targets)})
      select ${sql.join(values)} from jsonb_to_recordset(${json}::jsonb) as v(${definition})
      returning ${sql.ref('id')}, ${createdChangesSql(entity, entity.table)} as ${sql.ref(CHANGES)})
    insert into loom.history (entity, record_id, action, changes, actor)
    select ${entity.name}, written.id, 'create', written.${sql.ref(CHANGES)}, ${ctx.actorId}::uuid from written order by written.id`.execute(trx);
}

/** The column the insert returns its history changes in; no field's column starts with an underscore. */
const CHANGES = '_changes';

/** The entity's rules over every new record in one SELECT; a record breaking one is answered at its operation's pointer. */
async function checkRulesOfMany(trx: Kysely<any>, ctx: WriteContext, entity: CompiledEntity, ids: readonly string[], pointers: readonly string[]): Promise<void> {
  if (!entity.rules.length) return;
  const { rows } = await sql<Record<string, unknown>>`
    select r.id, ${sql.join(ruleExpressions(ctx.model, entity, 'r', ctx.logic))} from ${recordTable(entity)} as r where r.id = any(${[...ids]}::uuid[])`.execute(trx);
  const byId = new Map(rows.map((row) => [row.id as string, row]));
  const problems: ProblemItem[] = [];
  ids.forEach((id, i) => {
    for (const rule of failedRules(entity, byId.get(id))) problems.push(problemAt(pointers[i] || '/', ruleMessage(rule)));
  });
  if (problems.length) throw loomErrors('LOOM_ERR_DATA_VALIDATION', problems);
}
