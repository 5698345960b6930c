import { expect, it } from 'vitest';
import { describeAppOnEachBackend } from '../../../test/test-app.ts';
import { testDocuments } from '../../../test/fixtures/test-model.ts';

/** Every field type, as a form sends it. */
const values = {
  tier: 'gold', tags: ['vip', 'new'], revenue: { amount: '1200.50', currency: 'CNY' }, cost: 200,
  score: 7, ratio: 12.5, exact: '3.125', weight: 1.5, founded: '2001-02-03', closedAt: '2024-05-06T07:08:09Z',
  email: 'a@b.cn', phone: '+86 371 1234 5678', site: 'https://example.cn', notes: '<p>Hi<script>alert(1)</script></p>',
  location: { lat: 34.75, lng: 113.62, address: '郑州' }, extra: { any: ['json'] },
};

/** What differs between two records created with the same values. */
const own = new Set(['id', 'name', 'code', 'createdAt', 'updatedAt']);
const same = (record: Record<string, unknown>) => Object.fromEntries(Object.entries(record).filter(([k]) => !own.has(k)));

describeAppOnEachBackend('bulk create of every field type', testDocuments, (ctx) => {
  it('stores and records in history exactly what a single create does', async () => {
    const single = await ctx.app.inject({ method: 'POST', url: '/api/data/account', payload: { name: 'One by one', ...values } });
    expect(single.statusCode, single.body).toBe(201);
    const bulk = await ctx.app.inject({
      method: 'POST', url: '/api/data/account/bulk',
      payload: { operations: [{ op: 'create', data: { name: 'As a set', ...values } }, { op: 'create', data: { name: 'Bare' } }] },
    });
    expect(bulk.statusCode, bulk.body).toBe(200);
    const [full, bare] = bulk.json().results.map((r: { id: string }) => r.id);
    const read = async (id: string) => (await ctx.app.inject({ url: `/api/data/account/${id}` })).json();
    const expected = await read(single.json().id);
    expect(same(await read(full))).toEqual(same(expected));
    // Fields left out get their defaults, as in a single create.
    const bareSingle = (await ctx.app.inject({ method: 'POST', url: '/api/data/account', payload: { name: 'Bare single' } })).json();
    expect(same(await read(bare))).toEqual(same(await read(bareSingle.id)));
    const changes = async (id: string) => {
      const { code: _code, name: _name, ...rest } = (await ctx.app.inject({ url: `/api/data/account/${id}/history` })).json().data[0].changes;
      return rest;
    };
    expect(await changes(full)).toEqual(await changes(single.json().id));
    expect(await changes(bare)).toEqual(await changes(bareSingle.id));
  });
});
