import { beforeAll, expect, it } from 'vitest';
import { createTestUser, describeAppOnEachBackend } from '../../test/test-app.ts';
import { permissionDocuments, SCOPES, type Scope } from '../../test/fixtures/permission-model.ts';

/**
 * For every scope, four people: a manager M, A (reports to M, team with M), B (same team),
 * C (reports to A, another team). Each owns two deals. What each may see is computed here from
 * the scope's meaning and compared with every record route's answer.
 */
const PEOPLE = ['M', 'A', 'B', 'C'] as const;
type Person = (typeof PEOPLE)[number];
const TEAM: Record<Person, string> = { M: 'north', A: 'north', B: 'north', C: 'south' };
const MANAGER: Partial<Record<Person, Person>> = { A: 'M', C: 'A' };

function reports(boss: Person): Person[] {
  const direct = PEOPLE.filter((p) => MANAGER[p] === boss);
  return [...direct, ...direct.flatMap(reports)];
}

function visibleOwners(scope: Scope, me: Person): Person[] {
  if (scope === 'all') return [...PEOPLE];
  if (scope === 'none') return [];
  if (scope === 'own') return [me];
  if (scope === 'team') return PEOPLE.filter((p) => TEAM[p] === TEAM[me]);
  return [me, ...reports(me)];
}

