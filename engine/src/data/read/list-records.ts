import { sql, type CompiledQuery, type Expression, type Kysely, type SqlBool } from 'kysely';
import { compileCondition, type LogicContext } from '../../logic/index.ts';
import type { CompiledEntity, CompiledModel } from '../../model/compiled-model.ts';
import { afterCursor, decodeCursor, encodeCursor, type KeysetKey } from './keyset-cursor.ts';
import type { ListRequest } from './list-request.ts';
import { recordScope, recordTable, type RowsReadable } from '../access/record-scope.ts';
import { selectFields } from './record-selection.ts';
import { SYSTEM_ACTOR, type Actor } from '../actor.ts';
import { accessBranches, accessPredicate, readableRows, stateCondition, type RecordState } from '../access/record-access.ts';
import { visibleFields } from '../access/readable-request.ts';
import { effectiveGrant } from '../access/entity-grant.ts';
import { expandJoins } from './expand-joins.ts';
import { searchCondition } from './search-condition.ts';
import { instantFromText } from './instant-text.ts';
import { bindPlaceholders, readsStoredColumnsOnly, StatementCache } from './statement-cache.ts';
import { isLinesField } from '../../model/field-types/field-predicates.ts';
import { orderByExpression, selectExpressions, selectFromRaw, type RowQuery } from './row-query.ts';

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
  /** In an entity with softDelete: live records (the default) or the deleted ones. */
  readonly state?: RecordState;
  /**
   * The rows lookup paths, formulas and rollups read through (default: those the actor may
   * read). A write reads its record back as the system actor but computes it as its writer.
   */
  readonly rows?: RowsReadable;
}

/** One SQL statement per page (plus one for `count=true`): filters, search, keyset and expand all in SQL. */
export async function listRecords(db: Kysely<unknown>, model: CompiledModel, entity: CompiledEntity, request: ListRequest, context: LogicContext, options: ListOptions = {}): Promise<ListResult> {
  const reused = reusablePage(db, model, entity, request, context, options);
  const built = reused ? undefined : pageQuery(db, model, entity, request, context, options);
  const page = reused ?? built!;
  const rows = reused ? (await db.executeQuery<Record<string, unknown>>(reused.compiled)).rows : await built!.query.execute();
  const more = rows.length > request.limit;
  const pageRows = more ? rows.slice(0, request.limit) : rows;
  const data = pageRows.map(page.toRecord);
  const last = pageRows[pageRows.length - 1];
  const next = more && last ? encodeCursor(page.signature, page.keys.map((k, i) => (k.instant && typeof last[`k__${i}`] === 'string' ? instantFromText(last[`k__${i}`] as string) : last[`k__${i}`]))) : null;
  const result: ListResult = { data, next };
  if (built && request.count) {
    const counted = await selectFromRaw(db, sql`${recordTable(entity)} as r`).select(sql<string>`count(*)`.as('n')).where(built.where).executeTakeFirstOrThrow();
    result.total = Number(counted.n);
  }
  return result;
}

type PageQuery = ReturnType<typeof pageQuery>;
type ReusedPage = Pick<PageQuery, 'keys' | 'signature' | 'toRecord'> & { readonly compiled: CompiledQuery<Record<string, unknown>> };

/** Stand for cursor values in a kept page statement, by key position. */
const cursorSlots: symbol[] = [];
const cursorSlot = (i: number) => (cursorSlots[i] ??= Symbol(`cursor value ${i}`));
const listStatements = new StatementCache<ReusedPage>();

/**
 * The page statement of a plain list request, compiled once and run again with the next
 * cursor's values: building and compiling it cost the server more than the rest of a list.
 * Only when nothing but the cursor values can differ between two requests of the same
 * key: no caller conditions (views, related lists, ids), no count, no context variable in
 * the filter (`$now` moves on), and stored columns only. Filter and search values are
 * part of the key, since the logic compiler may shape the SQL by them; a cursor value is
 * part of it only by being null or not (null takes other SQL).
 */
