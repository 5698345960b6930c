import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../app/config.ts';
import { createLoomApp, type LoomApp } from '../app/loom-app.ts';
import { openDatabase } from '../db/database.ts';
import { selectedBackends } from '../../test/backends.ts';
import { createTestDatabase, describeOnEachBackend } from '../../test/test-database.ts';
import { installStarterPack } from './starter-pack.ts';

/** A pack with two entities and two sample files, the second referring to the first. */
function writePack(): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-starter-'));
  fs.mkdirSync(path.join(folder, 'entities'));
  fs.mkdirSync(path.join(folder, 'data'));
  fs.writeFileSync(
    path.join(folder, 'pack.json'),
    JSON.stringify({ kind: 'pack', name: 'starter', version: '1.0.0', label: 'Starter', contents: ['entities/*.json'], data: ['data/*.json'] }),
  );
  fs.writeFileSync(
    path.join(folder, 'entities/shelf.json'),
    JSON.stringify({ kind: 'entity', name: 'shelf', label: { en: 'Shelf' }, titleField: 'title', fields: { title: { type: 'text', required: true } } }),
  );
  fs.writeFileSync(
    path.join(folder, 'entities/book.json'),
    JSON.stringify({
      kind: 'entity',
      name: 'book',
      label: { en: 'Book' },
      titleField: 'title',
      owned: true,
      fields: { title: { type: 'text', required: true }, shelf: { type: 'lookup', entity: 'shelf' } },
    }),
  );
  fs.writeFileSync(
    path.join(folder, 'data/1-shelves.json'),
    JSON.stringify({
      entity: 'shelf',
      records: [
        { ref: 's1', title: 'Top' },
        { ref: 's2', title: 'Bottom' },
      ],
    }),
  );
  writeBooks(folder, 'A title');
  return folder;
}

function writeBooks(folder: string, lastTitle: unknown) {
  fs.writeFileSync(
    path.join(folder, 'data/2-books.json'),
    JSON.stringify({ entity: 'book', records: [{ title: 'One', shelf: { ref: 's1' } }, { title: 'Two', shelf: { ref: 's2' } }, { title: lastTitle }] }),
  );
}

describeOnEachBackend('starter pack: published, then its sample data, finished after a crash', (ctx) => {
  const folder = writePack();
  const config = {
    ...configFromEnv({ LOOM_ADMIN_EMAIL: 'first@starter.test', LOOM_ADMIN_PASSWORD: 'a long enough password' }),
    filesDir: path.join(folder, 'files'),
  };
  const start = () => createLoomApp(config, { database: ctx.database, logger: false });
  const count = async (table: string) =>
    Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.id('loom_data', table)}`.execute(ctx.database.db)).rows[0].n);
  afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('a crash after the publish, then one that fails mid-data: the next start loads every sample record once', async () => {
    let app: LoomApp = await start();
    await expect(installStarterPack(app, folder, { afterPublish: () => Promise.reject(new Error('killed')) })).rejects.toThrow('killed');
    await app.close();
    expect([...(await start().then(async (a) => ((app = a), a.registry.current().entities.keys())))].sort()).toEqual(['book', 'shelf']);
    expect([await count('shelf'), await count('book')]).toEqual([0, 0]);

    // This start's load fails on the second file: the first file's records are rolled back with it.
    writeBooks(folder, 42);
    await expect(installStarterPack(app, folder)).rejects.toThrow();
    expect([await count('shelf'), await count('book')]).toEqual([0, 0]);
    await app.close();

    writeBooks(folder, 'Three');
    app = await start();
    expect(await installStarterPack(app, folder)).toBe(5);
    expect([await count('shelf'), await count('book')]).toEqual([2, 3]);
    // Referring records point at the records of this load.
    const { rows } = await sql<{
      title: string;
      shelf: string;
    }>`select b.title, s.title as shelf from loom_data.book b join loom_data.shelf s on s.id = b.shelf order by b.title`.execute(ctx.database.db);
    expect(rows).toEqual([
      { title: 'One', shelf: 'Top' },
      { title: 'Two', shelf: 'Bottom' },
    ]);
    await app.close();

    app = await start();
    expect(await installStarterPack(app, folder)).toBe(0);
    expect([await count('shelf'), await count('book')]).toEqual([2, 3]);
    const owners = await sql<{ email: string }>`select distinct u.email from loom_data.book b join loom.users u on u.id = b.owner`.execute(ctx.database.db);
    expect(owners.rows).toEqual([{ email: 'first@starter.test' }]);
    await app.close();
  });

  it('leaves a database that has entities but no recorded install alone', async () => {
    await sql`delete from loom.starter_pack`.execute(ctx.database.db);
    const app = await start();
    expect(await installStarterPack(app, folder)).toBe(0);
    expect(await count('book')).toBe(3);
    await app.close();
  });
});

// Several instances may start together on a new PostgreSQL database: each sees no entities and
// installs, but the sample records are loaded once.
describe.runIf(selectedBackends().includes('postgres'))('starter pack: three instances starting together [postgres]', () => {
  it('load the sample records once', async () => {
    const folder = writePack();
    const test = await createTestDatabase('postgres');
    const apps: LoomApp[] = [];
    try {
      const config = { ...configFromEnv({ LOOM_ADMIN_PASSWORD: 'a long enough password', DATABASE_URL: test.url }), filesDir: path.join(folder, 'files') };
      for (let i = 0; i < 3; i++) apps.push(await createLoomApp(config, { database: await openDatabase({ url: test.url, poolSize: 3 }), logger: false }));
      const loaded = await Promise.all(apps.map((app) => installStarterPack(app, folder)));
      expect(loaded.sort()).toEqual([0, 0, 5]);
      const { rows } = await sql<{ n: number }>`select (select count(*) from loom_data.shelf) + (select count(*) from loom_data.book) as n`.execute(
        test.database.db,
      );
      expect(Number(rows[0].n)).toBe(5);
    } finally {
      for (const app of apps) {
        await app.close();
        await app.database.close();
      }
      await test.dispose();
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
