import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { createTestUser, describeAppOnEachBackend, type TestUser } from '../../test/test-app.ts';
import { RECORDS_SCHEMA } from '../model/table-spec.ts';

const folderEntity = {
  kind: 'entity', name: 'folder', label: 'Folder', titleField: 'title', owned: true, softDelete: true,
  fields: {
    title: { type: 'text', required: true, search: true },
    itemCount: { type: 'rollup', entity: 'item', via: 'folder', fn: 'count' },
  },
  unique: [['title']],
};
const itemEntity = {
  kind: 'entity', name: 'item', label: 'Item', titleField: 'title', owned: true, softDelete: true,
  fields: { title: { type: 'text', required: true, search: true }, folder: { type: 'lookup', entity: 'folder', onDelete: 'cascade' } },
};
/** Removes its records for good: the default. */
const tagEntity = { kind: 'entity', name: 'tag', label: 'Tag', titleField: 'title', fields: { title: { type: 'text' } } };
const roles = [
  { kind: 'role', name: 'folder_own', label: 'Own folders', entities: { folder: { read: 'own', create: true, update: 'own', delete: 'own' }, item: { read: 'all' } } },
  { kind: 'role', name: 'folder_keeper', label: 'Keeps folders', entities: { folder: { read: 'own', create: true, update: 'own', delete: 'none' } } },
];

