import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { createTestUser, describeAppOnEachBackend, type TestUser } from '../../../test/test-app.ts';

/** A firm: numbered, owned, a rule, a unique name, a field some roles may not see, a lookup to a region. */
const firm = {
  kind: 'entity', name: 'firm', label: 'Firm', titleField: 'name', owned: true,
  fields: {
    name: { type: 'text', required: true, maxLength: 100 },
    code: { type: 'autonumber', pattern: 'F-{0000}' },
    revenue: { type: 'number' },
    secret: { type: 'text' },
    region: { type: 'lookup', entity: 'region' },
  },
  unique: [['name']],
  rules: [{ name: 'revenueNotNegative', assert: { or: [{ '==': [{ var: 'revenue' }, null] }, { '>=': [{ var: 'revenue' }, 0] }] }, message: 'Revenue cannot be negative' }],
};
/** Regions keep deleted records, and a rep reads only their own. */
const region = { kind: 'entity', name: 'region', label: 'Region', titleField: 'name', owned: true, softDelete: true, fields: { name: { type: 'text', required: true } } };
/** A detail of firm: writing one needs the right to update its firm. */
const memo = {
  kind: 'entity', name: 'memo', label: 'Memo', titleField: 'text',
  fields: { firm: { type: 'lookup', entity: 'firm', master: true, required: true, onDelete: 'cascade' }, text: { type: 'text', required: true } },
};
const rep = {
  kind: 'role', name: 'rep', label: 'Rep',
  entities: {
    firm: { read: 'all', create: true, update: 'own', fields: { secret: 'hidden' } },
    region: { read: 'own' },
    memo: { read: 'master', create: true, update: 'master', delete: 'master' },
  },
};
const viewer = { kind: 'role', name: 'viewer', label: 'Viewer', entities: { firm: { read: 'all' } } };

const MISSING = '0190e0e0-0000-7000-8000-000000000000';

