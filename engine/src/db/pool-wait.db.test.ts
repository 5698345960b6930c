import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectedBackends } from '../../test/backends.ts';
import { createTestDatabase, type TestDatabase } from '../../test/test-database.ts';
import { isConnectionLost } from './connection-errors.ts';
import { openDatabase, type Database } from './database.ts';

// The embedded database has one connection and no pool to wait for.
describe.skipIf(!selectedBackends().includes('postgres'))('a statement waiting for a pooled connection [postgres]', () => {
  let test: TestDatabase;
  let small: Database;

  beforeAll(async () => {
    test = await createTestDatabase('postgres');
    small = await openDatabase({ url: test.url, poolSize: 1, poolWaitMs: 300 });
  });
  afterAll(async () => {
    await small?.close();
    await test?.dispose();
  });

  it('gives up after the pool wait with an error that reads as a lost connection (answered 503), and the pool serves on', async () => {
    const busy = sql`select pg_sleep(1.5)`.execute(small.db);
    const started = Date.now();
    const waiting = await sql`select 1 as x`.execute(small.db).then(
      () => 'answered',
      (error: unknown) => error,
    );
    const waited = Date.now() - started;
    expect(waiting).toBeInstanceOf(Error);
    expect(isConnectionLost(waiting)).toBe(true);
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(waited).toBeLessThan(1400);
    await busy;
    expect((await sql<{ x: number }>`select 1 as x`.execute(small.db)).rows).toEqual([{ x: 1 }]);
  });
});
