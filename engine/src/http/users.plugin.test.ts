import { beforeAll, expect, it } from 'vitest';
import { createTestUser, describeAppOnEachBackend, type TestUser } from '../../test/test-app.ts';

const documents = [
  { kind: 'entity', name: 'gadget', label: 'Gadget', titleField: 'title', fields: { title: { type: 'text' } } },
  { kind: 'role', name: 'sales', label: 'Sales' },
  { kind: 'role', name: 'finance', label: 'Finance' },
];

describeAppOnEachBackend('people, teams and administration', documents, (ctx) => {
  let plain: TestUser;
  beforeAll(async () => {
    plain = await createTestUser(ctx.app, { email: 'plain@users.test', roles: ['sales'] });
  });

  it('creates, reads, lists and changes users; never shows a password or hash', async () => {
    const created = await ctx.app.inject({
      method: 'POST',
      url: '/api/users',
      payload: { email: 'Zoe@Users.test', name: 'Zoe', password: 'zoe password 1', roles: ['sales', 'finance'], manager: plain.id },
    });
    expect(created.statusCode, created.body).toBe(201);
    const zoe = created.json();
    expect(zoe).toMatchObject({
      email: 'zoe@users.test',
      name: 'Zoe',
      active: true,
      admin: false,
      roles: ['sales', 'finance'],
      manager: plain.id,
      teams: [],
      deactivatedAt: null,
    });
    expect(created.body).not.toMatch(/password|argon2|hash/i);
    expect((await ctx.app.inject({ url: `/api/users/${zoe.id}` })).json()).toEqual(zoe);
    const list = await ctx.app.inject({ url: '/api/users?q=zoe&active=true' });
    expect(list.json().data.map((u: { id: string }) => u.id)).toEqual([zoe.id]);
    const page = await ctx.app.inject({ url: '/api/users?limit=1' });
    expect(page.json().data).toHaveLength(1);
    expect(
      (await ctx.app.inject({ url: `/api/users?limit=1&cursor=${encodeURIComponent(page.json().next)}` })).json().data[0].email > page.json().data[0].email,
    ).toBe(true);
    const patched = await ctx.app.inject({ method: 'PATCH', url: `/api/users/${zoe.id}`, payload: { name: 'Zoë', manager: null, admin: true } });
    expect(patched.json()).toMatchObject({ name: 'Zoë', manager: null, admin: true });
    expect((await ctx.app.inject({ url: `/api/users/01a20000-0000-7000-8000-000000000000` })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'PATCH', url: '/api/users/not-a-uuid', payload: { name: 'x' } })).statusCode).toBe(404);
  });

  it('refuses bad bodies with pointers: unknown fields, wrong types, bad email, weak password, unknown role, taken email', async () => {
    const post = (payload: object) => ctx.app.inject({ method: 'POST', url: '/api/users', payload });
    const cases: [object, number, string][] = [
      [{ email: 'a@b.test', name: 'A', colour: 'red' }, 400, '/colour'],
      [{ email: 'a@b.test', name: 'A', admin: 'true' }, 400, '/admin'],
      [{ email: 'a@b.test' }, 400, '/name'],
      [{ email: 'not an email', name: 'A' }, 400, '/email'],
      [{ email: 'a@b.test', name: 'A', password: 'short' }, 400, '/password'],
      [{ email: 'a@b.test', name: 'A', roles: ['nosuchrole'] }, 400, '/roles/0'],
      [{ email: 'a@b.test', name: 'A', manager: '01a20000-0000-7000-8000-000000000000' }, 400, '/manager'],
      [{ email: 'PLAIN@users.test', name: 'A' }, 409, '/email'],
    ];
    for (const [payload, status, path] of cases) {
      const res = await post(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(
        res.json().errors.map((e: { path: string }) => e.path),
        JSON.stringify(payload),
      ).toContain(path);
    }
    expect((await ctx.app.inject({ method: 'PATCH', url: `/api/users/${plain.id}`, payload: {} })).statusCode).toBe(400);
    expect((await ctx.app.inject({ method: 'PATCH', url: `/api/users/${plain.id}`, payload: { manager: plain.id } })).statusCode).toBe(400);
    expect((await ctx.app.inject({ url: '/api/users?colour=red' })).statusCode).toBe(400);
    expect((await ctx.app.inject({ url: '/api/users?limit=5000' })).statusCode).toBe(400);
  });

  it('keeps the last administrator', async () => {
    const others = (await ctx.app.inject({ url: '/api/users?limit=500' }))
      .json()
      .data.filter((u: { id: string; admin: boolean }) => u.admin && u.id !== ctx.app.admin.id);
    expect(others.length).toBeGreaterThan(0);
    for (const a of others) await ctx.app.inject({ method: 'PATCH', url: `/api/users/${a.id}`, payload: { admin: false } });
    const res = await ctx.app.inject({ method: 'PATCH', url: `/api/users/${ctx.app.admin.id}`, payload: { active: false } });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('LOOM_ERR_AUTH_LAST_ADMIN');
  });

  it('creates and renames teams, and sets their members', async () => {
    const north = await ctx.app.inject({ method: 'POST', url: '/api/teams', payload: { name: 'North' } });
    expect(north.statusCode, north.body).toBe(201);
    const id = north.json().id;
    expect((await ctx.app.inject({ method: 'POST', url: '/api/teams', payload: { name: 'North' } })).statusCode).toBe(409);
    expect((await ctx.app.inject({ method: 'PATCH', url: `/api/teams/${id}`, payload: { name: 'Northeast' } })).json().name).toBe('Northeast');
    const members = await ctx.app.inject({ method: 'PUT', url: `/api/teams/${id}/members`, payload: { members: [plain.id, ctx.app.admin.id] } });
    expect(members.json().members.sort()).toEqual([plain.id, ctx.app.admin.id].sort());
    expect((await ctx.app.inject({ url: `/api/users/${plain.id}` })).json().teams).toEqual([{ id, name: 'Northeast' }]);
    const ghost = await ctx.app.inject({ method: 'PUT', url: `/api/teams/${id}/members`, payload: { members: ['01a20000-0000-7000-8000-000000000000'] } });
    expect(ghost.statusCode).toBe(400);
    expect((await ctx.app.inject({ url: `/api/teams/${id}` })).json().members).toHaveLength(2);
    expect((await ctx.app.inject({ method: 'PUT', url: `/api/teams/${id}/members`, payload: { members: [] } })).json().members).toEqual([]);
    expect((await ctx.app.inject({ url: '/api/teams' })).json().data.map((t: { name: string }) => t.name)).toContain('Northeast');
  });

  it('refuses people administration to non-administrators, who may read only themselves', async () => {
    const as = plain.headers;
    const forbidden = [
      { method: 'POST' as const, url: '/api/users', payload: { email: 'x@y.test', name: 'X' } },
      { url: `/api/users/${ctx.app.admin.id}` },
      { method: 'PATCH' as const, url: `/api/users/${plain.id}`, payload: { admin: true } },
      { url: '/api/teams' },
      { method: 'POST' as const, url: '/api/teams', payload: { name: 'Mine' } },
      { method: 'POST' as const, url: `/api/users/${ctx.app.admin.id}/tokens`, payload: { name: 'steal' } },
    ];
    for (const request of forbidden) {
      const res = await ctx.app.inject({ ...request, headers: as });
      expect(res.statusCode, `${request.method ?? 'GET'} ${request.url}`).toBe(403);
      expect(res.json().code).toBe('LOOM_ERR_AUTH_ADMIN_ONLY');
    }
    const self = await ctx.app.inject({ url: `/api/users/${plain.id}`, headers: as });
    expect(self.statusCode).toBe(200);
    expect(self.json()).toMatchObject({ id: plain.id, roles: ['sales'] });
  });

  it('shows non-administrators a directory of active colleagues: id, name and email only', async () => {
    const gone = (await ctx.app.inject({ method: 'POST', url: '/api/users', payload: { email: 'gone@users.test', name: 'Gone' } })).json();
    expect((await ctx.app.inject({ method: 'PATCH', url: `/api/users/${gone.id}`, payload: { active: false } })).statusCode).toBe(200);
    const res = await ctx.app.inject({ url: '/api/users?limit=500&active=false', headers: plain.headers });
    expect(res.statusCode, res.body).toBe(200);
    const people = res.json().data as Record<string, unknown>[];
    expect(people.map((p) => p.id)).toContain(plain.id);
    expect(people.map((p) => p.id)).not.toContain(gone.id);
    for (const person of people) expect(Object.keys(person).sort()).toEqual(['email', 'id', 'name']);
    const found = await ctx.app.inject({ url: `/api/users?q=${encodeURIComponent(plain.email.slice(0, 6))}`, headers: plain.headers });
    expect(found.json().data.map((p: { id: string }) => p.id)).toContain(plain.id);
  });

  it('lets only administrators plan and change metadata; any signed-in user reads schemas', async () => {
    const as = plain.headers;
    const doc = { kind: 'entity', name: 'gadget', label: 'Gadget', titleField: 'title', fields: { title: { type: 'text' }, size: { type: 'integer' } } };
    const writes = [
      { method: 'PUT' as const, url: '/api/meta/entity/gadget', payload: doc },
      { method: 'DELETE' as const, url: '/api/meta/entity/gadget' },
      { method: 'POST' as const, url: '/api/meta/plan', payload: { documents: [doc] } },
      { method: 'POST' as const, url: '/api/meta/publish', payload: { documents: [doc] } },
    ];
    for (const request of writes) expect((await ctx.app.inject({ ...request, headers: as })).statusCode, request.url).toBe(403);
    expect((await ctx.app.inject({ url: '/api/meta/schemas/entity', headers: as })).statusCode).toBe(200);
    const published = await ctx.app.inject({ method: 'PUT', url: '/api/meta/entity/gadget', payload: doc });
    expect(published.statusCode, published.body).toBe(200);
    const history = (await ctx.app.inject({ url: '/api/meta/entity/gadget' })).json().history;
    expect(history[0].author).toBe(ctx.app.admin.id);
  });

  it('issues and revokes tokens for another user (an integration account without a password)', async () => {
    const bot = (
      await ctx.app.inject({ method: 'POST', url: '/api/users', payload: { email: 'bot@users.test', name: 'Integration bot', roles: ['sales'] } })
    ).json();
    const made = await ctx.app.inject({ method: 'POST', url: `/api/users/${bot.id}/tokens`, payload: { name: 'erp sync' } });
    expect(made.statusCode).toBe(201);
    expect(made.headers['cache-control']).toBe('no-store');
    const headers = { authorization: `Bearer ${made.json().token}` };
    expect((await ctx.app.inject({ url: '/api/auth/me', headers })).json().user).toMatchObject({ id: bot.id, roles: ['sales'] });
    const list = (await ctx.app.inject({ url: `/api/users/${bot.id}/tokens` })).json().data;
    expect(list).toEqual([expect.objectContaining({ id: made.json().id, name: 'erp sync', lastUsedAt: expect.any(String) })]);
    expect(JSON.stringify(list)).not.toContain(made.json().token);
    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/users/${bot.id}/tokens/${made.json().id}` })).statusCode).toBe(204);
    expect((await ctx.app.inject({ url: '/api/auth/me', headers })).statusCode).toBe(401);
    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/users/${bot.id}/tokens/${made.json().id}` })).statusCode).toBe(404);
    expect(
      (await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'bot@users.test', password: 'anything at all' } })).statusCode,
    ).toBe(401);
  });
});
