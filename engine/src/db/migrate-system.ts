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
