import { expect, it } from 'vitest';
import { createTestUser, describeAppOnEachBackend, type TestUser } from '../../test/test-app.ts';
import { uiDocuments } from '../../test/fixtures/ui-model.ts';

const paths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path);

describeAppOnEachBackend('personal saved views (/api/me/views)', uiDocuments, (ctx) => {
  let clerk: TestUser;
  let other: TestUser;
  const as = (user: TestUser, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    ctx.app.inject({ method, url, headers: user.headers, ...(payload === undefined ? {} : { payload: payload as object }) });

  it('creates, lists, changes and deletes a view of your own', async () => {
    clerk = await createTestUser(ctx.app, { roles: ['clerk'] });
    other = await createTestUser(ctx.app, { roles: ['clerk'] });
    const body = {
      entity: 'account',
      name: ' Big ones ',
      columns: ['name', 'tier', 'revenue'],
      filter: { '==': [{ var: 'tier' }, 'a'] },
      sort: ['-revenue', 'name'],
    };
    const created = await as(clerk, 'POST', '/api/me/views', body);
    expect(created.statusCode, created.body).toBe(201);
    const view = created.json();
    expect(view).toMatchObject({ entity: 'account', name: 'Big ones', columns: ['name', 'tier', 'revenue'], filter: body.filter, sort: ['-revenue', 'name'] });
    expect(view.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(view.createdAt)).not.toBeNaN();
    const minimal = await as(clerk, 'POST', '/api/me/views', { entity: 'person', name: 'People', columns: ['name', 'account.name'] });
    expect(minimal.json()).toMatchObject({ filter: null, sort: [] });

    expect((await as(clerk, 'GET', '/api/me/views?entity=account')).json().data.map((v: { name: string }) => v.name)).toEqual(['Big ones']);
    expect((await as(clerk, 'GET', '/api/me/views')).json().data.map((v: { name: string }) => v.name)).toEqual(['Big ones', 'People']);

    const moved = await as(clerk, 'PATCH', `/api/me/views/${view.id}`, { entity: 'person', name: 'x' });
    expect(moved.statusCode).toBe(400);
    expect(paths(moved.json())).toEqual(['/entity']);
    // The entity may come back unchanged with the rest of the view.
    const patched = await as(clerk, 'PATCH', `/api/me/views/${view.id}`, { entity: 'account', name: 'Key accounts', filter: null });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ name: 'Key accounts', filter: null, columns: ['name', 'tier', 'revenue'], sort: ['-revenue', 'name'] });

    expect((await as(clerk, 'DELETE', `/api/me/views/${view.id}`)).statusCode).toBe(204);
    expect((await as(clerk, 'DELETE', `/api/me/views/${view.id}`)).statusCode).toBe(404);
    expect((await as(clerk, 'GET', '/api/me/views?entity=account')).json().data).toEqual([]);
  });

  it("keeps other users' views out of reach: their ids answer 404", async () => {
    const mine = (await as(clerk, 'POST', '/api/me/views', { entity: 'account', name: 'Mine', columns: ['name'] })).json();
    expect((await as(other, 'GET', '/api/me/views?entity=account')).json().data).toEqual([]);
    const patch = await as(other, 'PATCH', `/api/me/views/${mine.id}`, { name: 'Stolen' });
    expect(patch.statusCode).toBe(404);
    expect(patch.headers['content-type']).toContain('application/problem+json');
    expect((await as(other, 'DELETE', `/api/me/views/${mine.id}`)).statusCode).toBe(404);
    expect((await as(other, 'PATCH', '/api/me/views/not-a-uuid', { name: 'x' })).statusCode).toBe(404);
    expect((await as(clerk, 'GET', '/api/me/views?entity=account')).json().data[0].name).toBe('Mine');
    // Names are unique per user and entity, not across users.
    expect((await as(other, 'POST', '/api/me/views', { entity: 'account', name: 'Mine', columns: ['name'] })).statusCode).toBe(201);
    const twice = await as(clerk, 'POST', '/api/me/views', { entity: 'account', name: 'Mine', columns: ['tier'] });
    expect(twice.statusCode).toBe(409);
    expect(paths(twice.json())).toEqual(['/name']);
  });

  it('refuses what the user cannot see or the compiler cannot take, with pointers, storing nothing', async () => {
    const cases: [unknown, number, string[]][] = [
      [{ entity: 'ledger', name: 'x', columns: ['note'] }, 400, ['/entity']],
      [{ entity: 'nothing', name: 'x', columns: ['note'] }, 400, ['/entity']],
      [{ entity: 'account', name: 'x', columns: ['name', 'secret', 'nope', 'owner'] }, 400, ['/columns/1', '/columns/2']],
      [{ entity: 'account', name: 'x', columns: ['name'], sort: ['-secret', 'items', 'name'] }, 400, ['/sort/0', '/sort/1']],
      [{ entity: 'account', name: 'x', columns: ['name'], filter: { '==': [{ var: 'secret' }, 'a'] } }, 400, ['/filter/==/0']],
      [{ entity: 'account', name: 'x', columns: ['name'], filter: { '==': [{ var: 'ghost' }, 1] } }, 400, ['/filter/==/0']],
      [{ entity: 'account', name: 'x', columns: ['name'], filter: { frobnicate: [1] } }, 400, ['/filter']],
      // Every problem at once, the filter's compile error included.
      [{ entity: 'account', name: 'x', columns: ['nope'], sort: ['-nope'], filter: { frobnicate: [1] } }, 400, ['/columns/0', '/sort/0', '/filter']],
      [{ entity: 'person', name: 'x', columns: ['account.secret'] }, 400, ['/columns/0']],
      [{ entity: 'account', name: '   ', columns: ['name'] }, 400, ['/name']],
      [{ entity: 'account', name: 'x', columns: [] }, 400, ['/columns']],
      [{ entity: 'account', name: 'x', columns: ['name'], colour: 'red' }, 400, ['/colour']],
    ];
    for (const [payload, status, expected] of cases) {
      const res = await as(clerk, 'POST', '/api/me/views', payload);
      expect(res.statusCode, JSON.stringify(payload) + res.body).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      for (const path of expected)
        expect(paths(res.json()), JSON.stringify(payload)).toContainEqual(expect.stringMatching(new RegExp(`^${path.replace(/[/=]/g, '\\$&')}`)));
    }
    expect((await as(clerk, 'GET', '/api/me/views?entity=ledger')).statusCode).toBe(400);
    expect(paths((await as(clerk, 'GET', '/api/me/views?entity=account&x=1')).json())).toEqual(['/query/x']);
    const mine = (await as(clerk, 'GET', '/api/me/views?entity=account')).json().data[0];
    const bad = await as(clerk, 'PATCH', `/api/me/views/${mine.id}`, { columns: ['secret'] });
    expect(bad.statusCode).toBe(400);
    expect((await as(clerk, 'GET', '/api/me/views?entity=account')).json().data[0].columns).toEqual(['name']);
    // An administrator sees every field, so the same view is fine for them.
    expect(
      (
        await ctx.app.inject({
          method: 'POST',
          url: '/api/me/views',
          payload: { entity: 'ledger', name: 'x', columns: ['note', 'account.secret'], filter: { '!=': [{ var: 'account.secret' }, null] } },
        })
      ).statusCode,
    ).toBe(201);
  });
});
