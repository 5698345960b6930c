import { sql, type CompiledQuery, type Kysely } from 'kysely';
import type { CompiledEntity } from '../model/compiled-model.ts';
import { OWNER_TEAM_KEY, RECORDS_SCHEMA } from '../model/table-spec.ts';
import { ownerTeamKeySql } from './owner-team-key.ts';
import { createdChangesSql } from './record-history.ts';
import { defaultFields, selectFields, type Selection } from './record-selection.ts';
import { EVERY_ROW } from './record-scope.ts';
import type { WriteContext } from './record-writes.ts';
import { bindPlaceholders } from './statement-cache.ts';

interface Prepared {
  readonly compiled: CompiledQuery<Record<string, unknown>>;
  readonly selection: Selection;
  /** The row column each placeholder of the statement stands for (the actor's is ACTOR). */
  readonly columnOf: ReadonlyMap<symbol, string>;
}

const ACTOR = Symbol('actor');
/** Rows set columns in the order their input named fields; a few orders per entity is the norm. */
const MAX_SHAPES = 64;
const statements = new WeakMap<CompiledEntity, Map<string, Prepared>>();

/**
 * Inserts a record and its `create` history entry in one statement (a data-modifying WITH:
 * the INSERT returns the record and the changes the database computed from what it
 * stored; see createdChangesSql) and answers the record as stored. Only for entities where
 * nothing runs between the two (record-writes.ts, createsInOneStatement). The statement
 * depends only on the entity and which columns the row sets, so it is built once per such
 * shape and only the values are bound per call.
 */
export async function insertWithHistory(db: Kysely<any>, ctx: WriteContext, entity: CompiledEntity, row: Record<string, unknown>): Promise<Record<string, unknown>> {
  // Columns left undefined are not inserted (their defaults apply), as kysely would leave them out.
  const prepared = preparedFor(db, ctx, entity, Object.keys(row).filter((column) => row[column] !== undefined));
  const bound = bindPlaceholders(prepared.compiled, (placeholder) => (placeholder === ACTOR ? ctx.actorId : row[prepared.columnOf.get(placeholder)!]));
  const { rows } = await db.executeQuery<Record<string, unknown>>(bound);
  return prepared.selection.read(rows[0]);
}

function preparedFor(db: Kysely<any>, ctx: WriteContext, entity: CompiledEntity, columns: string[]): Prepared {
  let shapes = statements.get(entity);
  if (!shapes) statements.set(entity, (shapes = new Map()));
  const key = columns.join(',');
  let prepared = shapes.get(key);
  if (!prepared) {
    // Each value is a placeholder symbol while building, so the compiled parameters say which is which.
    const placeholders = new Map(columns.map((column) => [Symbol(column), column]));
    const row: Record<string, unknown> = Object.fromEntries([...placeholders].map(([symbol, column]) => [column, symbol]));
    if (entity.owned) row[OWNER_TEAM_KEY] = ownerTeamKeySql(row.owner);
    // Stored columns only (createsInOneStatement): no path or rollup, so no rows to restrict.
    const selection = selectFields(ctx.model, entity, defaultFields(entity), entity.table, ctx.logic, EVERY_ROW);
    const insert = db.insertInto(`${RECORDS_SCHEMA}.${entity.table}`).values(row).returning([...selection.expressions, sql`${createdChangesSql(entity, entity.table)}`.as(CHANGES)] as any);
    const compiled = sql<Record<string, unknown>>`with written as (${insert}),
      trail as (insert into loom.history (entity, record_id, action, changes, actor)
        select ${entity.name}, written.id, 'create', written.${sql.ref(CHANGES)}, ${ACTOR}::uuid from written)
      select * from written`.compile(db);
    prepared = { compiled, selection, columnOf: placeholders };
    if (shapes.size >= MAX_SHAPES) shapes.clear();
    shapes.set(key, prepared);
  }
  return prepared;
}

/** The column the insert returns its history changes in; no field's column starts with an underscore. */
const CHANGES = '_changes';