function reusablePage(db: Kysely<unknown>, model: CompiledModel, entity: CompiledEntity, request: ListRequest, context: LogicContext, options: ListOptions): ReusedPage | undefined {
  if (options.where?.length || options.sqlWhere?.length || options.state === 'deleted' || request.count || !readsStoredColumnsOnly(model, entity, request)) return undefined;
  const conditions = JSON.stringify(request.conditions);
  if (conditions.includes('$')) return undefined;
  const values = request.cursor ? decodeCursor(request.cursor, sortSignature(request), keyCount(request)) : undefined;
  const actor = options.actor ?? SYSTEM_ACTOR;
  const key = JSON.stringify([entity.name, conditions, request.q ?? null, request.sort, request.fields ?? null, [...request.expand], request.limit, values?.map((v) => v === null)]);
  const kept = listStatements.get(model, actor, key, () => {
    const slots = values?.map((v, i) => (v === null ? null : cursorSlot(i)));
    const page = pageQuery(db, model, entity, { ...request, cursor: undefined }, context, { actor, cursorValues: slots });
    return { compiled: page.query.compile(), keys: page.keys, signature: page.signature, toRecord: page.toRecord };
  });
  if (!values) return kept;
  return { ...kept, compiled: bindPlaceholders(kept.compiled, (slot) => values[cursorSlots.indexOf(slot)]) };
}

/** The statement of one page (limit + 1 rows, to know whether there is a next page) and how its rows become records. */
export function pageQuery(
  db: Kysely<unknown>,
  model: CompiledModel,
  entity: CompiledEntity,
  request: ListRequest,
  context: LogicContext,
  /** `singleRow`: the conditions select one record (a get), so the page is projected in place. */
  options: ListOptions & { readonly cursorValues?: readonly unknown[]; readonly singleRow?: boolean } = {},
) {
  const actor = options.actor ?? SYSTEM_ACTOR;
  const rows = options.rows ?? readableRows(model, actor);
  const readable = accessPredicate(model, entity, actor, 'read', 'r', options.state);
  const conditions = whereClause(model, entity, request, context, options);
  const where = readable ? sql<SqlBool>`${conditions} and ${readable}` : conditions;
  const keys = sortKeys(model, entity, request, context, rows);
  const signature = sortSignature(request);
  // With access branches, each branch's page takes the request's conditions, the soft-delete
  // state and the branch, and none of the branches before it (a record in two is read once).
  const branchWhere = (part: { branch: Expression<SqlBool>; before: readonly Expression<SqlBool>[] }) => {
    const parts = [conditions, stateCondition(entity, 'r', options.state ?? 'live'), part.branch];
    if (part.before.length) parts.push(sql<SqlBool>`(${sql.join(part.before, sql` or `)}) is not true`);
    return sql<SqlBool>`${sql.join(parts.filter((p) => p !== undefined), sql` and `)}`;
  };
  const fields = request.fields ? request.fields.map((n) => entity.fields[n]) : visibleFields(model, entity, actor).filter((f) => !isLinesField(f));
  const selection = selectFields(model, entity, fields, 'r', context, rows);
  const joins = expandJoins(model, entity, request.expand, context, actor);

  const cursorValues = options.cursorValues ?? (request.cursor ? decodeCursor(request.cursor, signature, keys.length) : undefined);
  const page = cursorValues ? afterCursor(keys, cursorValues) : undefined;
  const chosen = (from: RowQuery, select: Expression<unknown>[], condition: Expression<SqlBool> = where): RowQuery => {
    let q = selectExpressions(from, select).where(page ? sql<SqlBool>`${condition} and ${page}` : condition);
    for (const key of keys) q = orderByExpression(q, key.expr, key.descending);
    return q.limit(request.limit + 1);
  };
  const table = selectFromRaw(db, sql`${recordTable(entity)} as r`);
  // Instant keys as text, like record datetimes: no Date per row for a value only the last row's cursor uses.
  const keyOut = (expr: (i: number) => Expression<unknown>) => keys.map((k, i) => (k.instant ? sql`${expr(i)}::text as ${sql.id(`k__${i}`)}` : sql`${expr(i)} as ${sql.id(`k__${i}`)}`));
  let query: RowQuery;
  if (options.singleRow) {
    query = joins.apply(chosen(table, [...selection.expressions, ...joins.expressions, ...keyOut((i) => keys[i].expr)]));
  } else {
    // The page is chosen in an inner query over the stored row (filter, sort, limit) and only its
    // rows are projected (datetimes as text, formulas, rollups) and expanded in the outer one.
    // When PostgreSQL has to sort candidates (a `q` search, a sort no index serves), it would
    // otherwise compute every projected value for each candidate before the sort keeps 51.
    const stored = [sql`r.*`, ...keys.map((k, i) => sql`${k.expr} as ${sql.id(`k__${i}`)}`)];
    const branches = accessBranches(model, entity, actor, 'r');
    const inner = branches ? unionOfBranches(db, branches, keys, request.limit + 1, (branch) => chosen(table, stored, branchWhere(branch))) : chosen(table, stored);
    const key = (i: number) => sql.ref(`r.k__${i}`);
    query = joins.apply(selectExpressions(selectFromRaw(db, sql`${inner} as ${sql.table('r')}`), [...selection.expressions, ...joins.expressions, ...keyOut(key)]));
    keys.forEach((k, i) => (query = orderByExpression(query, key(i), k.descending)));
  }
  const toRecord = request.expand.size ? (row: Record<string, unknown>) => ({ ...selection.read(row), ...joins.read(row) }) : (row: Record<string, unknown>) => selection.read(row);
  return { query, where, keys, signature, toRecord };
}

