import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { describe, expect, it } from 'vitest';
import { RECORDS_SCHEMA, type ColumnSpec, type IndexSpec, type SqlType, type TableSpec } from '../model/table-spec.ts';
import { formatPlan } from './format-plan.ts';
import { gramsExpression, gramsExpressionSql, normaliseExpression } from './grams-expression.ts';
import type { ArchivedObject, LiveCatalog, LiveColumn, LiveTable } from './live-catalog.ts';
import { archiveName } from './object-names.ts';
import { planSchema } from './plan-schema.ts';
import type { SchemaPlan, SchemaStepKind } from './schema-plan.ts';
import { classifyTypeChange } from './type-change.ts';

// ---- fixtures: TableSpecs, and the catalog PostgreSQL would report for them ----

const NOW = new Date('2024-01-02T03:04:05Z');
const STAMP = '20240102030405';

function col(name: string, sqlType: SqlType, extra: Partial<ColumnSpec> = {}): ColumnSpec {
  return { name, sqlType, nullable: true, field: name, ...extra };
}

const SYSTEM: ColumnSpec[] = [
  { name: 'id', sqlType: 'uuid', nullable: false },
  { name: 'created_at', sqlType: 'timestamptz', nullable: false, defaultSql: 'now()' },
];

function table(name: string, columns: ColumnSpec[], indexes: IndexSpec[] = []): TableSpec {
  return { schema: RECORDS_SCHEMA, name, entity: name, primaryKey: 'id', columns: [...SYSTEM, ...columns], indexes };
}

const btree = (name: string, ...columns: string[]): IndexSpec => ({ name, unique: false, method: 'columns', columns: columns.map((column) => ({ column })) });
const grams = (name: string, ...columns: string[]): IndexSpec => ({ name, unique: false, method: 'grams', columns: columns.map((column) => ({ column })) });
const ref = (target: string, onDelete: 'SET NULL' | 'CASCADE' | 'RESTRICT' = 'SET NULL') => ({ schema: RECORDS_SCHEMA, table: target, column: 'id', onDelete });

/** PostgreSQL's own printing of a grams expression, to prove the planner sees through it. */
function printedGrams(columns: string[]): string {
  const parts = columns.map((c) => `COALESCE(${c}, ''::text)`);
  const text = parts.slice(1).reduce((acc, part) => `((${acc} || ' '::text) || ${part})`, parts[0]);
  return `loom.grams(lower(${text}))`;
}

function liveColumn(column: ColumnSpec): LiveColumn {
  const type = column.sqlType === 'timestamptz' ? 'timestamptz' : column.sqlType;
  return { name: column.name, type, nullable: column.nullable, defaultSql: column.defaultSql ?? null, field: column.field ?? null };
}

/** The live table a TableSpec becomes once applied. */
function liveTable(spec: TableSpec, extraColumns: LiveColumn[] = []): LiveTable {
  return {
    name: spec.name,
    entity: spec.entity,
    columns: [...spec.columns.map(liveColumn), ...extraColumns],
    primaryKey: { name: `${spec.name}_pkey`, columns: [spec.primaryKey] },
    indexes: spec.indexes.map((index) => ({
      name: index.name,
      unique: index.unique,
      method: index.method === 'grams' ? 'gin' : 'btree',
      columns:
        index.method === 'grams' ? [{ column: null, descending: false }] : index.columns.map((c) => ({ column: c.column, descending: c.descending ?? false })),
      expression: index.method === 'grams' ? printedGrams(index.columns.map((c) => c.column)) : null,
      predicate: null,
      constraint: false,
    })),
    foreignKeys: spec.columns
      .filter((c) => c.references)
      .map((c) => ({
        name: `${spec.name}_${c.name}_fkey`,
        columns: [c.name],
        target: { schema: c.references!.schema, table: c.references!.table, columns: [c.references!.column] },
        onDelete: c.references!.onDelete,
      })),
  };
}

function catalog(tables: LiveTable[], archives: ArchivedObject[] = []): LiveCatalog {
  return { tables, archives };
}

function archiveRow(id: number, row: Partial<ArchivedObject> & Pick<ArchivedObject, 'object' | 'tableName' | 'archivedName'>): ArchivedObject {
  return { id, columnName: null, entity: row.tableName, field: null, sqlType: null, archivedAt: NOW, ...row };
}

