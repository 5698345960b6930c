import { expect, it } from 'vitest';
import { describeAppOnEachBackend } from '../../../test/test-app.ts';
import { testDocuments } from '../../../test/fixtures/test-model.ts';

describeAppOnEachBackend('autonumber', testDocuments, (ctx) => {
  it('numbers concurrent creates without gaps, and a failed create gives its number back', async () => {
    const account = (await ctx.app.inject({ method: 'POST', url: '/api/data/account', payload: { name: 'Numbered' } })).json();
    const failed = await ctx.app.inject({ method: 'POST', url: '/api/data/order', payload: { account: '0190e0e0-0000-7000-8000-000000000000' } });
    expect(failed.statusCode, failed.body).toBe(422);
    expect(failed.json().errors[0].path).toBe('/account');
    const creates = Array.from({ length: 20 }, () => ctx.app.inject({ method: 'POST', url: '/api/data/order', payload: { account: account.id } }));
    const results = await Promise.all(creates);
    for (const r of results) expect(r.statusCode, r.body).toBe(201);
    const numbers = results.map((r) => r.json().number).sort();
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => `OR-${String(i + 1).padStart(4, '0')}`));
  });
});