/**
 * The page as the merge of one ordered, limited page per access branch: PostgreSQL reads each
 * branch from its own index in order (a Merge Append) and keeps the first `limit` rows,
 * where one `OR` of the branches would make it filter the rows of every owner one by one.
 */
function unionOfBranches(
  db: Kysely<unknown>,
  branches: readonly Expression<SqlBool>[],
  keys: readonly KeysetKey[],
  limit: number,
  pageOf: (branch: { branch: Expression<SqlBool>; before: readonly Expression<SqlBool>[] }) => RowQuery,
): RowQuery {
  const pages = branches.map((branch, i) => sql`(${pageOf({ branch, before: branches.slice(0, i) })})`);
  let merged = selectFromRaw(db, sql`(${sql.join(pages, sql` union all `)}) as ${sql.table('u')}`).selectAll();
  keys.forEach((k, i) => (merged = orderByExpression(merged, sql.ref(`u.k__${i}`), k.descending)));
  return merged.limit(limit);
}

export function whereClause(model: CompiledModel, entity: CompiledEntity, request: Pick<ListRequest, 'conditions' | 'q'>, context: LogicContext, options: ListOptions = {}): Expression<SqlBool> {
  const scope = recordScope(model, entity, 'r', context, options.rows ?? readableRows(model, options.actor ?? SYSTEM_ACTOR));
  const parts: Expression<SqlBool>[] = [];
  [...(options.where ?? []), ...request.conditions].forEach((c) => parts.push(compileCondition(c, scope, '/query/filter')));
  if (request.q) parts.push(searchCondition(entity, 'r', request.q, searchableBy(model, entity, options.actor ?? SYSTEM_ACTOR)));
  parts.push(...(options.sqlWhere ?? []));
  return parts.length ? sql<SqlBool>`${sql.join(parts.map((p) => sql`(${p})`), sql` and `)}` : sql<SqlBool>`true`;
}

/** The ORDER BY: the requested keys then the id, in the direction of the last key so one index serves both. */
function sortKeys(model: CompiledModel, entity: CompiledEntity, request: ListRequest, context: LogicContext, rows: RowsReadable): (KeysetKey & { instant?: boolean })[] {
  // Sort keys may be lookup paths ("account.name"): the scope resolves them like filter vars,
  // through readable rows only, so a cursor never carries a value its reader could not read.
  const scope = recordScope(model, entity, 'r', context, rows);
  const keys: (KeysetKey & { instant?: boolean })[] = request.sort.map((s) => {
    const operand = scope.resolveVar(s.field)!;
    return { expr: operand.sql, descending: s.descending, instant: operand.sqlType === 'timestamptz' };
  });
  const last = request.sort[request.sort.length - 1];
  if (keyCount(request) > request.sort.length) keys.push({ expr: sql.ref('r.id'), descending: last?.descending ?? false });
  return keys;
}

/** The sort a cursor belongs to. */
function sortSignature(request: Pick<ListRequest, 'sort'>): string {
  return request.sort.map((s) => `${s.descending ? '-' : ''}${s.field}`).join(',');
}

/** The requested sort keys, and the record id unless it is one of them. */
function keyCount(request: Pick<ListRequest, 'sort'>): number {
  return request.sort.length + (request.sort.some((s) => s.field === 'id') ? 0 : 1);
}

/** Search covers only the search fields the actor may read, so a hidden field is never an oracle. */
function searchableBy(model: CompiledModel, entity: CompiledEntity, actor: Actor): readonly string[] {
  const grant = effectiveGrant(model, entity, actor);
  return entity.searchFields.filter((name) => grant.fieldAccess(name) !== 'hidden');
}