function plan(to: TableSpec[], from: LiveCatalog, purge = false): SchemaPlan {
  const result = planSchema(to, from, { now: NOW, purge });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.plan;
}

function countKinds(p: SchemaPlan): Partial<Record<SchemaStepKind, number>> {
  const counts: Partial<Record<SchemaStepKind, number>> = {};
  for (const step of p.steps) counts[step.kind] = (counts[step.kind] ?? 0) + 1;
  return counts;
}

// ---- the model over time ----

const account = table('account', [col('name', 'text'), col('code', 'integer')], [btree('account_name_idx', 'name')]);
const deal = table(
  'deal',
  [col('title', 'text'), col('account', 'uuid', { references: ref('account') }), col('amount', 'numeric(18,2)')],
  [btree('deal_account_idx', 'account')],
);
const dealWithout = (name: string) => ({
  ...deal,
  columns: deal.columns.filter((c) => c.name !== name),
  indexes: deal.indexes.filter((i) => !i.columns.some((c) => c.column === name)),
});
const withColumn = (spec: TableSpec, column: ColumnSpec): TableSpec => ({ ...spec, columns: [...spec.columns, column] });
const retyped = (spec: TableSpec, name: string, sqlType: SqlType): TableSpec => ({
  ...spec,
  columns: spec.columns.map((c) => (c.name === name ? { ...c, sqlType } : c)),
});
const archivedAmount = `_archived_${STAMP}_amount`;

interface PlanCase {
  title: string;
  from: LiveCatalog;
  to: TableSpec[];
  purge?: boolean;
  expect: Partial<Record<SchemaStepKind, number>>;
}

