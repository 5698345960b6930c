import { sql } from 'kysely';
import pg from 'pg';
import { expect, it } from 'vitest';
import { describeOnEachBackend } from '../../test/test-database.ts';
import { nameStatementsOf, StatementNames } from './statement-names.ts';

it('names a statement text from its third use on, and a text forgotten gets a new name', () => {
  const names = new StatementNames();
  expect([names.nameFor('select $1'), names.nameFor('select $1')]).toEqual([undefined, undefined]);
  const name = names.nameFor('select $1');
  expect(name).toMatch(/^loom_\d+$/);
  expect(names.nameFor('select $1')).toBe(name);
  expect(names.nameFor('select $2')).toBeUndefined();
  names.forget();
  for (let i = 0; i < 2; i++) expect(names.nameFor('select $1')).toBeUndefined();
  expect(names.nameFor('select $1')).not.toBe(name);
});

describeOnEachBackend('prepared statements', (ctx) => {
  it('keep answering after a column changes type, once the schema change is announced', async () => {
    const db = ctx.database.db;
    await sql`create table prepared_probe (id int primary key, amount int)`.execute(db);
    await sql`insert into prepared_probe values (1, 7)`.execute(db);
    const read = async () => (await sql<{ amount: unknown }>`select amount from prepared_probe where id = ${1}`.execute(db)).rows[0].amount;
    // Enough uses that every pooled connection the reads land on has the statement prepared.
    for (let i = 0; i < 30; i++) expect(await read()).toBe(7);
    await sql`alter table prepared_probe alter column amount type text`.execute(db);
    ctx.database.schemaChanged();
    for (let i = 0; i < 30; i++) expect(await read()).toBe('7');
  });
});

describeOnEachBackend('prepared statements of an earlier schema', (ctx) => {
  it.runIf(ctx.kind === 'postgres')('are dropped from each connection once a schema change is announced, in a transaction too', async () => {
    const names = new StatementNames();
    const pool = new pg.Pool({ connectionString: ctx.test.url, max: 1 });
    pool.on('connect', (client) => nameStatementsOf(client, names));
    // Kysely sends statements through a checked-out client, as here.
    const client = await pool.connect();
    const prepared = async () => (await client.query<{ name: string }>('select name from pg_prepared_statements order by name')).rows.map((r) => r.name);
    try {
      for (let i = 0; i < 4; i++) await client.query('select $1::int as n', [i]);
      const before = await prepared();
      expect(before).toHaveLength(1);
      names.forget();
      expect(await prepared()).toEqual([]);
      // The same text prepared again, under its new name only.
      for (let i = 0; i < 4; i++) expect((await client.query('select $1::int as n', [i])).rows).toEqual([{ n: i }]);
      const after = await prepared();
      expect(after).toHaveLength(1);
      expect(after).not.toEqual(before);
      await client.query('begin');
      names.forget();
      expect((await client.query('select $1::int as n', [7])).rows).toEqual([{ n: 7 }]);
      await client.query('commit');
      expect(await prepared()).toEqual([]);
    } finally {
      client.release();
      await pool.end();
    }
  });
});
