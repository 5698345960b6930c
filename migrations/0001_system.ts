import { sql, type Kysely } from 'kysely';

/**
 * The engine's own tables (schema `loom`) and the schema that holds record tables
 * (`loom_data`). Shipped migrations are never edited: add a new numbered file.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists loom`.execute(db);
  await sql`create schema if not exists loom_data`.execute(db);

  // Character 1- and 2-grams of a text: a GIN index over them answers substring
  // search in any script (Chinese has no word boundaries for full-text search).
  await sql`
    create or replace function loom.grams(t text) returns text[]
    language sql immutable strict parallel safe as $$
      select coalesce(array_agg(distinct g), '{}'::text[]) from (
        select substr(t, i, 1) as g from generate_series(1, char_length(t)) as i
        union all
        select substr(t, i, 2) from generate_series(1, char_length(t) - 1) as i
      ) as grams
    $$`.execute(db);

  await db.schema
    .createTable('loom.users')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('loom.meta_documents')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('document', 'json', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'uuid')
    .addPrimaryKeyConstraint('meta_documents_pkey', ['kind', 'name'])
    .execute();

  await db.schema
    .createTable('loom.meta_publishes')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('author', 'uuid')
    .addColumn('summary', 'jsonb', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('loom.meta_revisions')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('publish_id', 'bigint', (c) => c.notNull().references('loom.meta_publishes.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('document', 'json')
    .addColumn('previous', 'json')
    .addColumn('author', 'uuid')
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('meta_revisions_doc').on('loom.meta_revisions').columns(['kind', 'name', 'revision']).execute();

  await db.schema
    .createTable('loom.archived_objects')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('object', 'text', (c) => c.notNull())
    .addColumn('table_name', 'text', (c) => c.notNull())
    .addColumn('column_name', 'text')
    .addColumn('archived_name', 'text', (c) => c.notNull())
    .addColumn('entity', 'text')
    .addColumn('field', 'text')
    .addColumn('sql_type', 'text')
    .addColumn('archived_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('restored_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('loom.files')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'uuid')
    .execute();

  await db.schema
    .createTable('loom.autonumber_counters')
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('autonumber_counters_pkey', ['entity', 'field', 'period'])
    .execute();

  await db.schema
    .createTable('loom.history')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('record_id', 'uuid', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('changes', 'jsonb', (c) => c.notNull())
    .addColumn('actor', 'uuid')
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('history_record').on('loom.history').columns(['entity', 'record_id', 'id']).execute();
}
