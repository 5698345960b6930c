import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import { compileCondition, type LogicContext } from '../logic/index.ts';
import type { CompiledEntity, CompiledModel } from '../model/compiled-model.ts';
import { afterCursor, decodeCursor, encodeCursor, type KeysetKey } from './keyset-cursor.ts';
import type { ListRequest } from './list-request.ts';
import { recordScope, recordTable } from './record-scope.ts';
import { selectFields } from './record-selection.ts';
import { SYSTEM_ACTOR, type Actor } from './actor.ts';
import { accessPredicate } from './record-access.ts';
import { visibleFields } from './readable-request.ts';
import { effectiveGrant } from './entity-grant.ts';
import { expandJoins } from './expand-joins.ts';
import { searchCondition } from './search-condition.ts';
import { instantFromText } from './instant-text.ts';

export interface ListResult {
  data: Record<string, unknown>[];
  next: string | null;
  total?: number;
}

export interface ListOptions {
  /** Extra conditions the caller must obey (view filters, permission scopes, a related list's parent). */
  readonly where?: unknown[];
  /** Conditions already in SQL (the engine's own, e.g. `id = $1`). */
  readonly sqlWhere?: Expression<SqlBool>[];
  /** Whose list it is: their read scope and field access apply (default: the system actor). */
  readonly actor?: Actor;
}

/** One SQL statement per page (plus one for `count=true`): filters, search, keyset and expand all in SQL. */
export async function listRecords(db: Kysely<any>, model: CompiledModel, entity: CompiledEntity, request: ListRequest, context: LogicContext, options: ListOptions = {}): Promise<ListResult> {
  const page = pageQuery(db, model, entity, request, context, options);
  const rows = (await page.query.execute()) as Record<string, unknown>[];
  const more = rows.length > request.limit;
  const pageRows = more ? rows.slice(0, request.limit) : rows;
  const data = pageRows.map(page.toRecord);
  const last = pageRows[pageRows.length - 1];
  const next = more && last ? encodeCursor(page.signature, page.keys.map((k, i) => (k.instant && typeof last[`k__${i}`] === 'string' ? instantFromText(last[`k__${i}`] as string) : last[`k__${i}`]))) : null;
  const result: ListResult = { data, next };
  if (request.count) {
    const counted = await db.selectFrom(sql`${recordTable(entity)} as r` as any).select(sql<number>`count(*)`.as('n')).where(page.where).executeTakeFirstOrThrow();
    result.total = Number((counted as { n: number }).n);
  }
  return result;
}

/** The statement of one page (limit + 1 rows, to know whether there is a next page) and how its rows become records. */
export function pageQuery(db: Kysely<any>, model: CompiledModel, entity: CompiledEntity, request: ListRequest, context: LogicContext, options: ListOptions = {}) {
  const actor = options.actor ?? SYSTEM_ACTOR;
  const readable = accessPredicate(model, entity, actor, 'read', 'r');
  const where = whereClause(model, entity, request, context, { ...options, sqlWhere: [...(options.sqlWhere ?? []), ...(readable ? [readable] : [])] });
  const keys = sortKeys(model, entity, request, context);
  const signature = request.sort.map((s) => `${s.descending ? '-' : ''}${s.field}`).join(',');
  const fields = request.fields ? request.fields.map((n) => entity.fields[n]) : visibleFields(model, entity, actor).filter((f) => f.type !== 'lines');
  const selection = selectFields(model, entity, fields, 'r', context);
  const joins = expandJoins(model, entity, request.expand, context, actor);

  let query = db.selectFrom(sql`${recordTable(entity)} as r` as any).select([
    ...selection.expressions,
    ...joins.expressions,
    // Instant keys as text, like record datetimes: no Date per row for a value only the last row's cursor uses.
    ...keys.map((k, i) => (k.instant ? sql`${k.expr}::text as ${sql.id(`k__${i}`)}` : sql`${k.expr} as ${sql.id(`k__${i}`)}`)),
  ] as any);
  query = joins.apply(query);
  const page = request.cursor ? afterCursor(keys, decodeCursor(request.cursor, signature, keys.length)) : undefined;
  query = query.where(page ? sql<SqlBool>`${where} and ${page}` : where);
  for (const key of keys) query = query.orderBy(sql`${key.expr} ${key.descending ? sql`desc` : sql`asc`}` as any);
  const toRecord = request.expand.size ? (row: Record<string, unknown>) => ({ ...selection.read(row), ...joins.read(row) }) : (row: Record<string, unknown>) => selection.read(row);
  return { query: query.limit(request.limit + 1), where, keys, signature, toRecord };
}

export function whereClause(model: CompiledModel, entity: CompiledEntity, request: Pick<ListRequest, 'conditions' | 'q'>, context: LogicContext, options: ListOptions = {}): Expression<SqlBool> {
  const scope = recordScope(model, entity, 'r', context);
  const parts: Expression<SqlBool>[] = [];
  [...(options.where ?? []), ...request.conditions].forEach((c) => parts.push(compileCondition(c, scope, '/query/filter')));
  if (request.q) parts.push(searchCondition(entity, 'r', request.q, searchableBy(model, entity, options.actor ?? SYSTEM_ACTOR)));
  parts.push(...(options.sqlWhere ?? []));
  return parts.length ? sql<SqlBool>`${sql.join(parts.map((p) => sql`(${p})`), sql` and `)}` : sql<SqlBool>`true`;
}

/** The ORDER BY: the requested keys then the id, in the direction of the last key so one index serves both. */
function sortKeys(model: CompiledModel, entity: CompiledEntity, request: ListRequest, context: LogicContext): (KeysetKey & { instant?: boolean })[] {
  // Sort keys may be lookup paths ("account.name"): the scope resolves them like filter vars.
  const scope = recordScope(model, entity, 'r', context);
  const keys: (KeysetKey & { instant?: boolean })[] = request.sort.map((s) => {
    const operand = scope.resolveVar(s.field)!;
    return { expr: operand.sql, descending: s.descending, instant: operand.sqlType === 'timestamptz' };
  });
  const last = request.sort[request.sort.length - 1];
  if (!request.sort.some((s) => s.field === 'id')) keys.push({ expr: sql.ref('r.id'), descending: last?.descending ?? false });
  return keys;
}

/** Search covers only the search fields the actor may read, so a hidden field is never an oracle. */
function searchableBy(model: CompiledModel, entity: CompiledEntity, actor: Actor): readonly string[] {
  const grant = effectiveGrant(model, entity, actor);
  return entity.searchFields.filter((name) => grant.fieldAccess(name) !== 'hidden');
}
