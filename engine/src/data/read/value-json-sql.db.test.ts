import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeAppOnEachBackend, uploadFile } from '../../../test/test-app.ts';
import { testDocuments } from '../../../test/fixtures/test-model.ts';
import { createdChangesSql } from '../write/record-history.ts';
import { recordTable } from '../access/record-scope.ts';
import { RECORDS_SCHEMA } from '../../model/table-spec.ts';

/** An entity whose creates are one statement: stored fields only, no lines, rules or autonumbers. */
const noteEntity = {
  kind: 'entity',
  name: 'note',
  label: 'Note',
  titleField: 'title',
  owned: true,
  fields: {
    title: { type: 'text', required: true },
    amount: { type: 'money', currency: 'CNY' },
    dueAt: { type: 'datetime' },
    labels: { type: 'multiselect', options: [{ value: 'a' }, { value: 'b' }] },
    account: { type: 'lookup', entity: 'account', onDelete: 'restrict' },
  },
};

describeAppOnEachBackend('history values computed by the database', [...testDocuments, noteEntity], (ctx) => {
  const post = async (entity: string, payload: Record<string, unknown>) => {
    const res = await ctx.app.inject({ method: 'POST', url: `/api/data/${entity}`, payload });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const counts = () =>
    Promise.all([`${RECORDS_SCHEMA}.note`, 'loom.history'].map(async (t) => (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(t)}`.execute(ctx.test.database.db)).rows[0].n));
  const createEntry = async (entity: string, id: string) => {
    const history = (await ctx.app.inject({ url: `/api/data/${entity}/${id}/history` })).json().data as { action: string; changes: unknown }[];
    return history.filter((h) => h.action === 'create');
  };

  it('equal what the row readers make of every field type (account records history from JavaScript)', async () => {
    const logo = (await uploadFile(ctx.app, 'account', 'logo', 'l.png', 'image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2]))).json();
    const contract = (await uploadFile(ctx.app, 'account', 'contract', 'c.pdf', 'application/pdf', Buffer.from('%PDF-1.4 test'))).json();
    const parent = await post('account', { name: 'Parent' });
    const full = await post('account', {
      name: '郑州特立特科技有限公司 "quoted"', tier: 'gold', tags: ['vip', 'new'], revenue: { amount: '1000.5', currency: 'CNY' },
      cost: 12, score: 0, ratio: 0.125, exact: '1.5', weight: -3.75e-7, active: false, founded: '2020-02-29',
      closedAt: '2025-03-31T09:30:00.123Z', email: 'a@b.cn', phone: '+86 371 1234', site: 'https://example.cn/x?y=1',
      notes: '<p>hi</p>', summary: 'line 1\nline 2', location: { lat: 34.75, lng: 113.625 }, parent: parent.id,
      manager: ctx.app.admin.id, logo: logo.id, contract: contract.id, extra: { b: [1, 'x', null], a: { c: true } },
    });
    const empty = await post('account', { name: 'Only a name' });
    const withAddress = await post('account', { name: 'Located', location: { lat: -90, lng: 180, address: '郑州市' }, tags: [] });
    const entity = ctx.app.loom.registry.current().entities.get('account')!;
    for (const record of [full, empty, withAddress]) {
      const { rows } = await sql<{ changes: unknown }>`select ${createdChangesSql(entity, 'r')} as changes from ${recordTable(entity)} as r where r.id = ${record.id}::uuid`.execute(ctx.test.database.db);
      const [written] = await createEntry('account', record.id);
      expect(rows[0].changes).toEqual(written.changes);
    }
    expect(Object.keys((await createEntry('account', full.id))[0].changes as object)).toHaveLength(25);
  });

  it('a one-statement create writes the record and its history together, or neither', async () => {
    const account = await post('account', { name: 'For notes' });
    const note = await post('note', { title: 'Call back', amount: '20', dueAt: '2026-01-02T03:04:05.006Z', labels: ['b'], account: account.id });
    const read = (await ctx.app.inject({ url: `/api/data/note/${note.id}` })).json();
    expect(note).toEqual(read);
    expect(await createEntry('note', note.id)).toEqual([
      expect.objectContaining({
        changes: {
          title: [null, 'Call back'], amount: [null, { amount: '20.00', currency: 'CNY' }], dueAt: [null, '2026-01-02T03:04:05.006Z'],
          labels: [null, ['b']], account: [null, account.id], owner: [null, ctx.app.admin.id],
        },
      }),
    ]);

    const before = await counts();
    const missing = await ctx.app.inject({ method: 'POST', url: '/api/data/note', payload: { title: 'Dangling', account: '0190e0e0-0000-7000-8000-000000000000' } });
    expect(missing.statusCode, missing.body).toBe(422);
    expect(missing.json().errors[0].path).toBe('/account');
    expect(await counts()).toEqual(before);
  });

  it('bulk creates of such an entity still share one transaction', async () => {
    const before = await counts();
    const res = await ctx.app.inject({ method: 'POST', url: '/api/data/note/bulk', payload: { operations: [{ op: 'create', data: { title: 'One' } }, { op: 'create', data: { title: 'Two' } }, { op: 'create', data: { amount: 'x' } }] } });
    expect(res.statusCode, res.body).toBe(422);
    expect(await counts()).toEqual(before);
  });
});
