import { sql, type Kysely } from 'kysely';

/**
 * The starter pack's installation, as a step recorded done only when done. A first start
 * publishes the pack, then loads its sample records; a crash between the two left a database
 * with the pack and no sample data, which later starts took for installed. The row is written
 * before the publish, and `data_loaded_at` in the same transaction as the sample records, so a
 * start that finds the row without it finishes the job, and finishes it once. Databases
 * installed before this have no row and are left as they are.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table loom.starter_pack (
    id boolean primary key default true check (id),
    pack text not null,
    started_at timestamptz not null default now(),
    data_loaded_at timestamptz,
    records integer
  )`.execute(db);
}
