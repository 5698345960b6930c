import { expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeAppOnEachBackend } from '../../test/test-app.ts';
import { deepRuleJson, entityWithDeepRule, entityWithFields } from '../../test/fixtures/hostile-metadata.ts';

const entity = (fields: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  kind: 'entity',
  name: 'gadget',
  label: 'Gadget',
  titleField: 'title',
  fields: { title: { type: 'text' }, ...fields },
  ...extra,
});
const publish = (documents: unknown[], purge = false) => ({
  method: 'POST' as const,
  url: '/api/meta/publish',
  payload: { documents, ...(purge ? { purge } : {}) },
});

describeAppOnEachBackend('metadata routes', [], (ctx) => {
  it('publishes a document, answers it with its revision history, and re-publishing is an empty plan', async () => {
    const first = await ctx.app.inject(publish([entity({ size: { type: 'integer' } })]));
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().plan.steps.length).toBeGreaterThan(0);
    const again = await ctx.app.inject(publish([entity({ size: { type: 'integer' } })]));
    expect(again.json().plan.isEmpty).toBe(true);
    expect(again.json().changed).toEqual([]);
    const doc = await ctx.app.inject({ url: '/api/meta/entity/gadget' });
    expect(doc.json()).toMatchObject({ kind: 'entity', name: 'gadget', revision: 1 });
    expect(doc.json().history).toHaveLength(1);
    const schema = await ctx.app.inject({ url: '/api/meta/schemas/entity' });
    expect(schema.statusCode).toBe(200);
  });

  it('plans without changing anything', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/meta/plan',
      payload: { documents: [entity({ size: { type: 'integer' }, colour: { type: 'text' } })] },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().plan.steps.map((s: { kind: string }) => s.kind)).toEqual(['addColumn']);
    const live = await ctx.app.inject({ url: '/api/meta/entity/gadget' });
    expect(live.json().document.fields.colour).toBeUndefined();
  });

  it('refuses bad documents with pointers, changing nothing', async () => {
    const cases: [unknown, string][] = [
      [entity({ size: { type: 'colour' } }), '/documents/0/fields/size/type'],
      [entity({ owner2: { type: 'lookup', entity: 'nowhere' } }), '/documents/0/fields/owner2/entity'],
      [entity({ id: { type: 'text' } }), '/documents/0/fields/id'],
      [entity({}, { rules: [{ name: 'r', assert: { '>': [{ var: 'ghost' }, 1] }, message: 'm' }] }), '/documents/0/rules/0/assert/>/0'],
      [{ kind: 'widget', name: 'x' }, '/documents/0/kind'],
    ];
    for (const [doc, path] of cases) {
      const res = await ctx.app.inject(publish([doc]));
      expect(res.statusCode, JSON.stringify(doc)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    const unknownKind = await ctx.app.inject({ method: 'PUT', url: '/api/meta/widget/x', payload: { kind: 'widget', name: 'x' } });
    expect(unknownKind.statusCode).toBe(404);
    const doc = await ctx.app.inject({ url: '/api/meta/entity/gadget' });
    expect(doc.json().revision).toBe(1);
  });

  it('refuses a type change that would lose data, naming the field and a way forward', async () => {
    await ctx.app.inject(publish([entity({ size: { type: 'integer' }, label2: { type: 'text' } })]));
    await ctx.app.inject({ method: 'POST', url: '/api/data/gadget', payload: { title: 't', label2: 'abc' } });
    const res = await ctx.app.inject(publish([entity({ size: { type: 'integer' }, label2: { type: 'integer' } })]));
    expect(res.statusCode).toBe(409);
    expect(res.json().errors[0].path).toContain('label2');
    expect(res.json().errors[0].message).toMatch(/archived/);
  });

  it('archives a removed field with its data and restores it when it comes back', async () => {
    const created = await ctx.app.inject({ method: 'POST', url: '/api/data/gadget', payload: { title: 'keep', size: 42 } });
    expect(created.statusCode, created.body).toBe(201);
    const removed = await ctx.app.inject(publish([entity({ label2: { type: 'text' } })]));
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json().plan.steps.map((s: { kind: string }) => s.kind)).toContain('archiveColumn');
    const restored = await ctx.app.inject(publish([entity({ size: { type: 'integer' }, label2: { type: 'text' } })]));
    expect(restored.json().plan.steps.map((s: { kind: string }) => s.kind)).toContain('restoreColumn');
    const rec = await ctx.app.inject({ url: `/api/data/gadget/${created.json().id}` });
    expect(rec.json().size).toBe(42);
  });

  it('deleting an entity archives its table', async () => {
    await ctx.app.inject(publish([{ kind: 'entity', name: 'temp', label: 'T', titleField: 'n', fields: { n: { type: 'text' } } }]));
    const res = await ctx.app.inject({ method: 'DELETE', url: '/api/meta/entity/temp' });
    expect(res.statusCode, res.body).toBe(200);
    const { rows } = await sql<{ n: number }>`select count(*)::int8 as n from loom.archived_objects where object = 'table' and table_name = 'temp'`.execute(
      ctx.test.database.db,
    );
    expect(rows[0].n).toBe(1);
    expect((await ctx.app.inject({ url: '/api/data/temp' })).statusCode).toBe(404);
  });

  /** The same documents through plan, publish and PUT: each a 400 problem with the pointers `paths` (PUT's without /documents/0). */
  async function refusedEverywhere(doc: { name: string }, paths: string[], body = JSON.stringify(doc)) {
    const json = { 'content-type': 'application/json' };
    for (const url of ['/api/meta/plan', '/api/meta/publish']) {
      const res = await ctx.app.inject({ method: 'POST', url, headers: json, payload: `{"documents":[${body}]}` });
      expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBe('LOOM_ERR_META_INVALID');
      expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(paths.map((p) => `/documents/0${p}`));
    }
    const put = await ctx.app.inject({ method: 'PUT', url: `/api/meta/entity/${doc.name}`, headers: json, payload: body });
    expect(put.statusCode, put.body.slice(0, 300)).toBe(400);
    expect(put.json().errors.map((e: { path: string }) => e.path)).toEqual(paths);
    expect((await ctx.app.inject({ url: `/api/meta/entity/${doc.name}` })).statusCode).toBe(404);
    return put.json().errors as { path: string; message: string }[];
  }

  it('refuses an entity of more columns than the table may have (1,700 fields) in plan, publish and PUT alike', async () => {
    const [error] = await refusedEverywhere(entityWithFields(1700), ['/fields']);
    expect(error.message).toMatch(/would store 1707 columns .*at most 1000/);
  });

  it('counts system columns and every column of multi-column fields, and publishes an entity right at the limit', async () => {
    // 496 money fields are 992 columns; with the title, the 6 system columns and the owner's 2, 1001.
    const money = (n: number, owned: boolean) => {
      const doc = entityWithFields(0, owned ? 'ledger' : 'purse');
      for (let i = 1; i <= n; i++) (doc.fields as Record<string, unknown>)[`m${i}`] = { type: 'money' };
      return { ...doc, owned };
    };
    const [error] = await refusedEverywhere(money(496, true), ['/fields']);
    expect(error.message).toContain('would store 1001 columns');
    const atLimit = await ctx.app.inject(publish([money(496, false)]));
    expect(atLimit.statusCode, atLimit.body.slice(0, 300)).toBe(200);
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int4 as n from information_schema.columns where table_schema = 'loom_data' and table_name = 'purse'`.execute(ctx.test.database.db);
    expect(rows[0].n).toBe(999);
  });

  it('refuses a rule nested 3,000 (or 100,000) levels deep in plan, publish and PUT alike, at the first level too deep', async () => {
    const pointer = `/rules/0/assert${'/!'.repeat(61)}`;
    const [error] = await refusedEverywhere(entityWithDeepRule(3000), [pointer], deepRuleJson(3000));
    expect(error.message).toContain('nested deeper than 64 levels');
    await refusedEverywhere(entityWithDeepRule(1), [pointer], deepRuleJson(100_000));
    // Replacing a stored document is compared with it first: that comparison must not see the depth either.
    expect((await ctx.app.inject(publish([entityWithDeepRule(5)]))).statusCode).toBe(200);
    const replace = await ctx.app.inject({
      method: 'PUT',
      url: '/api/meta/entity/deep',
      headers: { 'content-type': 'application/json' },
      payload: deepRuleJson(100_000),
    });
    expect(replace.statusCode, replace.body.slice(0, 300)).toBe(400);
    expect(replace.json().errors[0].path).toBe(pointer);
  });

  it('refuses table and column names past 63 bytes, and archives and restores a column of exactly 63', async () => {
    // 50 characters, each capital letter becoming "_" and a small one: 50 + k bytes.
    const nameOf = (bytes: number) => `${'x'.repeat(150 - 2 * bytes)}${'Ab'.repeat(bytes - 50)}`;
    const name63 = nameOf(63);
    const long = { ...entityWithFields(0, nameOf(65)), fields: { title: { type: 'text' }, [nameOf(64)]: { type: 'text' }, [name63]: { type: 'money' } } };
    const errors = await refusedEverywhere(long, ['/name', `/fields/${nameOf(64)}`, `/fields/${name63}`]);
    expect(errors[0].message).toMatch(/table name "x+_ab.*" would be 65 bytes.*at most 63/);
    expect(errors[1].message).toMatch(/column name "x+_ab.*" would be 64 bytes/);
    expect(errors[2].message).toMatch(/__cur" would be 68 bytes/);

    const tidy = (fields: Record<string, unknown>) => ({ ...entityWithFields(0, 'tidy'), fields: { title: { type: 'text' }, ...fields } });
    expect((await ctx.app.inject(publish([tidy({ [name63]: { type: 'text' } })]))).statusCode).toBe(200);
    const created = await ctx.app.inject({ method: 'POST', url: '/api/data/tidy', payload: { title: 't', [name63]: 'kept' } });
    expect(created.statusCode, created.body).toBe(201);
    const archived = await ctx.app.inject(publish([tidy({})]));
    expect(archived.statusCode, archived.body.slice(0, 300)).toBe(200);
    const step = archived.json().plan.steps.find((s: { kind: string }) => s.kind === 'archiveColumn');
    expect(Buffer.byteLength(step.archivedName)).toBeLessThanOrEqual(63);
    const restored = await ctx.app.inject(publish([tidy({ [name63]: { type: 'text' } })]));
    expect(restored.json().plan.steps.map((s: { kind: string }) => s.kind)).toContain('restoreColumn');
    expect((await ctx.app.inject({ url: `/api/data/tidy/${created.json().id}` })).json()[name63]).toBe('kept');
  });

  it("refuses an entity whose table would take the name of another table's key or index", async () => {
    const named = (name: string) => ({ ...entityWithFields(0, name) });
    // gadget is published: its primary key is gadget_pkey.
    const put = await ctx.app.inject({ method: 'PUT', url: '/api/meta/entity/gadgetPkey', payload: named('gadgetPkey') });
    expect(put.statusCode, put.body).toBe(400);
    expect(put.json().errors).toEqual([{ path: '/name', message: expect.stringContaining('"gadget_pkey", like gadget\'s table\'s primary key') }]);
    for (const url of ['/api/meta/plan', '/api/meta/publish']) {
      const res = await ctx.app.inject({ method: 'POST', url, payload: { documents: [named('gizmo'), named('gizmoUpdatedAtIdx')] } });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().errors).toEqual([{ path: '/documents/1/name', message: expect.stringContaining('"gizmo_updated_at_idx", like gizmo\'s index') }]);
    }
  });

  it('serves a valid OpenAPI document and health', async () => {
    const { Validator } = await import('@seriousme/openapi-schema-validator');
    const doc = (await ctx.app.inject({ url: '/api/openapi.json' })).json();
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.paths['/api/data/gadget']).toBeDefined();
    expect((await ctx.app.inject({ url: '/api/health' })).json()).toMatchObject({ status: 'ok' });
  });
});
