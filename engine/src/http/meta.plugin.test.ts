import { expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeAppOnEachBackend } from '../../test/test-app.ts';

const entity = (fields: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ kind: 'entity', name: 'gadget', label: 'Gadget', titleField: 'title', fields: { title: { type: 'text' }, ...fields }, ...extra });
const publish = (documents: unknown[], purge = false) => ({ method: 'POST' as const, url: '/api/meta/publish', payload: { documents, ...(purge ? { purge } : {}) } });

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
    const res = await ctx.app.inject({ method: 'POST', url: '/api/meta/plan', payload: { documents: [entity({ size: { type: 'integer' }, colour: { type: 'text' } })] } });
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
    const { rows } = await sql<{ n: number }>`select count(*)::int8 as n from loom.archived_objects where object = 'table' and table_name = 'temp'`.execute(ctx.test.database.db);
    expect(rows[0].n).toBe(1);
    expect((await ctx.app.inject({ url: '/api/data/temp' })).statusCode).toBe(404);
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
