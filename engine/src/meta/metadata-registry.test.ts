import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/database.ts';
import type { ListenEvents } from '../db/listen-connection.ts';
import { describeOnEachBackend } from '../../test/test-database.ts';
import { MetadataRegistry } from './metadata-registry.ts';

const doc = (fields: Record<string, unknown>) => ({
  kind: 'entity',
  name: 'note',
  label: 'Note',
  titleField: 'title',
  fields: { title: { type: 'text' }, ...fields },
});

describeOnEachBackend('metadata registry', (ctx) => {
  it('publishes atomically: a failing publish changes neither documents nor tables', async () => {
    const registry = new MetadataRegistry(ctx.database);
    await registry.start();
    await registry.publish([{ put: doc({}), pointer: '/documents/0' }]);
    const before = registry.current().revision;
    await expect(
      registry.publish([
        { put: doc({ body: { type: 'text' } }), pointer: '/documents/0' },
        { put: { kind: 'view', name: 'v', entity: 'nothing', columns: [] }, pointer: '/documents/1' },
      ]),
    ).rejects.toMatchObject({ status: 400 });
    expect(registry.current().revision).toBe(before);
    expect(registry.current().entities.get('note')!.fields.body).toBeUndefined();
    const { rows } = await ctx.database.db
      .selectFrom('information_schema.columns')
      .select('column_name')
      .where('table_schema', '=', 'loom_data')
      .where('table_name', '=', 'note')
      .execute()
      .then((r) => ({ rows: r }));
    expect(rows.map((r: { column_name: string }) => r.column_name)).not.toContain('body');
    await registry.stop();
  });

  it('a start adds what the model lacks but never archives: a column it does not know is left to a publish, and start goes on', async () => {
    const db = ctx.database.db;
    const first = new MetadataRegistry(ctx.database);
    await first.start();
    await first.publish([{ put: doc({ body: { type: 'text' } }), pointer: '/documents/0' }]);
    await first.stop();
    // As if another instance had published a field this instance's documents do not have yet,
    // and an index of the model had gone missing.
    await sql`alter table loom_data.note add column extra text`.execute(db);
    await sql`insert into loom_data.note (id, title, extra) values (gen_random_uuid(), 'kept', 'precious')`.execute(db);
    await sql`drop index loom_data.note_updated_at_idx`.execute(db);
    const warnings: unknown[] = [];
    const log = { info() {}, warn: (obj: object) => warnings.push(obj), error: (obj: object) => warnings.push(obj) };
    const second = new MetadataRegistry(ctx.database, log);
    await second.start();
    await second.stop();
    expect((await sql<{ extra: string }>`select extra from loom_data.note`.execute(db)).rows).toEqual([{ extra: 'precious' }]);
    expect(warnings).toHaveLength(1);
    // With the stray column gone, the next start brings the index back.
    await sql`alter table loom_data.note drop column extra`.execute(db);
    const third = new MetadataRegistry(ctx.database, log);
    await third.start();
    await third.stop();
    expect((await sql`select 1 from pg_indexes where indexname = 'note_updated_at_idx'`.execute(db)).rows).toHaveLength(1);
  });

  it('a lost listening connection is reported as catching up, and on reconnecting the registry reads what was published meanwhile', async () => {
    let events: ListenEvents = {};
    // A handle whose listening connection the test drops and brings back.
    const watched: Database = { ...ctx.database, listen: async (_channel, _handler, given) => ((events = given ?? {}), async () => {}) };
    const stale = new MetadataRegistry(watched);
    const publisher = new MetadataRegistry(ctx.database);
    await stale.start();
    await publisher.start();
    expect(stale.state()).toEqual({ revision: stale.current().revision, catchingUp: false });
    events.lost!();
    expect(stale.state().catchingUp).toBe(true);
    const published = await publisher.publish([{ put: doc({ lost: { type: 'text' } }), pointer: '/documents/0' }]);
    expect(stale.current().revision).toBeLessThan(published.revision);
    events.reconnected!();
    await stale.catchUp();
    expect(stale.state()).toEqual({ revision: published.revision, catchingUp: false });
    expect(stale.current().entities.get('note')!.fields.lost).toBeDefined();
    await stale.stop();
    await publisher.stop();
  });

  if (ctx.kind === 'postgres') {
    it('a publish on one instance reaches another within a second (LISTEN/NOTIFY)', async () => {
      const other = await openDatabase({ url: ctx.test.url!, poolSize: 2 });
      const a = new MetadataRegistry(ctx.database);
      const b = new MetadataRegistry(other);
      try {
        await a.start();
        await b.start();
        const published = await a.publish([{ put: doc({ mood: { type: 'select', options: [{ value: 'calm' }] } }), pointer: '/documents/0' }]);
        const started = Date.now();
        while (b.current().revision !== published.revision && Date.now() - started < 1000) await new Promise((r) => setTimeout(r, 20));
        expect(b.current().revision).toBe(published.revision);
        expect(b.current().entities.get('note')!.fields.mood).toBeDefined();
      } finally {
        await a.stop();
        await b.stop();
        await other.close();
      }
    });
  }
});