describeAppOnEachBackend('permission matrix', permissionDocuments, (ctx) => {
  const users = {} as Record<Scope, Record<Person, { id: string; headers: Record<string, string> }>>;
  const deals: { id: string; scope: Scope; owner: Person }[] = [];

  beforeAll(async () => {
    for (const scope of SCOPES) {
      users[scope] = {} as Record<Person, { id: string; headers: Record<string, string> }>;
      for (const person of PEOPLE) {
        const manager = MANAGER[person] ? users[scope][MANAGER[person]!].id : undefined;
        users[scope][person] = await createTestUser(ctx.app, { email: `${person}.${scope}@t.test`, roles: [`deal_${scope}`], teams: [`${TEAM[person]}_${scope}`], manager });
      }
      for (const person of PEOPLE) {
        for (const n of [1, 2]) {
          const res = await ctx.app.inject({ method: 'POST', url: '/api/data/deal', payload: { name: `交易 ${scope} ${person}${n}`, owner: users[scope][person].id, secret: `s-${person}`, amount: 10 } });
          expect(res.statusCode, res.body).toBe(201);
          deals.push({ id: res.json().id, scope, owner: person });
        }
      }
    }
  });

  const expected = (scope: Scope, me: Person) => {
    const owners = visibleOwners(scope, me);
    return deals.filter((d) => d.scope === scope && owners.includes(d.owner)).map((d) => d.id).sort();
  };
  // Records of other scopes' people are never visible to scoped users (owners differ), except with scope all.
  const allScopeExtra = (scope: Scope) => (scope === 'all' ? deals.filter((d) => d.scope !== 'all').map((d) => d.id) : []);

  for (const scope of SCOPES) {
    for (const me of PEOPLE) {
      it(`${scope} × ${me}: list, count, search, get and history show exactly the allowed records`, async () => {
        const as = users[scope][me].headers;
        const want = [...expected(scope, me), ...allScopeExtra(scope)].sort();
        const list = await ctx.app.inject({ url: '/api/data/deal?limit=500&count=true', headers: as });
        expect(list.statusCode, list.body).toBe(200);
        expect(list.json().data.map((r: { id: string }) => r.id).sort()).toEqual(want);
        expect(list.json().total).toBe(want.length);
        for (const row of list.json().data) expect(row).not.toHaveProperty('secret');
        const search = await ctx.app.inject({ url: `/api/data/deal?limit=500&q=${encodeURIComponent('交易')}`, headers: as });
        expect(search.json().data.map((r: { id: string }) => r.id).sort()).toEqual(want);
        for (const deal of deals.filter((d) => d.scope === scope)) {
          const allowed = want.includes(deal.id);
          expect((await ctx.app.inject({ url: `/api/data/deal/${deal.id}`, headers: as })).statusCode).toBe(allowed ? 200 : 404);
          expect((await ctx.app.inject({ url: `/api/data/deal/${deal.id}/history`, headers: as })).statusCode).toBe(allowed ? 200 : 404);
        }
      });

      it(`${scope} × ${me}: updates and deletes only what the scope allows; a bulk with one foreign id writes nothing`, async () => {
        const as = users[scope][me].headers;
        const mine = expected(scope, me);
        const foreign = deals.filter((d) => d.scope === scope && !mine.includes(d.id)).map((d) => d.id);
        if (mine.length) {
          const ok = await ctx.app.inject({ method: 'PATCH', url: `/api/data/deal/${mine[0]}`, headers: as, payload: { region: 'north' } });
          expect(ok.statusCode, ok.body).toBe(200);
        }
        if (foreign.length) {
          expect((await ctx.app.inject({ method: 'PATCH', url: `/api/data/deal/${foreign[0]}`, headers: as, payload: { region: 'south' } })).statusCode).toBe(404);
          expect((await ctx.app.inject({ method: 'DELETE', url: `/api/data/deal/${foreign[0]}`, headers: as })).statusCode).toBe(404);
          const before = (await ctx.app.inject({ url: `/api/data/deal/${foreign[0]}` })).json().version;
          const ops = [...mine.map((id) => ({ op: 'update', id, data: { region: 'south' } })), { op: 'update', id: foreign[0], data: { region: 'south' } }];
          const bulk = await ctx.app.inject({ method: 'POST', url: '/api/data/deal/bulk', headers: as, payload: { operations: ops } });
          expect(bulk.statusCode).toBe(404);
          expect((await ctx.app.inject({ url: `/api/data/deal/${foreign[0]}` })).json().version).toBe(before);
          for (const id of mine) expect((await ctx.app.inject({ url: `/api/data/deal/${id}` })).json().region).not.toBe('south');
        }
      });
    }

    it(`${scope}: hidden fields cannot be filtered, sorted, selected or written; owner and system fields cannot be mass-assigned`, async () => {
      const as = users[scope].A.headers;
      const q = (s: string) => ctx.app.inject({ url: `/api/data/deal?${s}`, headers: as });
      expect((await q(`filter=${encodeURIComponent(JSON.stringify({ '==': [{ var: 'secret' }, 's-M'] }))}`)).statusCode).toBe(400);
      expect((await q('secret=s-M')).statusCode).toBe(400);
      expect((await q('sort=secret')).statusCode).toBe(400);
      expect((await q('fields=name,secret')).statusCode).toBe(400);
      const create = (payload: object) => ctx.app.inject({ method: 'POST', url: '/api/data/deal', headers: as, payload });
      expect((await create({ name: 'x', secret: 'y' })).statusCode).toBe(403);
      expect((await create({ name: 'x', amount: 5 })).statusCode).toBe(403);
      expect((await create({ name: 'x', owner: users[scope].B.id })).statusCode).toBe(403);
      expect((await create({ name: 'x', createdBy: users[scope].B.id })).statusCode).toBe(422);
      expect((await create({ name: 'x', id: '0190e0e0-0000-7000-8000-000000000000' })).statusCode).toBe(422);
      const own = await create({ name: 'mine' });
      expect(own.statusCode, own.body).toBe(201);
      expect(own.json().owner).toBe(users[scope].A.id);
      expect((await ctx.app.inject({ method: 'DELETE', url: `/api/data/deal/${own.json().id}` })).statusCode).toBe(204);
    });

    it(`${scope}: expand shows only the id of a lookup the user may not read, and cursors replayed by another user still obey the scope`, async () => {
      const as = users[scope].B.headers;
      const target = deals.find((d) => d.scope === scope && d.owner === 'C')!;
      const canRead = expected(scope, 'B').includes(target.id) || scope === 'all';
      const createNote = (deal: string, headers?: Record<string, string>) => ctx.app.inject({ method: 'POST', url: '/api/data/dealNote', headers, payload: { text: 'n', deal } });
      let note = await createNote(target.id, as);
      if (!canRead) {
        // Pointing a lookup at a record one may not read answers exactly as a missing id does.
        const missing = await createNote('0190e0e0-0000-7000-8000-000000000000', as);
        expect(note.statusCode, note.body).toBe(422);
        expect(note.json()).toEqual(missing.json());
        note = await createNote(target.id);
      }
      expect(note.statusCode, note.body).toBe(201);
      const expanded = (await ctx.app.inject({ url: `/api/data/dealNote/${note.json().id}?expand=deal`, headers: as })).json();
      if (canRead) expect(expanded.deal).toMatchObject({ id: target.id });
      else expect(expanded.deal).toBe(target.id);
      const adminPage = (await ctx.app.inject({ url: '/api/data/deal?limit=3&sort=name' })).json();
      const replay = await ctx.app.inject({ url: `/api/data/deal?limit=500&sort=name&cursor=${adminPage.next}`, headers: as });
      const allowed = [...expected(scope, 'B'), ...allScopeExtra(scope)];
      expect(replay.statusCode, replay.body).toBe(200);
      for (const row of replay.json().data) expect(allowed).toContain(row.id);
    });
  }
  it('describes in OpenAPI only what each caller may use: anonymous callers see no entity, scoped users no hidden field', async () => {
    const anonymous = (await ctx.app.raw.inject({ url: '/api/openapi.json' })).json();
    expect(Object.keys(anonymous.paths).filter((p) => p.startsWith('/api/data/'))).toEqual([]);
    const admin = (await ctx.app.inject({ url: '/api/openapi.json' })).json();
    expect(admin.paths['/api/data/deal']).toBeDefined();
    expect(JSON.stringify(admin.components.schemas)).toContain('"secret"');
    const scoped = await ctx.app.inject({ url: '/api/openapi.json', headers: users.own.A.headers });
    expect(scoped.statusCode).toBe(200);
    expect(scoped.json().paths['/api/data/deal']).toBeDefined();
    expect(JSON.stringify(scoped.json().components.schemas)).not.toContain('"secret"');
    expect((await ctx.app.inject({ url: '/api/openapi.json', headers: { authorization: 'Bearer loom_wrong' } })).statusCode).toBe(401);
  });
});
