import { sql, type CompiledQuery, type Kysely } from 'kysely';
import type { CompiledEntity } from '../../model/compiled-model.ts';
import { OWNER_TEAM_KEY, RECORDS_SCHEMA } from '../../model/table-spec.ts';
import { autonumberInStatement, autonumberPeriod, numberGroups } from './autonumber.ts';
import { ownerTeamKeySql } from '../access/owner-team-key.ts';
import { createdChangesSql } from './record-history.ts';
import { ruleExpressions, throwFailedRules } from './record-rules.ts';
import { defaultFields, selectFields, type Selection } from '../read/record-selection.ts';
import { EVERY_ROW } from '../access/record-scope.ts';
import type { WriteContext } from './write-context.ts';
import { bindPlaceholders, EntityStatementCache, storedOnly } from '../read/statement-cache.ts';
import { isAutonumberField, isLinesField } from '../../model/field-types/field-predicates.ts';
import type { InsertAlong } from '../../db/insert-along.ts';

interface Prepared {
  readonly compiled: CompiledQuery<Record<string, unknown>>;
  readonly selection: Selection;
  /** The row column each placeholder of the statement stands for. */
  readonly columnOf: ReadonlyMap<symbol, string>;
  /** The other placeholders (the actor, each autonumber's period and texts), by what they take from the call. */
  readonly valueOf: ReadonlyMap<symbol, (call: Call) => unknown>;
}

interface Call {
  readonly ctx: WriteContext;
  /** autonumberPeriod of each autonumber field on the create's day, by field name. */
  readonly periods: ReadonlyMap<string, { period: string; texts: string[] }>;
  readonly along: readonly InsertAlong[];
}

/** Rows set columns in the order their input named fields; a few orders per entity is the norm. */
const statements = new EntityStatementCache<Prepared>(64);

/**
 * Whether a create of this entity can be written by insertWithHistory: every field is a stored
 * column (the record it answers is the row) and it has no child lines (written after their
 * parent, each in turn).
 */
export function insertsWithHistory(entity: CompiledEntity): boolean {
  return storedOnly(entity) && !entity.fieldList.some(isLinesField);
}

/**
 * Inserts a record and its `create` history entry in one statement and answers the record as
 * stored. A data-modifying WITH takes the next value of each autonumber (the counter row is
 * locked from this statement to the commit only, and a rolled-back create gives its number
 * back with the counter update), inserts the row, appends the history with the changes the
 * database computed from what it stored (createdChangesSql), and the statement answers the
 * record with its rules checked on it (a broken rule is thrown here; the caller's transaction
 * then rolls it all back). The statement depends only on the entity and which columns the row
 * sets, so it is built once per such shape and only the values are bound per call. Rows that
 * processes write along with the create (`along`: a job to enqueue) are inserted by the same
 * statement.
 */
export async function insertWithHistory(
  db: Kysely<any>,
  ctx: WriteContext,
  entity: CompiledEntity,
  row: Record<string, unknown>,
  pointer = '',
  along: readonly InsertAlong[] = [],
): Promise<Record<string, unknown>> {
  // Columns left undefined are not inserted (their defaults apply), as kysely would leave them out.
  const columns = Object.keys(row).filter((column) => row[column] !== undefined);
  const shape = [columns.join(','), ...along.map(alongShape)].join('|');
  const prepared = statements.get(ctx.model, entity, shape, ctx.logic, (context) => prepare(db, { ...ctx, logic: context }, entity, columns, along));
  const call: Call = { ctx, periods: new Map(autonumbers(entity).map((f) => [f.name, autonumberPeriod(f.pattern, ctx.now)])), along };
  const bound = bindPlaceholders(prepared.compiled, (placeholder) => {
    const column = prepared.columnOf.get(placeholder);
    return column === undefined ? prepared.valueOf.get(placeholder)!(call) : row[column];
  });
  const { rows } = await db.executeQuery<Record<string, unknown>>(bound);
  throwFailedRules(entity, rows[0], pointer);
  return prepared.selection.read(rows[0]);
}

function prepare(db: Kysely<any>, ctx: WriteContext, entity: CompiledEntity, columns: string[], along: readonly InsertAlong[]): Prepared {
  // Each value is a placeholder symbol while building, so the compiled parameters say which is which.
  const columnOf = new Map(columns.map((column) => [Symbol(column), column]));
  const valueOf = new Map<symbol, (call: Call) => unknown>();
  const placeholder = (value: (call: Call) => unknown) => {
    const symbol = Symbol();
    valueOf.set(symbol, value);
    return symbol;
  };
  const values: Record<string, unknown> = Object.fromEntries([...columnOf].map(([symbol, column]) => [column, symbol]));
  if (entity.owned) values[OWNER_TEAM_KEY] = ownerTeamKeySql(values.owner);
  const counters = autonumbers(entity).map((field, i) => {
    const period = placeholder((call) => call.periods.get(field.name)!.period);
    const texts = Array.from({ length: numberGroups(field.pattern) + 1 }, (_, t) => placeholder((call) => call.periods.get(field.name)!.texts[t]));
    const numbered = autonumberInStatement(`counter_${i}`, entity.name, field.name, field.pattern, period, texts);
    values[field.column!] = numbered.value;
    return numbered.counter;
  });
  const actor = placeholder((call) => call.ctx.actorId);
  // Stored columns only (insertsWithHistory): no path or rollup, so no rows to restrict.
  const selection = selectFields(ctx.model, entity, defaultFields(entity), 'r', ctx.logic, EVERY_ROW);
  const insert = db.insertInto(`${RECORDS_SCHEMA}.${entity.table}`).values(values).returningAll();
  // Each row along is its own data-modifying WITH: PostgreSQL runs it whether or not it is read.
  const alongInserts = along.map((extra, i) => {
    const alongValues = Object.fromEntries(Object.keys(extra.row).map((column) => [column, placeholder((call) => call.along[i].row[column])]));
    let query = db.insertInto(extra.table).values(alongValues);
    if (extra.onConflictDoNothing) query = query.onConflict((oc) => oc.columns([...extra.onConflictDoNothing!]).doNothing());
    return sql`${sql.id(`along_${i}`)} as (${query})`;
  });
  const compiled = sql<Record<string, unknown>>`with ${sql.join([...counters, sql`written as (${insert})`, ...alongInserts])},
      trail as (insert into loom.history (entity, record_id, action, changes, actor)
        select ${entity.name}, r.id, 'create', ${createdChangesSql(entity, 'r')}, ${actor}::uuid from written as r)
      select ${sql.join([...selection.expressions, ...ruleExpressions(ctx.model, entity, 'r', ctx.logic)])} from written as r`.compile(db);
  return { compiled, selection, columnOf, valueOf };
}

/** What a row along adds to the statement's shape: its table, columns and conflict target (never its values). */
function alongShape(extra: InsertAlong): string {
  return `${extra.table}(${Object.keys(extra.row).join(',')})${extra.onConflictDoNothing ? `!${extra.onConflictDoNothing.join(',')}` : ''}`;
}

function autonumbers(entity: CompiledEntity) {
  return entity.fieldList.filter(isAutonumberField);
}