const cases: PlanCase[] = [
  { title: 'unchanged model → empty plan', from: catalog([liveTable(account), liveTable(deal)]), to: [account, deal], expect: {} },
  {
    title: 'create: tables, then indexes, then foreign keys',
    from: catalog([]),
    to: [deal, account],
    expect: { createTable: 2, createIndex: 2, addForeignKey: 1 },
  },
  { title: 'add a field', from: catalog([liveTable(account)]), to: [withColumn(account, col('phone', 'text'))], expect: { addColumn: 1 } },
  {
    title: 'add a NOT NULL system column with a default',
    from: catalog([liveTable(account)]),
    to: [withColumn(account, { name: 'version', sqlType: 'integer', nullable: false, defaultSql: '1' })],
    expect: { addColumn: 1 },
  },
  { title: 'widen integer → bigint', from: catalog([liveTable(account)]), to: [retyped(account, 'code', 'bigint')], expect: { widenColumn: 1 } },
  { title: 'widen integer → numeric(12,2)', from: catalog([liveTable(account)]), to: [retyped(account, 'code', 'numeric(12,2)')], expect: { widenColumn: 1 } },
  { title: 'lossy: text → integer', from: catalog([liveTable(account)]), to: [retyped(account, 'name', 'integer')], expect: { changeColumnType: 1 } },
  {
    title: 'lossy: integer → double precision',
    from: catalog([liveTable(account)]),
    to: [retyped(account, 'code', 'double precision')],
    expect: { changeColumnType: 1 },
  },
  {
    title: 'archive a field (its index and foreign key go first)',
    from: catalog([liveTable(account), liveTable(deal)]),
    to: [account, dealWithout('account')],
    expect: { dropForeignKey: 1, dropIndex: 1, archiveColumn: 1 },
  },
  {
    title: 'archive an entity (incoming foreign key dropped by its own table)',
    from: catalog([liveTable(account), liveTable(deal)]),
    to: [account],
    expect: { dropForeignKey: 1, dropIndex: 1, archiveTable: 1 },
  },
  {
    title: 'purge a field and an entity',
    from: catalog([liveTable(account), liveTable(deal)]),
    to: [{ ...account, columns: account.columns.filter((c) => c.name !== 'code') }],
    purge: true,
    expect: { purgeColumn: 1, purgeTable: 1 },
  },
  {
    title: 'purge also drops earlier archives',
    from: catalog(
      [
        liveTable(account),
        liveTable(dealWithout('amount'), [{ name: archivedAmount, type: 'numeric(18,2)', nullable: true, defaultSql: null, field: 'amount' }]),
      ],
      [archiveRow(7, { object: 'column', tableName: 'deal', columnName: 'amount', archivedName: archivedAmount, sqlType: 'numeric(18,2)' })],
    ),
    to: [account, dealWithout('amount')],
    purge: true,
    expect: { purgeColumn: 1 },
  },
  {
    title: 'restore a field from its archive',
    from: catalog(
      [
        liveTable(account),
        liveTable(dealWithout('amount'), [{ name: archivedAmount, type: 'numeric(18,2)', nullable: true, defaultSql: null, field: 'amount' }]),
      ],
      [archiveRow(7, { object: 'column', tableName: 'deal', columnName: 'amount', archivedName: archivedAmount, sqlType: 'numeric(18,2)' })],
    ),
    to: [account, deal],
    expect: { restoreColumn: 1 },
  },
  {
    title: 'an archive of another type is not restored: a new column is added',
    from: catalog(
      [liveTable(account), liveTable(dealWithout('amount'), [{ name: archivedAmount, type: 'text', nullable: true, defaultSql: null }])],
      [archiveRow(7, { object: 'column', tableName: 'deal', columnName: 'amount', archivedName: archivedAmount, sqlType: 'text' })],
    ),
    to: [account, deal],
    expect: { addColumn: 1 },
  },
  {
    title: 'restore an entity from its archived table (indexes and links are rebuilt)',
    from: catalog(
      [
        liveTable(account),
        {
          ...liveTable(deal),
          name: `_archived_${STAMP}_deal`,
          indexes: [],
          foreignKeys: [],
          primaryKey: { name: `_archived_${STAMP}_deal_pkey`, columns: ['id'] },
        },
      ],
      [archiveRow(3, { object: 'table', tableName: 'deal', archivedName: `_archived_${STAMP}_deal` })],
    ),
    to: [account, deal],
    expect: { restoreTable: 1, createIndex: 1, addForeignKey: 1 },
  },
  {
    title: 'index added and index dropped',
    from: catalog([liveTable(account)]),
    to: [{ ...account, indexes: [btree('account_code_idx', 'code')] }],
    expect: { dropIndex: 1, createIndex: 1 },
  },
  {
    title: 'index whose columns changed is re-created',
    from: catalog([liveTable(account)]),
    to: [{ ...account, indexes: [btree('account_name_idx', 'name', 'code')] }],
    expect: { dropIndex: 1, createIndex: 1 },
  },
  {
    title: 'grams index unchanged (PostgreSQL prints the expression its own way)',
    from: catalog([liveTable({ ...withColumn(account, col('city', 'text')), indexes: [grams('account_search', 'name', 'city')] })]),
    to: [{ ...withColumn(account, col('city', 'text')), indexes: [grams('account_search', 'name', 'city')] }],
    expect: {},
  },
  {
    title: 'grams index over other columns is re-created',
    from: catalog([liveTable({ ...account, indexes: [grams('account_search', 'name')] })]),
    to: [{ ...withColumn(account, col('city', 'text')), indexes: [grams('account_search', 'name', 'city')] }],
    expect: { addColumn: 1, dropIndex: 1, createIndex: 1 },
  },
  {
    title: 'foreign key with another ON DELETE is dropped and re-added',
    from: catalog([liveTable(account), liveTable(deal)]),
    to: [account, { ...deal, columns: deal.columns.map((c) => (c.name === 'account' ? { ...c, references: ref('account', 'CASCADE') } : c)) }],
    expect: { dropForeignKey: 1, addForeignKey: 1 },
  },
];

