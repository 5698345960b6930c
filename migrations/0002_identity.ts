import { sql, type Kysely } from 'kysely';

/**
 * People and credentials: passwords, managers, admin flag and roles on users; teams;
 * server-side sessions and API tokens (only hashes of their secrets are stored); and
 * record shares, which the permission code reads.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table loom.users
    add column password_hash text,
    add column manager_id uuid references loom.users (id) on delete set null,
    add column is_admin boolean not null default false,
    add column roles text[] not null default '{}',
    add column updated_at timestamptz not null default now(),
    add column deactivated_at timestamptz`.execute(db);
  await sql`update loom.users set deactivated_at = now() where not active`.execute(db);
  // `active` stays the column other code reads; the check keeps it and deactivated_at in step.
  await sql`alter table loom.users
    add constraint users_active_deactivated check (active = (deactivated_at is null)),
    add constraint users_manager_not_self check (manager_id is distinct from id)`.execute(db);
  // Emails are unique whatever their case (they are stored lower-cased as well).
  await sql`create unique index users_email_lower on loom.users (lower(email))`.execute(db);
  await sql`create index users_manager on loom.users (manager_id)`.execute(db);

  await db.schema
    .createTable('loom.teams')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('loom.team_members')
    .addColumn('team_id', 'uuid', (c) => c.notNull().references('loom.teams.id').onDelete('cascade'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('loom.users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('team_members_pkey', ['team_id', 'user_id'])
    .execute();
  await db.schema.createIndex('team_members_user').on('loom.team_members').column('user_id').execute();

  // id is the sha256 of the cookie's token: a copy of this table opens no session.
  await db.schema
    .createTable('loom.sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('loom.users.id').onDelete('cascade'))
    .addColumn('csrf_token_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('sessions_user').on('loom.sessions').column('user_id').execute();
  await db.schema.createIndex('sessions_expires').on('loom.sessions').column('expires_at').execute();

  await db.schema
    .createTable('loom.api_tokens')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('loom.users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('expires_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('api_tokens_user').on('loom.api_tokens').column('user_id').execute();

  await db.schema
    .createTable('loom.record_shares')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('record_id', 'uuid', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.references('loom.users.id').onDelete('cascade'))
    .addColumn('team_id', 'uuid', (c) => c.references('loom.teams.id').onDelete('cascade'))
    .addColumn('access', 'text', (c) => c.notNull().check(sql`access in ('read', 'write')`))
    .addColumn('created_by', 'uuid')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('record_shares_one_target', sql`num_nonnulls(user_id, team_id) = 1`)
    .execute();
  await db.schema.createIndex('record_shares_record').on('loom.record_shares').columns(['entity', 'record_id']).execute();
  await db.schema.createIndex('record_shares_user').on('loom.record_shares').column('user_id').execute();
  await db.schema.createIndex('record_shares_team').on('loom.record_shares').column('team_id').execute();

  // Actors (roles, teams, managers) are cached per process; any change to users or team
  // membership bumps this number, which every credential lookup reads, so a cached actor
  // is never used after a change, on any instance.
  await sql`create table loom.identity_generation (id boolean primary key default true check (id), n bigint not null)`.execute(db);
  await sql`insert into loom.identity_generation (n) values (1)`.execute(db);
  await sql`create function loom.bump_identity_generation() returns trigger language plpgsql as $$
    begin
      update loom.identity_generation set n = n + 1;
      return null;
    end $$`.execute(db);
  for (const table of ['users', 'team_members', 'teams']) {
    await sql`create trigger ${sql.id(`${table}_identity_generation`)} after insert or update or delete or truncate on ${sql.id('loom', table)}
      for each statement execute function loom.bump_identity_generation()`.execute(db);
  }
}
