import { sql, type Kysely } from 'kysely';

/**
 * Saved views a user makes for themselves on a list screen: columns, filter and sort over
 * one entity. Owned by one user and gone with them; names are unique per user and entity.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('loom.personal_views')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('loom.users.id').onDelete('cascade'))
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('columns', 'jsonb', (c) => c.notNull())
    .addColumn('filter', 'jsonb')
    .addColumn('sort', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('personal_views_user_entity_name', ['user_id', 'entity', 'name'])
    .execute();
}