describe('planSchema', () => {
  it.each(cases)('$title', ({ from, to, purge, expect: expected }) => {
    const result = plan(to, from, purge);
    expect(countKinds(result)).toEqual(expected);
    expect(result.isEmpty).toBe(Object.keys(expected).length === 0);
  });

  it('orders steps by phase, then tables by name, then columns in spec order', () => {
    const result = plan([deal, account], catalog([]));
    expect(result.steps.map((s) => `${s.kind} ${s.table}`)).toEqual([
      'createTable account',
      'createTable deal',
      'createIndex account',
      'createIndex deal',
      'addForeignKey deal',
    ]);
    expect(plan([account, deal], catalog([]))).toEqual(result);
  });

  it('renders the DDL with quoted identifiers, closed-list types and the grams expression', () => {
    const spec = { ...withColumn(account, col('city', 'text')), indexes: [grams('account_search', 'name', 'city')] };
    const result = plan([spec], catalog([]));
    expect(result.steps[0].sql[0]).toBe(
      'CREATE TABLE "loom_data"."account" ("id" uuid NOT NULL, "created_at" timestamptz DEFAULT now() NOT NULL, "name" text, "code" integer, "city" text, CONSTRAINT "account_pkey" PRIMARY KEY ("id"))',
    );
    expect(result.steps[0].sql).toContain(`COMMENT ON COLUMN "loom_data"."account"."city" IS 'city'`);
    expect(result.steps[1].sql).toEqual([
      `CREATE INDEX "account_search" ON "loom_data"."account" USING gin (loom.grams(lower(coalesce("name", '') || ' ' || coalesce("city", ''))))`,
    ]);
    expect(gramsExpression(['name'])).toBe(`loom.grams(lower(coalesce("name", '')))`);
  });

  it('archives a field under a stamped name and records it', () => {
    const step = plan([account, dealWithout('amount')], catalog([liveTable(account), liveTable(deal)])).steps[0];
    expect(step).toMatchObject({
      kind: 'archiveColumn',
      entity: 'deal',
      field: 'amount',
      archivedName: archivedAmount,
      sql: [`ALTER TABLE "loom_data"."deal" RENAME COLUMN "amount" TO "${archivedAmount}"`],
      archive: {
        object: 'column',
        tableName: 'deal',
        columnName: 'amount',
        archivedName: archivedAmount,
        entity: 'deal',
        field: 'amount',
        sqlType: 'numeric(18,2)',
      },
    });
  });

  it('archived system columns lose their NOT NULL and default', () => {
    const bare = { ...account, columns: account.columns.filter((c) => c.name !== 'created_at') };
    const step = plan([bare], catalog([liveTable(account)])).steps[0];
    expect(step.sql).toEqual([
      'ALTER TABLE "loom_data"."account" ALTER COLUMN "created_at" DROP DEFAULT',
      'ALTER TABLE "loom_data"."account" ALTER COLUMN "created_at" DROP NOT NULL',
      `ALTER TABLE "loom_data"."account" RENAME COLUMN "created_at" TO "_archived_${STAMP}_created_at"`,
    ]);
  });

  it('flags a lossy type change for a data check, with a guard in its SQL', () => {
    const result = plan([retyped(account, 'name', 'integer')], catalog([liveTable(account)]));
    expect(result.steps[0]).toMatchObject({
      kind: 'changeColumnType',
      fromType: 'text',
      toType: 'integer',
      requires: { condition: 'noValues', table: 'account', column: 'name' },
    });
    expect(result.steps[0].sql[1]).toMatch(/^DO \$\$ BEGIN IF EXISTS \(SELECT 1 FROM "loom_data"\."account" WHERE "name" IS NOT NULL\)/);
    expect(result.warnings).toHaveLength(1);
  });

  it('refuses a NOT NULL column without a default on an existing table', () => {
    const result = planSchema([withColumn(account, { name: 'rank', sqlType: 'integer', nullable: false, field: 'rank' })], catalog([liveTable(account)]), {
      now: NOW,
    });
    expect(result).toEqual({ ok: false, errors: [{ path: '/entities/account/fields/rank', message: expect.stringMatching(/NOT NULL without a default/) }] });
  });

  it('refuses specs with unsafe names, unknown types or bad indexes', () => {
    const bad = [
      table('Bad Name', []),
      { ...table('ok', [col('x', 'money' as SqlType)]) },
      { ...table('other', [col('n', 'integer')]), indexes: [grams('other_search', 'n'), btree('other_idx', 'missing')] },
    ];
    const result = planSchema(bad, catalog([]), { now: NOW });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors.map((e) => e.path)).toEqual([
        '/entities/Bad Name',
        '/entities/ok/fields/x',
        '/entities/other/indexes/other_search',
        '/entities/other/indexes/other_idx',
      ]);
  });

  it('restores a column and marks its archive row', () => {
    const from = catalog(
      [liveTable(dealWithout('amount'), [{ name: archivedAmount, type: 'numeric(18,2)', nullable: true, defaultSql: null }])],
      [archiveRow(7, { object: 'column', tableName: 'deal', columnName: 'amount', archivedName: archivedAmount, sqlType: 'numeric(18,2)' })],
    );
    const step = plan([{ ...deal, columns: deal.columns.map((c) => (c.name === 'account' ? { ...c, references: undefined } : c)) }], from).steps.find(
      (s) => s.kind === 'restoreColumn',
    );
    expect(step).toMatchObject({ restoresArchive: 7, sql: [`ALTER TABLE "loom_data"."deal" RENAME COLUMN "${archivedAmount}" TO "amount"`] });
  });

  it('formats a plan for people', () => {
    const from = catalog([liveTable(account), liveTable(deal)]);
    const to = [retyped(account, 'code', 'bigint'), withColumn(dealWithout('amount'), col('stage', 'text'))];
    expect(formatPlan(plan(to, from))).toMatchInlineSnapshot(`
      "3 changes:
        - Archive field amount of entity deal: rename column amount to _archived_20240102030405_amount (data kept; add the field back to restore it)
        + Add field stage of entity deal as text
        ~ Widen field code of entity account from integer to bigint (existing values are kept)"
    `);
    expect(formatPlan(plan([account], catalog([liveTable(account)])))).toMatchInlineSnapshot(`"The database already matches the model: nothing to change."`);
  });

  it('formats a purge with its warnings and SQL', () => {
    const from = catalog([liveTable(account), liveTable(deal)]);
    expect(formatPlan(plan([account], from, true), { sql: true })).toMatchInlineSnapshot(`
      "1 change:
        ! Purge entity deal: drop table deal and its records
            DROP TABLE "loom_data"."deal";
      Warnings:
        ! Purging entity deal deletes table deal and its records permanently."
    `);
  });
});

