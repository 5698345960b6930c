import type { DatabaseKind } from '../src/db/database.ts';

/** Which databases the suite runs on: `LOOM_TEST_BACKENDS=pglite,postgres` (default both). */
export function selectedBackends(): DatabaseKind[] {
  const raw = process.env.LOOM_TEST_BACKENDS ?? 'pglite,postgres';
  const names = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const name of names) {
    if (name !== 'pglite' && name !== 'postgres') throw new Error(`LOOM_TEST_BACKENDS: unknown backend "${name}" (use pglite, postgres)`);
  }
  return names as DatabaseKind[];
}

/** A server connection allowed to create and drop databases. */
export function adminDatabaseUrl(): string {
  return process.env.LOOM_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}
