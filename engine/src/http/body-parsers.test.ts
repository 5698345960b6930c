import { expect, it } from 'vitest';
import { describeAppOnEachBackend } from '../../test/test-app.ts';

const note = { kind: 'entity', name: 'note', label: { en: 'Note' }, titleField: 'title', fields: { title: { type: 'text', required: true } } };

describeAppOnEachBackend('request bodies', [note], (ctx) => {
  it('accepts a DELETE that says application/json but sends no body, as many clients do', async () => {
    const made = await ctx.app.inject({ method: 'POST', url: '/api/data/note', payload: { title: 'to go' } });
    expect(made.statusCode, made.body).toBe(201);
    const del = await ctx.app.inject({ method: 'DELETE', url: `/api/data/note/${made.json().id}`, headers: { 'content-type': 'application/json' } });
    expect(del.statusCode, del.body).toBe(204);
    expect((await ctx.app.inject({ url: `/api/data/note/${made.json().id}` })).statusCode).toBe(404);
  });

  it('still refuses an empty JSON body where a body is expected', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/data/note', payload: '', headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toBe('The JSON body is empty.');
  });

  it('answers 415 with problem+json asking for JSON to a text/plain body, writing nothing', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/data/note', payload: '{"title":"plain"}', headers: { 'content-type': 'text/plain' } });
    expect(res.statusCode, res.body).toBe(415);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({
      status: 415,
      code: 'LOOM_ERR_HTTP_MEDIA_TYPE',
      detail: expect.stringContaining('Send JSON (Content-Type: application/json)'),
    });
    expect((await ctx.app.inject({ url: '/api/data/note?count=true' })).json().total).toBe(0);
  });

  it('still refuses __proto__ in a JSON body', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/data/note',
      payload: '{"title":"x","__proto__":{"admin":true}}',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(400);
  });
});
