import { sql, type Kysely } from 'kysely';
import { beforeAll, beforeEach, expect, it } from 'vitest';
import { describeOnEachBackend } from '../../test/test-database.ts';
import { migrateSystem } from '../db/migrate-system.ts';
import { RECORDS_SCHEMA, type ColumnSpec, type IndexSpec, type SqlType, type TableSpec } from '../model/table-spec.ts';
import { applySchemaPlan } from './apply-schema.ts';
import { checkPlanAgainstData } from './check-plan.ts';
import { gramsExpressionSql } from './grams-expression.ts';
import { planSchema } from './plan-schema.ts';
import { readCatalog } from './read-catalog.ts';
import type { SchemaPlan, SchemaPlanResult, SchemaStepKind } from './schema-plan.ts';

const col = (name: string, sqlType: SqlType, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({ name, sqlType, nullable: true, field: name, ...extra });
const SYSTEM: ColumnSpec[] = [
  { name: 'id', sqlType: 'uuid', nullable: false },
  { name: 'created_at', sqlType: 'timestamptz', nullable: false, defaultSql: 'now()' },
  { name: 'version', sqlType: 'integer', nullable: false, defaultSql: '1' },
];

function table(name: string, columns: ColumnSpec[], indexes: IndexSpec[] = []): TableSpec {
  return { schema: RECORDS_SCHEMA, name, entity: name, primaryKey: 'id', columns: [...SYSTEM, ...columns], indexes };
}

const account = table(
  'account',
  [col('name', 'text'), col('city', 'text'), col('code', 'text')],
  [
    { name: 'account_search', unique: false, method: 'grams', columns: [{ column: 'name' }, { column: 'city' }] },
    { name: 'account_code_key', unique: true, method: 'columns', columns: [{ column: 'code' }] },
  ],
);
const deal = table(
  'deal',
  [
    col('title', 'text'),
    col('account', 'uuid', { references: { schema: RECORDS_SCHEMA, table: 'account', column: 'id', onDelete: 'SET NULL' } }),
    col('seats', 'integer'),
  ],
  [{ name: 'deal_account_idx', unique: false, method: 'columns', columns: [{ column: 'account' }, { column: 'created_at', descending: true }] }],
);
/** The model without a field: its column and the indexes over it go. */
const without = (spec: TableSpec, name: string): TableSpec => ({
  ...spec,
  columns: spec.columns.filter((c) => c.name !== name),
  indexes: spec.indexes.filter((i) => !i.columns.some((c) => c.column === name)),
});
const retyped = (spec: TableSpec, name: string, sqlType: SqlType): TableSpec => ({
  ...spec,
  columns: spec.columns.map((c) => (c.name === name ? { ...c, sqlType } : c)),
});

let seconds = 0;
/** A clock that moves one second per plan, so archive names differ between publishes. */
const tick = () => new Date(Date.UTC(2024, 0, 2, 3, 4, 5 + seconds++));

function kinds(plan: SchemaPlan): SchemaStepKind[] {
  return plan.steps.map((s) => s.kind);
}

describeOnEachBackend('applySchemaPlan', (ctx) => {
  const db = () => ctx.database.db;

  /** Plans, checks and applies in one transaction, as a publish does. */
  async function publish(specs: TableSpec[], purge = false): Promise<SchemaPlanResult> {
    return db()
      .transaction()
      .execute(async (trx) => {
        const planned = planSchema(specs, await readCatalog(trx), { now: tick(), purge });
        if (!planned.ok) throw new Error(JSON.stringify(planned.errors));
        const checked = await checkPlanAgainstData(trx, planned.plan);
        if (checked.ok) await applySchemaPlan(trx, checked.plan);
        return checked;
      });
  }

  async function applied(specs: TableSpec[], purge = false): Promise<SchemaStepKind[]> {
    const result = await publish(specs, purge);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    await expectInSync(specs);
    return kinds(result.plan);
  }

  async function expectInSync(specs: TableSpec[]) {
    const again = planSchema(specs, await readCatalog(db()), { now: tick() });
    expect(again.ok && again.plan.steps).toEqual([]);
    expect(again.ok && again.plan.isEmpty).toBe(true);
  }

  async function rows(query: ReturnType<typeof sql>) {
    return (await query.execute(db())).rows as any[];
  }

  beforeAll(async () => {
    await migrateSystem(db());
  });

  beforeEach(async () => {
    await sql`drop schema loom_data cascade`.execute(db());
    await sql`create schema loom_data`.execute(db());
    await sql`delete from loom.archived_objects`.execute(db());
  });

  it('creates tables with keys, indexes and links; a second plan is empty', async () => {
    expect(await applied([account, deal])).toEqual(['createTable', 'createTable', 'createIndex', 'createIndex', 'createIndex', 'addForeignKey']);
    await sql`insert into loom_data.account (id, name, city) values (gen_random_uuid(), '郑州科技', 'Zhengzhou')`.execute(db());
    const found = await db()
      .selectFrom('loom_data.account')
      .select('name')
      .where(gramsExpressionSql(['name', 'city']), '@>', sql<string[]>`loom.grams(${'科技'}::text)`)
      .execute();
    expect(found).toEqual([{ name: '郑州科技' }]);
    const explained = await db()
      .transaction()
      .execute(async (trx) => {
        await sql`set local enable_seqscan = off`.execute(trx);
        return sql<{
          'QUERY PLAN': string;
        }>`explain select name from loom_data.account where ${gramsExpressionSql(['name', 'city'])} @> loom.grams(${'科技'}::text)`.execute(trx);
      });
    expect(explained.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('account_search');
  });

  it('adds a field', async () => {
    await applied([account]);
    expect(await applied([{ ...account, columns: [...account.columns, col('phone', 'text')] }])).toEqual(['addColumn']);
  });

  it('widens integer → bigint and keeps the values', async () => {
    await applied([account, deal]);
    await sql`insert into loom_data.deal (id, seats) values (gen_random_uuid(), 42)`.execute(db());
    expect(await applied([account, retyped(deal, 'seats', 'bigint')])).toEqual(['widenColumn']);
    expect(await rows(sql`select seats from loom_data.deal`)).toEqual([{ seats: 42 }]);
  });

  it('refuses text → integer on a column that holds values, and allows it on an empty one', async () => {
    await applied([account]);
    await sql`insert into loom_data.account (id, code) values (gen_random_uuid(), 'abc')`.execute(db());
    const refused = await publish([retyped(account, 'code', 'integer')]);
    expect(refused).toEqual({ ok: false, errors: [{ path: '/entities/account/fields/code/type', message: expect.any(String) }] });
    const message = refused.ok ? '' : refused.errors[0].message;
    for (const part of [
      'field code of entity account',
      'from text to integer',
      '1 value would be at risk',
      'add a new field of type integer',
      'archived, not dropped',
    ]) {
      expect(message).toContain(part);
    }
    expect(await rows(sql`select code from loom_data.account`)).toEqual([{ code: 'abc' }]);
    await sql`update loom_data.account set code = null`.execute(db());
    // PostgreSQL rebuilds the unique index over the column itself.
    expect(await applied([retyped(account, 'code', 'integer')])).toEqual(['changeColumnType']);
  });

  it('fails the apply when a value arrives between the data check and the type change', async () => {
    await applied([account]);
    const planned = planSchema([retyped(account, 'code', 'integer')], await readCatalog(db()), { now: tick() });
    if (!planned.ok) throw new Error('unexpected');
    expect((await checkPlanAgainstData(db(), planned.plan)).ok).toBe(true);
    await sql`insert into loom_data.account (id, code) values (gen_random_uuid(), '12')`.execute(db());
    await expect(
      db()
        .transaction()
        .execute((trx) => applySchemaPlan(trx, planned.plan)),
    ).rejects.toThrow(/holds values/);
    expect(await rows(sql`select code from loom_data.account`)).toEqual([{ code: '12' }]);
  });

  it('refuses to restore a link whose values point at records deleted meanwhile', async () => {
    await applied([account, deal]);
    const accountId = '00000000-0000-0000-0000-000000000007';
    await sql`insert into loom_data.account (id) values (${accountId})`.execute(db());
    await sql`insert into loom_data.deal (id, account) values (gen_random_uuid(), ${accountId})`.execute(db());
    await applied([account, without(deal, 'account')]);
    await sql`delete from loom_data.account`.execute(db());
    const refused = await publish([account, deal]);
    expect(refused).toEqual({
      ok: false,
      errors: [{ path: '/entities/deal/fields/account', message: expect.stringContaining('1 value refers to records that no longer exist') }],
    });
  });

  it('archives a removed field with its data, and restores it when the field comes back', async () => {
    await applied([account, deal]);
    await sql`insert into loom_data.account (id, name, city) values ('00000000-0000-0000-0000-000000000001', 'Acme', 'Lyon')`.execute(db());
    expect(await applied([without(account, 'city'), deal])).toEqual(['dropIndex', 'archiveColumn']);
    const [archive] = await rows(sql`select object, table_name, column_name, archived_name, entity, field, sql_type, restored_at from loom.archived_objects`);
    expect(archive).toMatchObject({
      object: 'column',
      table_name: 'account',
      column_name: 'city',
      entity: 'account',
      field: 'city',
      sql_type: 'text',
      restored_at: null,
    });
    expect(archive.archived_name).toMatch(/^_archived_\d{14}_city$/);
    expect(await rows(sql`select ${sql.ref(archive.archived_name)} as v from loom_data.account`)).toEqual([{ v: 'Lyon' }]);

    expect(await applied([account, deal])).toEqual(['restoreColumn', 'createIndex']);
    expect(await rows(sql`select city from loom_data.account`)).toEqual([{ city: 'Lyon' }]);
    expect(await rows(sql`select count(*)::int as n from loom.archived_objects where restored_at is not null`)).toEqual([{ n: 1 }]);
  });

  it('archives a removed system column (NOT NULL dropped) and restores its NOT NULL and default', async () => {
    await applied([account]);
    await applied([without(account, 'version')]);
    await sql`insert into loom_data.account (id) values (gen_random_uuid())`.execute(db());
    expect(await applied([account])).toEqual(['restoreColumn', 'setColumnDefault', 'setNotNull']);
    expect(await rows(sql`select version from loom_data.account`)).toEqual([{ version: 1 }]);
  });

  it('archives a removed entity and restores it with its records', async () => {
    await applied([account, deal]);
    await sql`insert into loom_data.deal (id, title) values (gen_random_uuid(), 'Big one')`.execute(db());
    expect(await applied([account])).toEqual(['dropForeignKey', 'dropIndex', 'archiveTable']);
    const [archive] = await rows(sql`select object, table_name, archived_name from loom.archived_objects`);
    expect(archive).toMatchObject({ object: 'table', table_name: 'deal' });
    expect(await rows(sql`select title from loom_data.${sql.ref(archive.archived_name)}`)).toEqual([{ title: 'Big one' }]);
    expect(await applied([account, deal])).toEqual(['restoreTable', 'createIndex', 'addForeignKey']);
    expect(await rows(sql`select title from loom_data.deal`)).toEqual([{ title: 'Big one' }]);
  });

  it('restores two linked entities together, checking the link against the restored rows', async () => {
    await applied([account, deal]);
    const accountId = '00000000-0000-0000-0000-000000000009';
    await sql`insert into loom_data.account (id) values (${accountId})`.execute(db());
    await sql`insert into loom_data.deal (id, account) values (gen_random_uuid(), ${accountId})`.execute(db());
    expect(await applied([])).toEqual(['dropForeignKey', 'dropIndex', 'dropIndex', 'dropIndex', 'archiveTable', 'archiveTable']);
    expect(await applied([account, deal])).toEqual(['restoreTable', 'restoreTable', 'createIndex', 'createIndex', 'createIndex', 'addForeignKey']);
    expect(await rows(sql`select account from loom_data.deal`)).toEqual([{ account: accountId }]);
  });

  it('purges: removed objects and earlier archives are dropped, with their archive rows', async () => {
    await applied([account, deal]);
    expect(await applied([without(account, 'city')])).toEqual(['dropForeignKey', 'dropIndex', 'dropIndex', 'archiveColumn', 'archiveTable']);
    expect(await applied([without(without(account, 'city'), 'code')], true)).toEqual(['dropIndex', 'purgeColumn', 'purgeTable', 'purgeColumn']);
    const tables = await rows(
      sql`select table_name, column_name from information_schema.columns where table_schema = 'loom_data' order by table_name, ordinal_position`,
    );
    expect(tables).toEqual(['id', 'created_at', 'version', 'name'].map((column_name) => ({ table_name: 'account', column_name })));
    expect(await rows(sql`select count(*)::int as n from loom.archived_objects`)).toEqual([{ n: 0 }]);
  });

  it('relinks a foreign key whose ON DELETE changed', async () => {
    await applied([account, deal]);
    const cascade = { ...deal, columns: deal.columns.map((c) => (c.references ? { ...c, references: { ...c.references, onDelete: 'CASCADE' as const } } : c)) };
    expect(await applied([account, cascade])).toEqual(['dropForeignKey', 'addForeignKey']);
  });

  it('leaves nothing behind when an apply fails inside its transaction', async () => {
    await applied([account]);
    const attempt = db()
      .transaction()
      .execute(async (trx) => {
        const planned = planSchema([without(account, 'city'), deal], await readCatalog(trx), { now: tick() });
        if (!planned.ok) throw new Error('unexpected');
        await applySchemaPlan(trx, planned.plan);
        await sql`select 1 / 0`.execute(trx);
      });
    await expect(attempt).rejects.toThrow(/division by zero/);
    await expectInSync([account]);
    expect(await rows(sql`select count(*)::int as n from loom.archived_objects`)).toEqual([{ n: 0 }]);
  });

  it('refuses to apply outside a transaction', async () => {
    await expect(applySchemaPlan(db() as Kysely<any>, { steps: [], warnings: [], isEmpty: true })).rejects.toThrow(/transaction/);
  });

  it('re-plans an unchanged model of 30 tables × 12 columns quickly', async () => {
    const types: SqlType[] = ['text', 'integer', 'numeric(18,2)', 'boolean', 'date', 'timestamptz', 'jsonb', 'text[]'];
    const specs = Array.from({ length: 30 }, (_, i) => {
      const name = `entity_${String(i).padStart(2, '0')}`;
      const fields = types.map((type, j) => col(`field_${j}`, type));
      const link =
        i > 0
          ? [
              col('parent', 'uuid', {
                references: { schema: RECORDS_SCHEMA, table: `entity_${String(i - 1).padStart(2, '0')}`, column: 'id', onDelete: 'SET NULL' as const },
              }),
            ]
          : [col('parent', 'uuid')];
      return table(
        name,
        [...fields, ...link],
        [
          { name: `${name}_search`, unique: false, method: 'grams', columns: [{ column: 'field_0' }] },
          { name: `${name}_parent_idx`, unique: false, method: 'columns', columns: [{ column: 'parent' }] },
        ],
      );
    });
    expect(specs[0].columns).toHaveLength(12);
    await applied(specs);
    const times: number[] = [];
    for (let run = 0; run < 5; run++) {
      const started = performance.now();
      const result = planSchema(specs, await readCatalog(db()), { now: tick() });
      times.push(performance.now() - started);
      expect(result.ok && result.plan.isEmpty).toBe(true);
    }
    console.log(
      `[${ctx.kind}] readCatalog + planSchema, 30 tables × 12 columns unchanged: first ${times[0].toFixed(1)} ms, runs ${times.map((t) => t.toFixed(1)).join(' / ')} ms`,
    );
  });
});