describeAppOnEachBackend('bulk create as a set', [region, firm, memo, rep, viewer], (ctx) => {
  let repUser: TestUser;
  let otherRep: TestUser;
  let reader: TestUser;
  const bulk = (operations: unknown[], user?: TestUser) =>
    ctx.app.inject({ method: 'POST', url: '/api/data/firm/bulk', payload: { operations }, headers: user?.headers });
  const creates = (rows: Record<string, unknown>[]) => rows.map((data) => ({ op: 'create', data }));
  const count = async (entity: string) => (await ctx.app.inject({ url: `/api/data/${entity}?count=true&limit=1` })).json().total as number;
  const paths = (res: { json(): any }) => (res.json().errors as { path: string }[]).map((e) => e.path);
  /** The next number the counter hands out, read by creating (and answering) one firm. */
  const nextCode = async (name: string) => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/data/firm', payload: { name } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().code as string;
  };

  it('sets up the people', async () => {
    repUser = await createTestUser(ctx.app, { roles: ['rep'], teams: ['east'] });
    otherRep = await createTestUser(ctx.app, { roles: ['rep'] });
    reader = await createTestUser(ctx.app, { roles: ['viewer'] });
  });

  it('numbers the records in request order without gaps, one create history row each, answered in order', async () => {
    const first = await nextCode('Before');
    const res = await bulk(creates(Array.from({ length: 25 }, (_, i) => ({ name: `Set ${i}`, revenue: i }))));
    expect(res.statusCode, res.body).toBe(200);
    const results = res.json().results as { op: string; id: string }[];
    expect(results).toHaveLength(25);
    const start = Number(first.slice(2)) + 1;
    for (const [i, result] of results.entries()) {
      const record = (await ctx.app.inject({ url: `/api/data/firm/${result.id}` })).json();
      expect(record.name).toBe(`Set ${i}`);
      expect(record.code).toBe(`F-${String(start + i).padStart(4, '0')}`);
      expect(record.owner).toBe(ctx.app.admin.id);
      const history = (await ctx.app.inject({ url: `/api/data/firm/${result.id}/history` })).json();
      const rows = Array.isArray(history) ? history : history.data;
      expect(rows).toHaveLength(1);
      expect(rows[0].action).toBe('create');
      expect(rows[0].changes).toMatchObject({ name: [null, `Set ${i}`], code: [null, record.code], revenue: [null, i], owner: [null, ctx.app.admin.id] });
    }
    expect(await nextCode('After')).toBe(`F-${String(start + 25).padStart(4, '0')}`);
  });

  it('answers every bad operation with its pointer and writes nothing, not even a number', async () => {
    const before = await count('firm');
    const code = await nextCode('Gapless 1');
    // Two lookups to no region and two broken rules: all four are answered, not only the first.
    const lookups = await bulk(creates([{ name: 'L0' }, { name: 'L1', region: MISSING }, { name: 'L2' }, { name: 'L3', region: MISSING }]));
    expect(lookups.statusCode, lookups.body).toBe(422);
    expect(paths(lookups)).toEqual(['/operations/1/data/region', '/operations/3/data/region']);
    const rules = await bulk(creates([{ name: 'R0', revenue: -1 }, { name: 'R1', revenue: 5 }, { name: 'R2', revenue: -2 }]));
    expect(rules.statusCode, rules.body).toBe(422);
    expect(paths(rules)).toEqual(['/operations/0/data', '/operations/2/data']);
    expect(rules.json().errors[0].message).toBe('Revenue cannot be negative');
    const missing = await bulk(creates([{ name: 'M0' }, { revenue: 1 }]));
    expect(missing.statusCode, missing.body).toBe(422);
    expect(paths(missing)).toContain('/operations/1/data/name');
    // A unique name twice in one request, or one already taken.
    expect((await bulk(creates([{ name: 'Twice' }, { name: 'Twice' }]))).statusCode).toBe(409);
    expect((await bulk(creates([{ name: 'Fresh' }, { name: 'Gapless 1' }]))).statusCode).toBe(409);
    expect(await count('firm')).toBe(before + 1);
    expect(await nextCode('Gapless 2')).toBe(`F-${String(Number(code.slice(2)) + 1).padStart(4, '0')}`);
  });

  it("a scoped caller's lookup to a record they may not read is refused exactly like a missing one", async () => {
    const own = await ctx.app.inject({ method: 'POST', url: '/api/data/region/bulk', payload: { operations: creates([{ name: 'Mine' }]) } });
    expect(own.statusCode, own.body).toBe(200);
    const foreign = own.json().results[0].id as string;
    const before = await count('firm');
    const res = await bulk(creates([{ name: 'S0', region: foreign }, { name: 'S1', region: MISSING }]), repUser);
    expect(res.statusCode, res.body).toBe(422);
    const [unreadable, absent] = res.json().errors as { path: string; message: string }[];
    expect([unreadable.path, absent.path]).toEqual(['/operations/0/data/region', '/operations/1/data/region']);
    expect(unreadable.message).toBe(absent.message);
    expect(await count('firm')).toBe(before);
  });

  it('a deleted lookup target is missing', async () => {
    const made = await ctx.app.inject({ method: 'POST', url: '/api/data/region', payload: { name: 'Gone' } });
    const id = made.json().id as string;
    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/data/region/${id}` })).statusCode).toBe(204);
    const res = await bulk(creates([{ name: 'D0', region: id }]));
    expect(res.statusCode, res.body).toBe(422);
    expect(paths(res)).toEqual(['/operations/0/data/region']);
  });

  it('refuses a field the caller may not see, and a caller who may not create, with nothing written', async () => {
    const before = await count('firm');
    const hidden = await bulk(creates([{ name: 'H0' }, { name: 'H1', secret: 'x' }]), repUser);
    expect(hidden.statusCode, hidden.body).toBe(403);
    expect(paths(hidden)).toEqual(['/operations/1/data/secret']);
    expect((await bulk(creates([{ name: 'V0' }]), reader)).statusCode).toBe(403);
    expect(await count('firm')).toBe(before);
    const ok = await bulk(creates([{ name: 'By rep' }]), repUser);
    expect(ok.statusCode, ok.body).toBe(200);
    const record = (await ctx.app.inject({ url: `/api/data/firm/${ok.json().results[0].id}` })).json();
    expect(record.owner).toBe(repUser.id);
    // The owner's team key comes along, as with a single create (the team scope reads it).
    const { rows } = await sql<{ key: string | null; team: string | null }>`
      select f.owner_team_key::text as key, u.team_key::text as team from loom_data.firm f join loom.users u on u.id = f.owner where f.id = ${record.id}::uuid`.execute(ctx.test.database.db);
    expect(rows[0].team).not.toBeNull();
    expect(rows[0].key).toBe(rows[0].team);
  });

  it('a detail under a master the caller may not change is 403, under a missing one 422', async () => {
    const mine = (await bulk(creates([{ name: 'Rep firm' }]), repUser)).json().results[0].id as string;
    const theirs = (await bulk(creates([{ name: 'Other firm' }]), otherRep)).json().results[0].id as string;
    const memos = (operations: unknown[]) => ctx.app.inject({ method: 'POST', url: '/api/data/memo/bulk', payload: { operations }, headers: repUser.headers });
    const before = await count('memo');
    const forbidden = await memos(creates([{ firm: mine, text: 'a' }, { firm: theirs, text: 'b' }]));
    expect(forbidden.statusCode, forbidden.body).toBe(403);
    expect(paths(forbidden)).toEqual(['/operations/1/data/firm']);
    const absent = await memos(creates([{ firm: mine, text: 'a' }, { firm: MISSING, text: 'b' }]));
    expect(absent.statusCode, absent.body).toBe(422);
    expect(paths(absent)).toEqual(['/operations/1/data/firm']);
    expect(await count('memo')).toBe(before);
    const ok = await memos(creates([{ firm: mine, text: 'a' }, { firm: mine, text: 'b' }]));
    expect(ok.statusCode, ok.body).toBe(200);
    expect(await count('memo')).toBe(before + 2);
  });
});
