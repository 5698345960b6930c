import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeOnEachBackend } from '../../../test/test-database.ts';
import { testDocuments } from '../../../test/fixtures/test-model.ts';
import { MetadataRegistry } from '../../meta/metadata-registry.ts';
import { recordTable } from '../access/record-scope.ts';
import { needleGrams, searchCondition } from './search-condition.ts';

describeOnEachBackend('q search', (ctx) => {
  it('uses the entity grams index and finds Chinese substrings', async () => {
    const registry = new MetadataRegistry(ctx.database);
    await registry.start();
    await registry.publish(testDocuments.map((d, i) => ({ put: d, pointer: `/documents/${i}` })));
    const account = registry.current().entities.get('account')!;
    const db = ctx.database.db;
    await sql`insert into loom_data.account (id, name) select gen_random_uuid(), '公司' || i || case when i % 100 = 0 then '郑州特立特科技有限公司' else '' end from generate_series(1, 3000) as i`.execute(db);
    await sql`analyze loom_data.account`.execute(db);
    const where = searchCondition(account, 'r', '特科技');
    const plan = await db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      const { rows } = await sql<{ 'QUERY PLAN': string }>`explain select r.id from ${recordTable(account)} as r where ${where}`.execute(trx);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    const index = account.tableSpec.indexes.find((i) => i.method === 'grams')!;
    expect(plan).toContain(index.name);
    const { rows } = await sql<{ n: number }>`select count(*)::int8 as n from ${recordTable(account)} as r where ${where}`.execute(db);
    expect(rows[0].n).toBe(30);
    await registry.stop();
  });

  it('a needle in many records reads the sort index and stops at the page, instead of fetching and sorting every match', async () => {
    const registry = new MetadataRegistry(ctx.database);
    await registry.start();
    await registry.publish(testDocuments.map((d, i) => ({ put: d, pointer: `/documents/${i}` })));
    const account = registry.current().entities.get('account')!;
    const db = ctx.database.db;
    // One name in ten has 科技: the grams 科, 技 and 科技 each in a tenth of the rows, always together.
    await sql`delete from loom_data.account`.execute(db);
    await sql`insert into loom_data.account (id, name, updated_at) select gen_random_uuid(), '公司' || i || case when i % 10 = 0 then '科技' else '贸易' end, now() - i * interval '1 minute' from generate_series(1, 20000) as i`.execute(db);
    await sql`analyze loom_data.account`.execute(db);
    const where = searchCondition(account, 'r', '科技');
    const { rows: plan } = await sql<{ 'QUERY PLAN': string }>`explain select r.id from ${recordTable(account)} as r where ${where} order by r.updated_at desc, r.id desc limit 51`.execute(db);
    const text = plan.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toContain('Index Scan Backward');
    expect(text).not.toContain('Bitmap Heap Scan');
    const { rows } = await sql<{ n: number }>`select count(*)::int8 as n from ${recordTable(account)} as r where ${where}`.execute(db);
    expect(Number(rows[0].n)).toBe(2000);
    await registry.stop();
  });
});

it('asks the index for the 2-grams of the needle, or its one character', () => {
  expect(needleGrams('科技')).toEqual(['科技']);
  expect(needleGrams('特立特')).toEqual(['特立', '立特']);
  expect(needleGrams('aaa')).toEqual(['aa']);
  expect(needleGrams('科')).toEqual(['科']);
  expect(needleGrams('𠀀𠀁')).toEqual(['𠀀𠀁']);
  expect(needleGrams('')).toEqual([]);
});
