import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { openDatabase, type Database, type DatabaseKind } from '../src/db/database.ts';
import { adminDatabaseUrl, selectedBackends } from './backends.ts';

export interface TestDatabase {
  kind: DatabaseKind;
  database: Database;
  /** postgres:// URL of this test's own database (postgres backend only), e.g. to start a second instance. */
  url?: string;
  dispose(): Promise<void>;
}

/** A fresh, empty database of its own: a PGlite clone, or a uniquely named PostgreSQL database. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const templatePath = inject('pgliteTemplatePath');
    const blob = new Blob([fs.readFileSync(templatePath)]);
    const database = await openDatabase({ loadDataDir: blob });
    return { kind, database, dispose: () => database.close() };
  }
  const name = `loom_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = withDatabase(adminDatabaseUrl(), name);
  const database = await openDatabase({ url, poolSize: 5 });
  return {
    kind,
    database,
    url,
    async dispose() {
      await database.close();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/**
 * Declares the same tests once per selected backend, each with its own database
 * created before the tests and dropped after them.
 */
export function describeOnEachBackend(
  title: string,
  body: (ctx: { readonly database: Database; readonly kind: DatabaseKind; readonly test: TestDatabase }) => void,
) {
  for (const kind of selectedBackends()) {
    describe(`${title} [${kind}]`, () => {
      let current: TestDatabase | undefined;
      beforeAll(async () => {
        current = await createTestDatabase(kind);
      });
      afterAll(async () => {
        await current?.dispose();
      });
      body({
        kind,
        get database() {
          if (!current) throw new Error('test database not ready');
          return current.database;
        },
        get test() {
          if (!current) throw new Error('test database not ready');
          return current;
        },
      });
    });
  }
}

async function adminQuery(text: string) {
  const client = new pg.Client({ connectionString: adminDatabaseUrl() });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}
