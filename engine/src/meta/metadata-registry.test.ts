import { expect, it } from 'vitest';
import { openDatabase } from '../db/database.ts';
import { describeOnEachBackend } from '../../test/test-database.ts';
import { MetadataRegistry } from './metadata-registry.ts';

const doc = (fields: Record<string, unknown>) => ({ kind: 'entity', name: 'note', label: 'Note', titleField: 'title', fields: { title: { type: 'text' }, ...fields } });

describeOnEachBackend('metadata registry', (ctx) => {
  it('publishes atomically: a failing publish changes neither documents nor tables', async () => {
    const registry = new MetadataRegistry(ctx.database);
    await registry.start();
    await registry.publish([{ put: doc({}), pointer: '/documents/0' }]);
    const before = registry.current().revision;
    await expect(registry.publish([{ put: doc({ body: { type: 'text' } }), pointer: '/documents/0' }, { put: { kind: 'view', name: 'v', entity: 'nothing', columns: [] }, pointer: '/documents/1' }])).rejects.toMatchObject({ status: 400 });
    expect(registry.current().revision).toBe(before);
    expect(registry.current().entities.get('note')!.fields.body).toBeUndefined();
    const { rows } = await ctx.database.db.selectFrom('information_schema.columns').select('column_name').where('table_schema', '=', 'loom_data').where('table_name', '=', 'note').execute().then((r) => ({ rows: r }));
    expect(rows.map((r: { column_name: string }) => r.column_name)).not.toContain('body');
    await registry.stop();
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