describeAppOnEachBackend('soft delete', [folderEntity, itemEntity, tagEntity, ...roles], (ctx) => {
  const send = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: Record<string, unknown>, user?: TestUser) =>
    ctx.app.inject({ method, url, payload, headers: user?.headers });
  const ok = async (response: ReturnType<typeof send>, status = 200) => {
    const res = await response;
    expect(res.statusCode, res.body).toBe(status);
    return status === 204 ? undefined : res.json();
  };

  it('hides a deleted record from every read and write, keeps it, and restores it', async () => {
    const folder = await ok(send('POST', '/api/data/folder', { title: 'Archive box' }), 201);
    const [kept, gone] = [await ok(send('POST', '/api/data/item', { title: 'kept paper', folder: folder.id }), 201), await ok(send('POST', '/api/data/item', { title: 'gone paper', folder: folder.id }), 201)];
    await ok(send('DELETE', `/api/data/item/${gone.id}`), 204);

    expect((await send('GET', `/api/data/item/${gone.id}`)).statusCode).toBe(404);
    expect((await send('PATCH', `/api/data/item/${gone.id}`, { title: 'x' })).statusCode).toBe(404);
    expect((await send('DELETE', `/api/data/item/${gone.id}`)).statusCode).toBe(404);
    const listed = await ok(send('GET', '/api/data/item?count=true'));
    expect([listed.total, listed.data.map((r: { id: string }) => r.id)]).toEqual([1, [kept.id]]);
    expect((await ok(send('GET', `/api/data/item?q=${encodeURIComponent('paper')}`))).data).toHaveLength(1);
    expect((await ok(send('GET', `/api/data/folder/${folder.id}/related/item.folder`))).data).toHaveLength(1);
    expect((await ok(send('GET', `/api/data/folder/${folder.id}`))).itemCount).toBe(1);

    // Still in the database, marked.
    const stored = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(`${RECORDS_SCHEMA}.item`)} where deleted_at is not null`.execute(ctx.test.database.db);
    expect(stored.rows[0].n).toBe(1);
    const deleted = await ok(send('GET', '/api/data/item/deleted'));
    expect(deleted.data).toEqual([expect.objectContaining({ id: gone.id, title: 'gone paper', deletedBy: ctx.app.admin.id, deletedAt: expect.any(String), version: 2 })]);

    const restored = await ok(send('POST', `/api/data/item/${gone.id}/restore`));
    expect(restored).toMatchObject({ id: gone.id, version: 3, deletedAt: null, deletedBy: null });
    expect((await ok(send('GET', '/api/data/item'))).data).toHaveLength(2);
    expect((await ok(send('GET', '/api/data/item/deleted'))).data).toEqual([]);
    expect((await send('POST', `/api/data/item/${gone.id}/restore`)).statusCode).toBe(404);
    const history = (await ok(send('GET', `/api/data/item/${gone.id}/history`))).data.map((h: { action: string }) => h.action);
    expect(history).toEqual(['restore', 'delete', 'create']);
  });

  it('a lookup to a deleted record expands to its id only', async () => {
    const folder = await ok(send('POST', '/api/data/folder', { title: 'Shredded' }), 201);
    const item = await ok(send('POST', '/api/data/item', { title: 'orphan', folder: folder.id }), 201);
    await ok(send('DELETE', `/api/data/folder/${folder.id}`), 204);
    expect((await ok(send('GET', `/api/data/item/${item.id}?expand=folder`))).folder).toBe(folder.id);
    expect((await ok(send('GET', `/api/data/folder?q=${encodeURIComponent('Shredded')}`))).data).toEqual([]);
  });

  it('a lookup may not be set to a deleted record', async () => {
    const [live, deleted] = [await ok(send('POST', '/api/data/folder', { title: 'Live tray' }), 201), await ok(send('POST', '/api/data/folder', { title: 'Binned tray' }), 201)];
    await ok(send('DELETE', `/api/data/folder/${deleted.id}`), 204);
    const lost = await send('POST', '/api/data/item', { title: 'lost', folder: deleted.id });
    expect(lost.statusCode, lost.body).toBe(422);
    expect(lost.json().errors).toEqual([{ path: '/folder', message: 'no folder record has this id' }]);
    const item = await ok(send('POST', '/api/data/item', { title: 'found', folder: live.id }), 201);
    const moved = await send('PATCH', `/api/data/item/${item.id}`, { folder: deleted.id });
    expect(moved.statusCode, moved.body).toBe(422);
    expect(moved.json().errors[0].path).toBe('/folder');
    expect((await ok(send('PATCH', `/api/data/item/${item.id}`, { title: 'found again' }))).folder).toBe(live.id);
  });

  it('a deleted record gives up its unique values; restoring it over a new holder is a conflict', async () => {
    const first = await ok(send('POST', '/api/data/folder', { title: 'Unique box' }), 201);
    expect((await send('POST', '/api/data/folder', { title: 'Unique box' })).statusCode).toBe(409);
    await ok(send('DELETE', `/api/data/folder/${first.id}`), 204);
    await ok(send('POST', '/api/data/folder', { title: 'Unique box' }), 201);
    const restore = await send('POST', `/api/data/folder/${first.id}/restore`);
    expect(restore.statusCode, restore.body).toBe(409);
    expect(restore.json().errors?.[0]?.path ?? restore.json().detail).toMatch(/title/);
    expect((await ok(send('GET', '/api/data/folder/deleted'))).data.map((r: { id: string }) => r.id)).toContain(first.id);
  });

  it('lists and restores only what the caller may read and delete', async () => {
    const [mine, keeper] = [await createTestUser(ctx.app, { roles: ['folder_own'] }), await createTestUser(ctx.app, { roles: ['folder_keeper'] })];
    const own = await ok(send('POST', '/api/data/folder', { title: 'mine' }, mine), 201);
    const theirs = await ok(send('POST', '/api/data/folder', { title: 'theirs' }), 201);
    const kept = await ok(send('POST', '/api/data/folder', { title: 'kept' }, keeper), 201);
    for (const id of [own.id, theirs.id, kept.id]) await ok(send('DELETE', `/api/data/folder/${id}`), 204);

    expect((await ok(send('GET', '/api/data/folder/deleted', undefined, mine))).data.map((r: { title: string }) => r.title)).toEqual(['mine']);
    expect((await send('POST', `/api/data/folder/${theirs.id}/restore`, undefined, mine)).statusCode).toBe(404);
    const refused = await send('POST', `/api/data/folder/${kept.id}/restore`, undefined, keeper);
    expect(refused.statusCode, refused.body).toBe(403);
    await ok(send('POST', `/api/data/folder/${own.id}/restore`, undefined, mine));
  });

  it('an entity without softDelete removes records and keeps no deleted list', async () => {
    const tag = await ok(send('POST', '/api/data/tag', { title: 'temporary' }), 201);
    await ok(send('DELETE', `/api/data/tag/${tag.id}`), 204);
    const rows = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(`${RECORDS_SCHEMA}.tag`)}`.execute(ctx.test.database.db);
    expect(rows.rows[0].n).toBe(0);
    for (const res of [await send('GET', '/api/data/tag/deleted'), await send('POST', `/api/data/tag/${tag.id}/restore`)]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('LOOM_ERR_DATA_NO_SOFT_DELETE');
    }
  });

  it('turning softDelete on adds its columns and makes unique indexes cover live records; republishing changes nothing', async () => {
    const registry = ctx.app.loom.registry;
    const publish = (doc: object) => registry.publish([{ put: doc, pointer: '/documents/0' }]);
    const label = { kind: 'entity', name: 'label', label: 'Label', titleField: 'title', fields: { title: { type: 'text' } }, unique: [['title']] };
    await publish(label);
    const on = await publish({ ...label, softDelete: true });
    expect(on.plan.steps.map((s) => s.description).join('\n')).toMatch(/deleted_at[\s\S]*records not deleted/);
    expect((await publish({ ...label, softDelete: true })).plan.steps).toEqual([]);
  });

  it('documents the deleted list and restore in OpenAPI for soft-deleting entities only', async () => {
    const paths = Object.keys((await ok(send('GET', '/api/openapi.json'))).paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/data/folder/deleted', '/api/data/folder/{id}/restore']));
    expect(paths).not.toContain('/api/data/tag/deleted');
  });
});
