import { sql, type CompiledQuery, type Kysely } from 'kysely';
import type { LogicContext } from '../../logic/index.ts';
import type { CompiledEntity, CompiledModel } from '../../model/compiled-model.ts';
import type { Actor } from '../actor.ts';
import { listRecords, pageQuery } from './list-records.ts';
import { bindPlaceholders, readsStoredColumnsOnly, StatementCache } from './statement-cache.ts';
import type { ListRequest } from './list-request.ts';
import type { RowsReadable } from '../access/record-scope.ts';

/**
 * One record by id, as a get answers it and as a write reads its record back. When every
 * field it selects is a stored column (no formula or rollup, which may read `$now` or
 * `$user`), the statement differs between calls only in the id: the permission predicate
 * is the actor's (record-access.ts). Such statements are built and compiled once per
 * model, actor and request shape, and only the id is bound per call; building and
 * compiling the statement cost more than anything else the engine does for a get.
 */
export async function readById(db: Kysely<any>, model: CompiledModel, entity: CompiledEntity, request: ListRequest, context: LogicContext, actor: Actor, id: string, rows?: RowsReadable): Promise<Record<string, unknown> | undefined> {
  // A kept statement reads stored columns only, which no `rows` can change.
  const prepared = reusable(model, entity, request) ? preparedFor(db, model, entity, request, context, actor) : undefined;
  if (!prepared) return (await listRecords(db, model, entity, request, context, { sqlWhere: [sql`r.id = ${id}::uuid`], actor, rows })).data[0];
  const [row] = (await db.executeQuery<Record<string, unknown>>(bindPlaceholders(prepared.compiled, () => id))).rows;
  return row ? prepared.toRecord(row) : undefined;
}

interface Prepared {
  readonly compiled: CompiledQuery<Record<string, unknown>>;
  toRecord(row: Record<string, unknown>): Record<string, unknown>;
}

/** Stands for the id in a cached statement's parameters; replaced by the real id on every call. */
const ID_SLOT = Symbol('record id');
const statements = new StatementCache<Prepared>();

function preparedFor(db: Kysely<any>, model: CompiledModel, entity: CompiledEntity, request: ListRequest, context: LogicContext, actor: Actor): Prepared {
  const key = JSON.stringify([entity.name, request.fields ?? null, [...request.expand], request.limit]);
  return statements.get(model, actor, key, () => {
    const page = pageQuery(db, model, entity, request, context, { sqlWhere: [sql`r.id = ${ID_SLOT}::uuid`], actor, singleRow: true });
    return { compiled: page.query.compile() as CompiledQuery<Record<string, unknown>>, toRecord: page.toRecord };
  });
}

/** Only the id varies: no filter, search, sort, cursor or count, and stored columns only (here and in expanded lookups). */
function reusable(model: CompiledModel, entity: CompiledEntity, request: ListRequest): boolean {
  if (request.conditions.length || request.q || request.sort.length || request.cursor || request.count) return false;
  return readsStoredColumnsOnly(model, entity, request);
}
