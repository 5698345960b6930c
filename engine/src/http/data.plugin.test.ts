import { expect, it } from 'vitest';
import { describeAppOnEachBackend, uploadFile } from '../../test/test-app.ts';
import { testDocuments } from '../../test/fixtures/test-model.ts';

const json = (body: unknown) => ({ payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

describeAppOnEachBackend('record routes', testDocuments, (ctx) => {
  const create = async (entity: string, body: unknown) => ctx.app.inject({ method: 'POST', url: `/api/data/${entity}`, ...json(body) });

  it('creates, reads, lists, updates with If-Match and deletes a record with every field type', async () => {
    const res = await create('account', {
      name: '郑州特立特科技有限公司',
      tier: 'gold',
      tags: ['vip', 'new'],
      revenue: { amount: '1200.50', currency: 'CNY' },
      cost: 200,
      score: 7,
      ratio: 12.5,
      exact: '3.125',
      weight: 1.5,
      founded: '2001-02-03',
      closedAt: '2024-05-06T07:08:09Z',
      email: 'a@b.cn',
      phone: '+86 371 1234 5678',
      site: 'https://example.cn',
      notes: '<p>Hi<script>alert(1)</script></p>',
      location: { lat: 34.75, lng: 113.62, address: '郑州' },
      extra: { any: ['json'] },
    });
    expect(res.statusCode, res.body).toBe(201);
    const rec = res.json();
    expect(rec).toMatchObject({
      version: 1,
      tier: 'gold',
      revenue: { amount: '1200.50', currency: 'CNY' },
      cost: { amount: '200.00', currency: 'CNY' },
      exact: '3.125',
      founded: '2001-02-03',
      closedAt: '2024-05-06T07:08:09.000Z',
      active: true,
      margin: 1000.5,
      orderCount: 0,
    });
    expect(rec.code).toMatch(/^AC-\d{4}-0001$/);
    expect(rec.notes).toBe('<p>Hi</p>');

    const got = await ctx.app.inject({ url: `/api/data/account/${rec.id}` });
    expect(got.json().name).toBe('郑州特立特科技有限公司');

    const patched = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/data/account/${rec.id}`,
      ...json({ score: 8 }),
      headers: { 'content-type': 'application/json', 'if-match': '"1"' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().version).toBe(2);

    const stale = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/data/account/${rec.id}`,
      ...json({ score: 9 }),
      headers: { 'content-type': 'application/json', 'if-match': '1' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.headers['content-type']).toContain('application/problem+json');

    const history = await ctx.app.inject({ url: `/api/data/account/${rec.id}/history` });
    expect(history.json().data.map((h: { action: string }) => h.action)).toEqual(['update', 'create']);
    expect(history.json().data[0].changes).toEqual({ score: [7, 8] });

    const del = await ctx.app.inject({ method: 'DELETE', url: `/api/data/account/${rec.id}` });
    expect(del.statusCode).toBe(204);
    expect((await ctx.app.inject({ url: `/api/data/account/${rec.id}` })).statusCode).toBe(404);
  });

  it('writes lines with their parent in one transaction and rolls them up', async () => {
    const account = (await create('account', { name: 'Lines Co' })).json();
    const res = await create('order', {
      account: account.id,
      lines: [
        { item: 'A', qty: 2, amount: '10.00' },
        { item: 'B', qty: 1, amount: '5.50' },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ number: 'OR-0001', total: 15.5 });
    const bad = await create('order', { account: account.id, lines: [{ item: 'A', qty: 1 }, { qty: -1 }] });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['/lines/1/item']));
    const lines = await ctx.app.inject({ url: `/api/data/order/${res.json().id}/related/orderLine.order` });
    expect(lines.json().data).toHaveLength(2);
    const list = await ctx.app.inject({ url: '/api/data/order?count=true' });
    expect(list.json().total).toBe(1);
  });

  it('filters, searches Chinese substrings, sorts and pages with a cursor', async () => {
    const ops = Array.from({ length: 30 }, (_, i) => ({ op: 'create', data: { name: `分页公司${i}`, tier: i % 2 ? 'silver' : 'gold', score: i } }));
    const bulk = await ctx.app.inject({ method: 'POST', url: '/api/data/account/bulk', ...json({ operations: ops }) });
    expect(bulk.statusCode, bulk.body).toBe(200);
    const seen: number[] = [];
    let url = '/api/data/account?tier=silver&sort=-score&limit=4&q=' + encodeURIComponent('页公');
    for (let page = 0; page < 10 && url; page++) {
      const res = await ctx.app.inject({ url });
      expect(res.statusCode, res.body).toBe(200);
      seen.push(...res.json().data.map((r: { score: number }) => r.score));
      url = res.json().next ? `/api/data/account?tier=silver&sort=-score&limit=4&q=${encodeURIComponent('页公')}&cursor=${res.json().next}` : '';
    }
    expect(seen).toEqual(Array.from({ length: 15 }, (_, i) => 29 - 2 * i));
    const logic = await ctx.app.inject({
      url: `/api/data/account?filter=${encodeURIComponent(JSON.stringify({ and: [{ '>=': [{ var: 'score' }, 10] }, { '<': [{ var: 'score' }, 13] }] }))}&fields=name,score`,
    });
    expect(
      logic
        .json()
        .data.map((r: { score: number }) => r.score)
        .sort(),
    ).toEqual([10, 11, 12]);
    expect(Object.keys(logic.json().data[0]).sort()).toEqual(['id', 'name', 'score', 'version']);
  });

  it('expands lookups in the same query', async () => {
    const parent = (await create('account', { name: 'Parent Ltd' })).json();
    const child = (await create('account', { name: 'Child Ltd', parent: parent.id })).json();
    const res = await ctx.app.inject({ url: `/api/data/account/${child.id}?expand=parent` });
    expect(res.json().parent).toMatchObject({ id: parent.id, name: 'Parent Ltd' });
    const byPath = await ctx.app.inject({ url: `/api/data/account?fields=name,parent.name&parent=${parent.id}` });
    expect(byPath.json().data).toEqual([{ id: child.id, version: 1, name: 'Child Ltd', parent: { id: parent.id, name: 'Parent Ltd' } }]);
    const sorted = await ctx.app.inject({ url: '/api/data/account?sort=-parent.name,name&limit=2&fields=name&parent[null]=false' });
    expect(sorted.statusCode, sorted.body).toBe(200);
    expect(sorted.json().data[0].name).toBe('Child Ltd');
  });
});

describeAppOnEachBackend('bad input on record routes', testDocuments, (ctx) => {
  const problem = (res: { statusCode: number; headers: Record<string, unknown>; json(): any }, status: number) => {
    expect(res.statusCode).toBe(status);
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    return res.json();
  };

  it('malformed JSON is a 400', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/data/account', payload: '{"name": ', headers: { 'content-type': 'application/json' } });
    problem(res, 400);
  });

  it('a URL that does not decode is a 400 problem, on the API and on the web app', async () => {
    for (const url of ['/api/data/%ZZ', '/api/data/account/%E0%A4%A', '/app/%ZZ']) {
      expect(problem(await ctx.app.inject({ url }), 400).detail, url).toMatch(/URL is not valid/);
    }
  });

  it('unknown entity, field, sort, fields and filter names are 4xx naming the place', async () => {
    problem(await ctx.app.inject({ url: '/api/data/nothing' }), 404);
    expect(problem(await ctx.app.inject({ url: '/api/data/account?colour=red' }), 400).errors[0].path).toBe('/query/colour');
    expect(problem(await ctx.app.inject({ url: '/api/data/account?sort=-nope' }), 400).errors[0].path).toBe('/query/sort');
    expect(problem(await ctx.app.inject({ url: '/api/data/account?fields=name,nope' }), 400).errors[0].path).toBe('/query/fields');
    const filter = encodeURIComponent(JSON.stringify({ '==': [{ var: 'nope' }, 1] }));
    expect(problem(await ctx.app.inject({ url: `/api/data/account?filter=${filter}` }), 400).errors[0].path).toMatch(/^\/query\/filter/);
  });

  it('SQL text in a query is refused, and in a value is stored as text', async () => {
    problem(await ctx.app.inject({ url: '/api/data/account?sort=' + encodeURIComponent('name; drop table x') }), 400);
    problem(await ctx.app.inject({ url: '/api/data/account?fields=' + encodeURIComponent('name) from pg_user --') }), 400);
    const evil = "x'); drop table loom_data.account; --";
    const res = await ctx.app.inject({ method: 'POST', url: '/api/data/account', payload: { name: evil } });
    expect(res.statusCode).toBe(201);
    const found = await ctx.app.inject({ url: `/api/data/account?name=${encodeURIComponent(evil)}` });
    expect(found.json().data[0].name).toBe(evil);
  });

  it('limit=100000 is a 400', async () => {
    expect(problem(await ctx.app.inject({ url: '/api/data/account?limit=100000' }), 400).errors[0].path).toBe('/query/limit');
  });

  it('a wrong type and a missing required field are 422 with pointers', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/data/account', payload: { score: 'high', tier: 'platinum' } });
    const body = problem(res, 422);
    expect(body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['/score', '/name']));
  });

  it('a bulk request whose 3rd item is invalid writes nothing', async () => {
    const before = (await ctx.app.inject({ url: '/api/data/account?count=true&limit=1' })).json().total;
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/data/account/bulk',
      payload: {
        operations: [
          { op: 'create', data: { name: 'B1' } },
          { op: 'create', data: { name: 'B2' } },
          { op: 'create', data: { name: 'B3', score: 1000 } },
        ],
      },
    });
    expect(problem(res, 422).errors[0].path).toBe('/operations/2/data/score');
    expect((await ctx.app.inject({ url: '/api/data/account?count=true&limit=1' })).json().total).toBe(before);
  });

  it('a duplicate unique value is a 409 naming the field', async () => {
    await ctx.app.inject({ method: 'POST', url: '/api/data/account', payload: { name: 'Unique Co' } });
    const res = await ctx.app.inject({ method: 'POST', url: '/api/data/account', payload: { name: 'Unique Co' } });
    expect(problem(res, 409).errors[0].path).toBe('/name');
  });

  it('an entity rule is enforced on create and update', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/data/account', payload: { name: 'Neg', revenue: -5 } });
    expect(problem(res, 422).detail).toContain('Revenue cannot be negative');
  });

  it('a 50 MB body is a 413', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(50 * 1024 * 1024) });
    problem(await ctx.app.inject({ method: 'POST', url: '/api/data/account', payload: big, headers: { 'content-type': 'application/json' } }), 413);
  });

  it('a file of a forbidden type is refused; an accepted one is stored and served', async () => {
    const upload = (field: string, name: string, type: string, content: Buffer) => uploadFile(ctx.app, 'account', field, name, type, content);
    problem(await upload('contract', 'x.html', 'application/pdf', Buffer.from('<html><script>alert(1)</script></html>')), 415);
    problem(
      await upload('logo', 'big.png', 'image/png', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(4096)])),
      413,
    );
    const ok = await upload('contract', 'c.pdf', 'application/pdf', Buffer.from('%PDF-1.4 test'));
    expect(ok.statusCode, ok.body).toBe(201);
    const served = await ctx.app.inject({ url: `/api/files/${ok.json().id}` });
    expect(served.headers['content-disposition']).toMatch(/^attachment/);
    const rec = await ctx.app.inject({ method: 'POST', url: '/api/data/account', payload: { name: 'With file', contract: ok.json().id } });
    expect(rec.statusCode, rec.body).toBe(201);
  });
});
