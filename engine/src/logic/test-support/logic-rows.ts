import fc from 'fast-check';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, sql, type Expression } from 'kysely';
import type { LogicContext, LogicScope, LogicType } from '../types.ts';

/**
 * A table with a column of every logic type (two of most, for column-against-column
 * comparisons), rows full of nulls and edge values, and their logic views: the fixture of the
 * SQL ⇄ json-logic-js agreement tests.
 */
export const FIELDS: Record<string, { type: LogicType; sqlType: string }> = {
  t1: { type: 'text', sqlType: 'text' },
  t2: { type: 'text', sqlType: 'text' },
  n1: { type: 'number', sqlType: 'numeric' },
  n2: { type: 'number', sqlType: 'numeric(18,2)' },
  i1: { type: 'number', sqlType: 'integer' },
  f1: { type: 'number', sqlType: 'double precision' },
  f2: { type: 'number', sqlType: 'double precision' },
  b1: { type: 'boolean', sqlType: 'boolean' },
  d1: { type: 'date', sqlType: 'date' },
  d2: { type: 'date', sqlType: 'date' },
  ts1: { type: 'datetime', sqlType: 'timestamptz(3)' },
  ts2: { type: 'datetime', sqlType: 'timestamptz(3)' },
  a1: { type: 'array', sqlType: 'text[]' },
  u1: { type: 'text', sqlType: 'uuid' },
};

export const NOW = new Date('2024-05-15T10:20:30.400Z');
export const UUIDS = ['0b7e2a8e-5a7c-4a7b-9d51-3f4d1c2b9a10', '5d1e7c3a-2f4b-4c8e-a1d2-9e8f7a6b5c4d', 'f0e1d2c3-b4a5-4968-8776-655443322110'];

// No characters above U+FFFF: JS counts them as two code units, SQL as one (documented).
export const TEXTS = ['', 'a', 'b', 'A', 'abc', 'Abc', 'ab', '%', '_', 'a%b', 'a_c', "it's", '"q"', '中文', '中', '汉字abc', 'null', '5', '10', '-1', '0', ' ', 'é', 'ß', 'vip', 'x y'];
const CHARS = ['a', 'b', 'Z', '%', '_', "'", '中', '文', '0', '5', ' ', 'é', '\\'];
export const NUMBERS = [0, 1, -1, 2, 3, -3, 0.5, -0.25, 1.75, 10, 100, -100, 1000];
/** Doubles that need 16–17 digits; compared directly only (JS double arithmetic is not numeric's). */
export const AWKWARD = [0.1, 0.2, 0.3, 0.1 + 0.2, 1 / 3, 2 / 3, 123456789.12345679, -0.1, 1e-7];
export const TAGS = ['a', 'vip', '%', '中文', 'x y'];
export const DATES = ['2024-05-15', '2024-05-08', '2024-05-14', '2024-06-15', '2024-04-15', '2023-12-31', '2025-01-01'];
export const DATETIMES = [NOW.toISOString(), '2024-05-15T00:00:00.000Z', '2024-04-15T10:20:30.400Z', '2024-05-15T12:20:30.400Z', '2024-05-14T23:59:59.999Z', '2024-01-01T00:00:00.000Z'];

const orNull = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 4 });
const text = fc.oneof(fc.constantFrom(...TEXTS), fc.string({ unit: fc.constantFrom(...CHARS), maxLength: 5 }));
const number = fc.oneof(fc.constantFrom(...NUMBERS), fc.integer({ min: -1000, max: 1000 }).map((n) => n / 4));
const day = fc.integer({ min: Date.UTC(2023, 0, 1), max: Date.UTC(2025, 11, 31) }).map((ms) => new Date(ms).toISOString().slice(0, 10));
const instant = fc.integer({ min: Date.UTC(2024, 2, 1), max: Date.UTC(2024, 6, 1) }).map((ms) => new Date(ms).toISOString());

const rowArbitrary = fc.record({
  t1: orNull(text),
  t2: orNull(text),
  n1: orNull(number),
  n2: orNull(number),
  i1: orNull(fc.integer({ min: -5, max: 5 })),
  f1: orNull(number),
  f2: orNull(fc.constantFrom(...AWKWARD)),
  b1: orNull(fc.boolean()),
  d1: orNull(fc.oneof(fc.constantFrom(...DATES), day)),
  d2: orNull(fc.oneof(fc.constantFrom(...DATES), day)),
  ts1: orNull(fc.oneof(fc.constantFrom(...DATETIMES), instant)),
  ts2: orNull(fc.oneof(fc.constantFrom(...DATETIMES), instant)),
  a1: fc.subarray(TAGS),
  u1: orNull(fc.constantFrom(...UUIDS)),
});

export type LogicRow = Record<string, unknown> & { id: number };

/** `count` random rows (reproducible from `seed`), after an all-null row and an all-zero one. */
export function sampleRows(seed: number, count: number): LogicRow[] {
  const nulls = Object.fromEntries(Object.keys(FIELDS).map((k) => [k, k === 'a1' ? [] : null]));
  const zeros = { t1: '', t2: '0', n1: 0, n2: 0, i1: 0, f1: 0, f2: 0, b1: false, d1: '2024-05-15', d2: '2024-05-15', ts1: '2024-05-15T00:00:00.000Z', ts2: NOW.toISOString(), a1: [], u1: UUIDS[0] };
  const random = fc.sample(rowArbitrary, { seed, numRuns: count });
  return [nulls, zeros, ...random].map((row, i) => ({ id: i + 1, ...row }));
}

export async function createRowsTable(db: Kysely<any>, rows: readonly LogicRow[]): Promise<void> {
  // Spelled out (logic/ builds no SQL from strings): keep in step with FIELDS.
  await sql`create table logic_rows (
    id integer primary key, t1 text, t2 text, n1 numeric, n2 numeric(18,2), i1 integer, f1 double precision, f2 double precision,
    b1 boolean, d1 date, d2 date, ts1 timestamptz(3), ts2 timestamptz(3), a1 text[], u1 uuid)`.execute(db);
  await db.insertInto('logic_rows').values(rows.map((r) => ({ ...r }))).execute();
}

/** The logic view of a row as the database returns it: what json-logic-js is given. */
export function logicView(row: Record<string, unknown>): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(FIELDS)) {
    const value = row[name];
    if (field.type === 'array') view[name] = value ?? [];
    else if (value === null || value === undefined) view[name] = null;
    else if (field.type === 'number') view[name] = Number(value);
    else if (field.type === 'datetime') view[name] = new Date(value as string | Date).toISOString();
    else view[name] = value;
  }
  return view;
}

export function testContext(old?: Record<string, unknown>): LogicContext {
  return { now: NOW, user: { id: UUIDS[0], roles: ['sales', 'sales.lead'], teams: [UUIDS[1], UUIDS[2]] }, old };
}

/** Record vars resolve to columns of `logic_rows as r`. */
export function testScope(context: LogicContext = testContext()): LogicScope {
  return {
    context,
    resolveVar(path) {
      const field = Object.hasOwn(FIELDS, path) ? FIELDS[path] : undefined;
      if (!field) return undefined;
      return { sql: sql.ref(`r.${path}`), type: field.type, sqlType: field.sqlType };
    },
  };
}

/** Compiles SQL without a database, to read its text and parameters. */
export const compileOnly = new Kysely<any>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

export function sqlOf(expr: Expression<any>): { sql: string; parameters: readonly unknown[] } {
  const { sql: text, parameters } = sql`${expr}`.compile(compileOnly);
  return { sql: text, parameters };
}
