import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { describeOnEachBackend } from '../../test/test-database.ts';
import { MetadataRegistry } from '../meta/metadata-registry.ts';
import { loadPack } from '../pack/load-pack.ts';
import { planReadOnly } from './read-only-plan.ts';

const pack = loadPack(path.resolve(import.meta.dirname, '../../test/fixtures/small-pack'));

/** Every schema and table outside PostgreSQL's own: what a plan must leave as it found it. */
async function footprint(db: Kysely<any>) {
  const { rows } = await sql<{ name: string }>`
    select n.nspname || '.' || coalesce(c.relname, '') as name
      from pg_namespace n left join pg_class c on c.relnamespace = n.oid
     where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast', 'public') and n.nspname not like 'pg_temp%' and n.nspname not like 'pg_toast_temp%'
     order by 1`.execute(db);
  return rows.map((r) => r.name);
}

describeOnEachBackend('loom plan: read-only', (ctx) => {
  it("lists the system migrations and the pack's tables on an empty database, and leaves it empty", async () => {
    const before = await footprint(ctx.database.db);
    const outcome = await planReadOnly(ctx.database, pack.changes);
    expect(outcome.systemMigrations).toEqual([
      '0001_system',
      '0002_identity',
      '0003_personal_views',
      '0004_team_keys',
      '0005_file_owner',
      ...outcome.systemMigrations.slice(5),
    ]);
    expect(outcome.publish.plan.steps.map((s) => s.kind)).toContain('createTable');
    expect(outcome.publish.changed.map((c) => `${c.kind}/${c.name}`)).toEqual(['pack/small', 'entity/item']);
    expect(outcome.catchUp).toEqual({ apply: [], held: [] });
    expect(await footprint(ctx.database.db)).toEqual(before);
    expect(before.some((name) => name.startsWith('loom'))).toBe(false);
  });

  it('lists an index the start would re-create, and leaves it missing', async () => {
    const registry = new MetadataRegistry(ctx.database);
    await registry.start();
    await registry.publish(pack.changes);
    await registry.stop();
    const { rows } = await sql<{
      name: string;
    }>`select indexname as name from pg_indexes where schemaname = 'loom_data' and tablename = 'item' and indexname not like '%pkey' order by 1`.execute(
      ctx.database.db,
    );
    expect(rows.length).toBeGreaterThan(0);
    const dropped = rows[0].name;
    await sql`drop index ${sql.id('loom_data', dropped)}`.execute(ctx.database.db);
    const before = await footprint(ctx.database.db);

    const outcome = await planReadOnly(ctx.database, pack.changes);
    expect(outcome.systemMigrations).toEqual([]);
    expect(outcome.catchUp.held).toEqual([]);
    expect(outcome.catchUp.apply.map((s) => s.kind)).toEqual(['createIndex']);
    expect(outcome.catchUp.apply[0].description).toContain(dropped);
    expect(outcome.publish.changed).toEqual([]);
    expect(outcome.publish.plan.steps.map((s) => s.kind)).toEqual(['createIndex']);
    expect(await footprint(ctx.database.db)).toEqual(before);
    expect(before).not.toContain(`loom_data.${dropped}`);
  });
});
