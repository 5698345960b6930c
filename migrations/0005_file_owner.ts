import { sql, type Kysely } from 'kysely';

/**
 * The entity and field each file was uploaded for. A file is readable by whoever may read a
 * record of that entity whose field holds it (data/file-access.ts), so a download checks one
 * indexed column of one table instead of every file field of the model. Files uploaded before
 * this keep both null and are checked against every file and image field.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table loom.files add column entity text, add column field text`.execute(db);
}
