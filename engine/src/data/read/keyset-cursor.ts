import { sql, type Expression, type SqlBool } from 'kysely';
import { loomErrors } from '../../errors/loom-error.ts';

export interface KeysetKey {
  readonly expr: Expression<unknown>;
  readonly descending: boolean;
}

/**
 * An opaque cursor holds the sort values of the last row returned and the sort it
 * belongs to. It grants nothing: the caller's filters still apply to the next page.
 */
export function encodeCursor(signature: string, values: unknown[]): string {
  const plain = values.map((v) => (v instanceof Date ? v.toISOString() : v));
  return Buffer.from(JSON.stringify({ s: signature, v: plain })).toString('base64url');
}

export function decodeCursor(cursor: string, signature: string, keyCount: number): unknown[] {
  const bad = (message: string) => loomErrors('LOOM_ERR_HTTP_BAD_QUERY', [{ path: '/query/cursor', message }]);
  let parsed: { s?: unknown; v?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad('is not a cursor returned by this list');
  }
  if (!parsed || parsed.s !== signature) throw bad('belongs to a different sort; start again without a cursor');
  const values = parsed.v;
  if (!Array.isArray(values) || values.length !== keyCount || values.some((v) => v !== null && typeof v === 'object')) {
    throw bad('is not a cursor returned by this list');
  }
  return values;
}

/**
 * Rows strictly after the cursor in the ORDER BY (PostgreSQL's default NULL
 * placement: last when ascending, first when descending, which is what a btree
 * scan in either direction yields, so the sort can use an index).
 */
export function afterCursor(keys: readonly KeysetKey[], values: readonly unknown[]): Expression<SqlBool> {
  const alternatives: Expression<SqlBool>[] = [];
  for (let i = 0; i < keys.length; i++) {
    const after = strictlyAfter(keys[i], values[i]);
    if (!after) continue;
    const equal = keys.slice(0, i).map((k, j) => equalTo(k, values[j]));
    alternatives.push(equal.length ? sql<SqlBool>`(${sql.join([...equal, after], sql` and `)})` : after);
  }
  if (!alternatives.length) return sql<SqlBool>`false`;
  const after = sql<SqlBool>`(${sql.join(alternatives, sql` or `)})`;
  // Every alternative implies `first key <= its value` on a descending first key (NULLs come
  // first there, so none follow a value). Said once more on its own, it is an index bound:
  // the scan starts at the cursor instead of filtering every row before it.
  const [first] = keys;
  return first.descending && values[0] !== null ? sql<SqlBool>`(${first.expr} <= ${values[0]} and ${after})` : after;
}

function strictlyAfter(key: KeysetKey, value: unknown): Expression<SqlBool> | undefined {
  if (value === null) return key.descending ? sql<SqlBool>`${key.expr} is not null` : undefined;
  return key.descending ? sql<SqlBool>`${key.expr} < ${value}` : sql<SqlBool>`(${key.expr} > ${value} or ${key.expr} is null)`;
}

function equalTo(key: KeysetKey, value: unknown): Expression<SqlBool> {
  return value === null ? sql<SqlBool>`${key.expr} is null` : sql<SqlBool>`${key.expr} = ${value}`;
}
