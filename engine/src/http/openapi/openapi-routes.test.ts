import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { expect, it } from 'vitest';
import { createTestUser, describeAppOnEachBackend } from '../../../test/test-app.ts';
import { DOCS_ROUTES } from '../docs.plugin.ts';
import { openApiPath } from './route-paths.ts';

const note = {
  kind: 'entity',
  name: 'note',
  label: 'Note',
  titleField: 'title',
  owned: true,
  softDelete: true,
  fields: { title: { type: 'text', required: true } },
};

/**
 * Pages, not API operations: the web app's files and screens (fastify's tree prints `/app/*`
 * as `/app*`) and the API reference page with its script.
 */
const NOT_IN_THE_DOCUMENT = new Set(['GET /', 'GET /app', 'GET /app*', ...DOCS_ROUTES]);
const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

/**
 * Every method and URL fastify serves, read from its own route tree (`printRoutes`), not
 * from the collector the document is built from: each line is a node whose path extends
 * its parent's, with the methods served there.
 */
function servedRoutes(app: FastifyInstance): string[] {
  const routes: string[] = [];
  const prefixes: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([\s│]*)[├└]── (\S+)(?: \(([^)]*)\))?/.exec(line);
    if (!match) continue;
    const depth = match[1].length / 4;
    prefixes[depth] = (depth ? prefixes[depth - 1] : '') + match[2];
    for (const method of match[3]?.split(', ') ?? []) if (method !== 'HEAD') routes.push(`${method} ${prefixes[depth]}`);
  }
  return routes;
}

function operations(doc: any): { key: string; operation: any }[] {
  return Object.entries(doc.paths as Record<string, any>).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({ key: `${m.toUpperCase()} ${path}`, operation: item[m] })),
  );
}

/** The schema with no room for undescribed properties: every object that lists properties lists them all. */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (!schema || typeof schema !== 'object') return schema;
  const copy: Record<string, unknown> = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, k === 'enum' || k === 'const' ? v : closed(v)]));
  if (copy.properties && copy.additionalProperties === undefined) copy.additionalProperties = false;
  return copy;
}

/** An answer's body checked against the schema the document gives for its route and status, every property described. */
function expectDocumented(doc: any, method: string, path: string, answer: { statusCode: number; json(): unknown }) {
  const response = doc.paths[path][method].responses[String(answer.statusCode)];
  expect(response?.content, `${method} ${path} answered ${answer.statusCode}: ${JSON.stringify(answer.json())}`).toBeDefined();
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const validate = ajv.compile(closed(response.content['application/json'].schema) as object);
  expect(validate(answer.json()) ? [] : validate.errors, `${method} ${path}`).toEqual([]);
}

describeAppOnEachBackend('the OpenAPI document and the routes', [note], (ctx) => {
  const documentOf = async () => (await ctx.app.inject('/api/openapi.json')).json();

  it('describes every route fastify serves, the record routes for each entity', async () => {
    const doc = await documentOf();
    const routes = servedRoutes(ctx.app.raw).filter((r) => !NOT_IN_THE_DOCUMENT.has(r));
    expect(routes.length).toBeGreaterThan(40);
    const missing = routes.filter((route) => {
      const [method, url] = route.split(' ');
      const path = openApiPath(url.replace('/api/data/:entity', '/api/data/note'));
      return !doc.paths[path]?.[method.toLowerCase()];
    });
    expect(missing).toEqual([]);
  });

  it('describes only routes that are served', async () => {
    const doc = await documentOf();
    for (const { key } of operations(doc)) {
      const [method, path] = key.split(' ');
      const url = path.replace(/\{([^}]+)\}/g, ':$1').replace(/^\/api\/data\/note(?=\/|$)/, '/api/data/:entity');
      expect(ctx.app.raw.hasRoute({ method, url }), key).toBe(true);
    }
  });

  it('is valid OpenAPI 3.1, every operation named once, tagged, and answering 503 when the database is gone', async () => {
    const doc = await documentOf();
    const result = await new Validator().validate(doc);
    expect(result.errors).toBeUndefined();
    const ids = operations(doc).map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const tags = new Set(doc.tags.map((t: { name: string }) => t.name));
    for (const { key, operation } of operations(doc)) {
      expect(operation.summary, key).toBeTruthy();
      expect(
        operation.tags.every((t: string) => tags.has(t)),
        key,
      ).toBe(true);
      expect(operation.responses['503'], key).toBeDefined();
    }
    expect(doc.paths['/api/auth/me'].get.responses['503']).toEqual({ $ref: '#/components/responses/ServiceUnavailable' });
    expect(doc.components.responses.ServiceUnavailable.content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
  });

  it('documents the answers the routes give, every property of them', async () => {
    const doc = await documentOf();
    const user = await createTestUser(ctx.app, { password: 'correct horse battery staple', admin: true });
    const login = await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: 'correct horse battery staple' } });
    expectDocumented(doc, 'post', '/api/auth/login', login);
    expectDocumented(doc, 'get', '/api/auth/me', await ctx.app.inject({ url: '/api/auth/me', headers: user.headers }));
    const view = await ctx.app.inject({
      method: 'POST',
      url: '/api/me/views',
      headers: user.headers,
      payload: { entity: 'note', name: 'Mine', columns: ['title'] },
    });
    expectDocumented(doc, 'post', '/api/me/views', view);
    expectDocumented(doc, 'get', '/api/me/views', await ctx.app.inject({ url: '/api/me/views', headers: user.headers }));
    expectDocumented(doc, 'get', '/api/users/{id}', await ctx.app.inject({ url: `/api/users/${user.id}` }));
    expectDocumented(doc, 'get', '/api/users', await ctx.app.inject({ url: '/api/users' }));
    expectDocumented(
      doc,
      'post',
      '/api/auth/tokens',
      await ctx.app.inject({ method: 'POST', url: '/api/auth/tokens', headers: user.headers, payload: { name: 'ci' } }),
    );
    expectDocumented(doc, 'get', '/api/auth/tokens', await ctx.app.inject({ url: '/api/auth/tokens', headers: user.headers }));
    expectDocumented(doc, 'get', '/api/health', await ctx.app.inject({ url: '/api/health' }));
    expectDocumented(doc, 'get', '/api/meta', await ctx.app.inject({ url: '/api/meta' }));
    expectDocumented(doc, 'get', '/api/meta/{kind}/{name}', await ctx.app.inject({ url: '/api/meta/entity/note' }));
  });

  it('answers as before: a response schema leaves out no property the route sends', async () => {
    const me = (await ctx.app.inject({ url: `/api/users/${ctx.app.admin.id}` })).json();
    expect(Object.keys(me).sort()).toEqual(['active', 'admin', 'createdAt', 'deactivatedAt', 'email', 'id', 'manager', 'name', 'roles', 'teams', 'updatedAt']);
  });
});
