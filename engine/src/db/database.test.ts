import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeOnEachBackend } from '../../test/test-database.ts';

describeOnEachBackend('database', (ctx) => {
  it('returns the same JavaScript values on both backends', async () => {
    const { rows } = await sql<any>`select 7::int8 as big, 1.50::numeric as num, '2024-02-29'::date as day,
      '2024-02-29T10:00:00Z'::timestamptz as at, '{"a":1}'::jsonb as doc, array['x','y'] as list`.execute(ctx.database.db);
    expect(rows[0]).toEqual({ big: 7, num: '1.50', day: '2024-02-29', at: new Date('2024-02-29T10:00:00Z'), doc: { a: 1 }, list: ['x', 'y'] });
  });

  it('rolls back a failed transaction', async () => {
    const db = ctx.database.db;
    await sql`create table t_rollback (v int)`.execute(db);
    await expect(
      db.transaction().execute(async (trx) => {
        await sql`insert into t_rollback values (1)`.execute(trx);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const { rows } = await sql<{ n: number }>`select count(*)::int8 as n from t_rollback`.execute(db);
    expect(rows[0].n).toBe(0);
  });
});

describeOnEachBackend('system migrations', (ctx) => {
  it('create the system schema, are idempotent, and grams serve substring search', async () => {
    const { migrateSystem } = await import('./migrate-system.ts');
    await migrateSystem(ctx.database.db);
    await migrateSystem(ctx.database.db);
    const { rows } = await sql<{ g: string[] }>`select loom.grams(lower('郑州科技')) as g`.execute(ctx.database.db);
    expect(rows[0].g.sort()).toEqual(['州', '州科', '技', '科', '科技', '郑', '郑州'].sort());
  });
});
