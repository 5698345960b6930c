import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { ProcessAction } from '@loom/metadata';
import { sqlType } from '../../db/ddl.ts';
import { loomErrors, type ProblemItem } from '../../errors/loom-error.ts';
import { EVERY_ROW, recordScope, recordTable } from '../../data/access/record-scope.ts';
import { fieldValueJsonSql } from '../../data/read/value-json-sql.ts';
import { toWriteValues } from '../../data/write/write-values.ts';
import { compileCondition, evaluateLogic, isContextVar, logicVars, type LogicContext } from '../../logic/index.ts';
import type { CompiledEntity, CompiledField, CompiledModel } from '../../model/compiled-model.ts';
import { isFileField, isFormulaField, isReferenceField, isRollupField } from '../../model/field-types/field-predicates.ts';
import { OWNER_TEAM_KEY } from '../../model/table-spec.ts';
import { ownerTeamKeySql } from '../../data/access/owner-team-key.ts';

/**
 * The `set` of a timed automation as one statement over every matching record, when it can
 * be: every value is the same for all records (a constant, `$now`…, `$user`), the fields it
 * sets are the record's own stored ones, a lookup or file is only emptied (no target to
 * check), and no rule of the entity reads a field it sets (no rule can break).
 * Undefined when it cannot; the caller then writes record by record.
 */
export function setBasedPatch(
  model: CompiledModel,
  entity: CompiledEntity,
  actions: readonly ProcessAction[],
  context: LogicContext,
): Record<string, unknown> | undefined {
  const patch: Record<string, unknown> = {};
  for (const action of actions) {
    if ('notify' in action) continue;
    if (!('set' in action)) return undefined;
    for (const [key, expr] of Object.entries(action.set)) {
      if (key.includes('.') || !logicVars(expr).every((v) => isContextVar(v.path) && !v.path.startsWith('$old.'))) return undefined;
      patch[key] = evaluateLogic(expr, {}, context) ?? null;
    }
  }
  if (!Object.keys(patch).length) return undefined;
  for (const [name, value] of Object.entries(patch)) {
    const field = entity.fields[name];
    if (!field?.column || ((isReferenceField(field) || isFileField(field)) && value !== null)) return undefined;
  }
  const set = new Set(Object.keys(patch));
  for (const rule of entity.rules) {
    for (const v of logicVars(rule.assert)) {
      const first = v.path.split('.')[0];
      const field = Object.hasOwn(entity.fields, first) ? entity.fields[first] : undefined;
      if (set.has(first) || (field && (isFormulaField(field) || isRollupField(field)))) return undefined;
    }
  }
  void model;
  return patch;
}

export interface SetBasedResult {
  /** Records updated. */
  readonly count: number;
  /** Each updated record's id and its set fields' values before (API values), when asked for. */
  readonly rows: readonly { id: string; old: Record<string, unknown> }[];
}

/**
 * One statement: selects the records matching `where` (and `extra`, a date window) with the
 * values they had, updates them all with the patch (stamps, version, owner team key), appends
 * one `update` history entry per changed record with the changes the database computed, and
 * answers the ids (with their old values when `returning`), all in a data-modifying WITH.
 */
export async function setBasedUpdate(
  trx: Kysely<any>,
  model: CompiledModel,
  entity: CompiledEntity,
  where: unknown,
  extra: Expression<SqlBool> | undefined,
  patch: Record<string, unknown>,
  context: LogicContext,
  returning: boolean,
): Promise<SetBasedResult> {
  const errors: ProblemItem[] = [];
  const values = toWriteValues(entity, patch, false, '/actions', errors, context.now);
  if (errors.length) throw loomErrors('LOOM_ERR_DATA_VALIDATION', errors);
  const specs = new Map(entity.tableSpec.columns.map((c) => [c.name, c.sqlType]));
  const assignments = Object.entries(values.columns).map(([column, value]) => sql`${sql.id(column)} = ${value}::${sqlType(specs.get(column)!)}`);
  if (entity.owned && 'owner' in values.columns) assignments.push(sql`${sql.id(OWNER_TEAM_KEY)} = ${ownerTeamKeySql(values.columns.owner)}`);
  assignments.push(sql`updated_at = ${context.now}::timestamptz`, sql`updated_by = null`, sql`version = w.version + 1`);

  const fields: CompiledField[] = Object.keys(patch).map((name) => entity.fields[name]);
  const scope = recordScope(model, entity, 'r', context, EVERY_ROW);
  const conditions: Expression<SqlBool>[] = [];
  if (where !== undefined) conditions.push(compileCondition(where, scope, '/where'));
  if (entity.softDelete) conditions.push(sql<SqlBool>`r.deleted_at is null`);
  if (extra) conditions.push(extra);
  const predicate = conditions.length ? sql.join(conditions, sql` and `) : sql`true`;
  const olds = fields.map((field, i) => sql`${fieldValueJsonSql(field, 'r')} as ${sql.id(`o_${i}`)}`);
  const oldJson = (i: number) => sql`coalesce(t.${sql.id(`o_${i}`)}, 'null'::jsonb)`;
  const newJson = (field: CompiledField) => sql`coalesce(${fieldValueJsonSql(field, 'w')}, 'null'::jsonb)`;
  const changes = fields.map(
    (field, i) =>
      sql`case when ${oldJson(i)} is distinct from ${newJson(field)} then jsonb_build_object(${field.name}::text, jsonb_build_array(${oldJson(i)}, ${newJson(field)})) else '{}'::jsonb end`,
  );
  const olderValues = sql`jsonb_build_object(${sql.join(fields.map((field, i) => sql`${field.name}::text, ${oldJson(i)}`))})`;
  const answer = returning ? sql`select changed.id::text as id, changed.old from changed` : sql`select count(*)::int as count from changed`;
  const { rows } = await sql<{ id?: string; old?: Record<string, unknown>; count?: number }>`
    with target as (
      select r.id, ${sql.join(olds)} from ${recordTable(entity)} as r where ${predicate} for update of r
    ), changed as (
      update ${recordTable(entity)} as w set ${sql.join(assignments)} from target as t where w.id = t.id
      returning w.id, (${sql.join(changes, sql` || `)}) as changes, ${olderValues} as old
    ), trail as (
      insert into loom.history (entity, record_id, action, changes, actor)
      select ${entity.name}, changed.id, 'update', changed.changes, null from changed where changed.changes <> '{}'::jsonb
    )
    ${answer}`.execute(trx);
  if (!returning) return { count: Number(rows[0]?.count ?? 0), rows: [] };
  return { count: rows.length, rows: rows.map((r) => ({ id: r.id!, old: r.old ?? {} })) };
}
