import { Migrator, type MigrationProvider } from 'kysely/migration';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { systemMigrations } from '../../../migrations/index.ts';

const provider: MigrationProvider = { getMigrations: async () => systemMigrations };

/**
 * Brings the engine's own tables up to date. Kysely's migrator takes a lock, runs
 * each migration in a transaction and refuses a history that is out of order.
 */
export async function migrateSystem(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists loom`.execute(db);
  const migrator = new Migrator({
    db,
    provider,
    migrationTableSchema: 'loom',
    migrationTableName: 'system_migrations',
    migrationLockTableName: 'system_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`System migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message ?? error}`);
  }
}

/**
 * The system migrations `migrateSystem` would run, in order, read without writing anything
 * (`loom plan` runs in a read-only transaction): all of them on a database Loom never used.
 */
export async function pendingSystemMigrations(db: Kysely<any>): Promise<string[]> {
  const names = Object.keys(systemMigrations).sort();
  const { rows } = await sql<{ present: boolean }>`select to_regclass('loom.system_migrations') is not null as present`.execute(db);
  if (!rows[0]?.present) return names;
  const done = await sql<{ name: string }>`select name from loom.system_migrations`.execute(db);
  const ran = new Set(done.rows.map((r) => r.name));
  return names.filter((name) => !ran.has(name));
}