describe('classifyTypeChange', () => {
  it.each([
    ['integer', 'integer', 'same'],
    ['timestamp with time zone', 'timestamptz', 'same'],
    ['numeric(18, 2)', 'numeric(18,2)', 'same'],
    ['integer', 'bigint', 'widen'],
    ['bigint', 'integer', 'change'],
    ['integer', 'numeric(12,2)', 'widen'],
    ['integer', 'numeric(11,2)', 'change'],
    ['bigint', 'numeric(21,2)', 'widen'],
    ['bigint', 'numeric(20,2)', 'change'],
    ['numeric(10,2)', 'numeric(12,2)', 'widen'],
    ['numeric(10,2)', 'numeric(11,3)', 'widen'],
    ['numeric(10,2)', 'numeric(10,3)', 'change'],
    ['numeric(10,2)', 'numeric(12,1)', 'change'],
    ['integer', 'double precision', 'change'],
    ['numeric(10,2)', 'double precision', 'change'],
    ['uuid', 'text', 'widen'],
    ['character varying(20)', 'text', 'widen'],
    ['text[]', 'text', 'change'],
    ['jsonb', 'text', 'change'],
    ['text', 'integer', 'change'],
    ['date', 'timestamptz', 'change'],
  ])('%s → %s is %s', (from, to, expected) => {
    expect(classifyTypeChange(from, to)).toBe(expected);
  });
});

describe('archiveName', () => {
  it('stamps, truncates to 63 bytes, and stays unique', () => {
    const taken = new Set<string>();
    const long = 'a'.repeat(60);
    const first = archiveName(long, NOW, taken);
    const second = archiveName(long, NOW, taken);
    const other = archiveName(`${'a'.repeat(59)}b`, NOW, taken);
    expect(first.startsWith(`_archived_${STAMP}_aaaa`)).toBe(true);
    for (const name of [first, second, other]) expect(Buffer.byteLength(name)).toBeLessThanOrEqual(63);
    expect(new Set([first, second, other]).size).toBe(3);
    expect(archiveName('phone', NOW, new Set())).toBe(`_archived_${STAMP}_phone`);
  });
});

describe('gramsExpression', () => {
  const compiler = new Kysely<any>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });

  it('renders the same SQL for the index and for kysely queries', () => {
    const compiled = gramsExpressionSql(['name', 'city']).compile(compiler);
    expect(compiled.sql).toBe(gramsExpression(['name', 'city']));
    expect(compiled.parameters).toEqual([]);
  });

  it('compares with the expression as PostgreSQL prints it', () => {
    expect(normaliseExpression(printedGrams(['name', 'city']))).toBe(normaliseExpression(gramsExpression(['name', 'city'])));
    expect(normaliseExpression(printedGrams(['city', 'name']))).not.toBe(normaliseExpression(gramsExpression(['name', 'city'])));
    expect(normaliseExpression(printedGrams(['name']).replace('loom.', ''))).toBe(normaliseExpression(gramsExpression(['name'])));
  });
});
