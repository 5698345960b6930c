import { expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { TestServer } from '../test-app.ts';
import { createTestUser } from '../test-app.ts';
import { describeWorld, ROLES, send, type World } from './crm-world.ts';

/**
 * Sessions and headers as an attacker probes them, through the real routes: the session
 * cookie, what ends a session or a token, the CSRF check on every route that changes
 * anything, the headers of every /api answer, and what an error answer gives away. The
 * routes come from the server's own route table, so a new route is probed unwritten.
 */

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const MISSING = '0190e0e0-0000-7000-8000-00000000dead';
type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Every /api route with its methods, read from fastify's route tree (`printRoutes`). */
function apiRoutes(app: TestServer): { path: string; methods: Method[] }[] {
  const stack: string[] = [];
  const routes: { path: string; methods: Method[] }[] = [];
  for (const line of app.raw.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+)(?: \(([^)]*)\))?/.exec(line);
    if (!match) continue;
    const depth = [...match[1]].length / 4;
    stack.length = depth;
    stack.push(match[2]);
    const full = stack.join('').replace(/\/+/g, '/');
    if (match[3] && full.startsWith('/api')) routes.push({ path: full, methods: match[3].split(', ') as Method[] });
  }
  return routes;
}

/** A URL for the route: parameters filled with names and ids that exist nowhere, so no probe changes a thing. */
function probeUrl(route: string): string {
  return route
    .replace(/:(\w+)/g, (_, name: string) => ({ entity: 'customer', kind: 'entity', name: 'noSuchThing', relation: 'contact.customer' })[name] ?? MISSING)
    .replace(/\*$/, 'x');
}

/** What an error answer must never show: a stack frame, a source path, SQL or the database's own words. */
const LEAKS = [
  /\n\s+at /,
  /\.(ts|js):\d+/,
  /node_modules/,
  /\bselect\b[\s\S]*\bfrom\b/i,
  /\binsert into\b/i,
  /\bsyntax error\b/i,
  /\brelation "/i,
  /\bcolumn "/i,
  /violates/i,
  /postgres/i,
  /pglite/i,
  /\bkysely\b/i,
  /invalid input syntax/i,
  /out of range for type/i,
];

function expectClean(res: LightMyRequestResponse, what: string) {
  expect(res.statusCode, `${what}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
  expect(res.headers['x-content-type-options'], what).toBe('nosniff');
  expect(res.headers['x-powered-by'], what).toBeUndefined();
  if (res.statusCode >= 400) for (const leak of LEAKS) expect(leak.test(res.body), `${what} shows ${leak}: ${res.body.slice(0, 300)}`).toBe(false);
}

let seq = 0;

/** Whether a string can go in a URL as UTF-8 (a lone surrogate cannot; it is sent in bodies only). */
const encodable = (value: string) => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value);

/** A salesperson of the world's first team who signs in with a password. */
async function signedInPerson(w: World) {
  const password = `pw-${Math.random().toString(36).slice(2)}-long enough`;
  const user = await createTestUser(w.app, { email: `attacked${++seq}.${w.kind}@crm.test`, password, roles: ROLES.salesA, teams: ['east'] });
  return { ...user, password, login: () => login(w.app, user.email, password) };
}

async function login(app: TestServer, email: string, password: string) {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = res.cookies.find((c) => c.name === 'loom_session')!;
  const headers = { cookie: `loom_session=${cookie.value}` };
  return { res, cookie, headers, csrf: res.json().csrfToken as string, write: { ...headers, 'x-csrf-token': res.json().csrfToken as string } };
}

describeWorld('adversarial: sessions and headers', (world) => {
  it('the session cookie is HttpOnly, SameSite and scoped to the site; its value is nowhere in the body', async () => {
    const w = world();
    const ann = await signedInPerson(w);
    const s = await ann.login();
    const header = [s.res.headers['set-cookie']].flat().find((c) => c!.startsWith('loom_session='))!;
    expect(header).toMatch(/;\s*HttpOnly/i);
    expect(header).toMatch(/;\s*SameSite=(Lax|Strict)/i);
    expect(header).toMatch(/;\s*Path=\//i);
    expect(header).not.toMatch(/;\s*Domain=/i);
    expect(s.cookie.value.length).toBeGreaterThanOrEqual(32);
    expect(s.res.body.includes(s.cookie.value)).toBe(false);
    expect(s.res.headers['cache-control']).toBe('no-store');
    // A cookie nobody issued, or one a character off, reads nothing.
    for (const forged of ['x', s.cookie.value.slice(0, -1), `${s.cookie.value}x`, s.csrf]) {
      expect((await w.app.inject({ url: '/api/data/customer', headers: { cookie: `loom_session=${forged}` } })).statusCode, forged).toBe(401);
    }
  });

  it('after logout the old cookie is 401 everywhere, reads and writes alike', async () => {
    const w = world();
    const bob = await signedInPerson(w);
    const s = await bob.login();
    const other = await bob.login();
    expect((await w.app.inject({ url: '/api/data/customer', headers: s.headers })).statusCode).toBe(200);
    expect((await w.app.inject({ method: 'POST', url: '/api/auth/logout', headers: s.write })).statusCode).toBe(204);
    for (const res of [
      await w.app.inject({ url: '/api/auth/me', headers: s.headers }),
      await w.app.inject({ url: '/api/data/customer', headers: s.headers }),
      await w.app.inject({ method: 'POST', url: '/api/data/task', headers: s.write, payload: { title: 'after logout' } }),
      await w.app.inject({ method: 'POST', url: '/api/auth/logout', headers: s.write }),
    ]) {
      expect(res.statusCode, res.body).toBe(401);
      expect(res.json().code).toBe('LOOM_ERR_AUTH_REQUIRED');
    }
    // Signing out one browser leaves the person's other sessions alone.
    expect((await w.app.inject({ url: '/api/data/customer', headers: other.headers })).statusCode).toBe(200);
  });

  it('after a password change every other session and every token is 401; a reset by the administrator ends them all', async () => {
    const w = world();
    const cat = await signedInPerson(w);
    const a = await cat.login();
    const b = await cat.login();
    const next = 'a different password, long enough';
    const changed = await w.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: a.write,
      payload: { currentPassword: cat.password, password: next },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const fresh = changed.cookies.find((c) => c.name === 'loom_session')!;
    for (const headers of [a.headers, b.headers, cat.headers]) {
      expect((await w.app.inject({ url: '/api/data/customer', headers })).statusCode).toBe(401);
    }
    expect((await w.app.inject({ url: '/api/data/customer', headers: { cookie: `loom_session=${fresh.value}` } })).statusCode).toBe(200);
    expect((await w.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: cat.email, password: cat.password } })).statusCode).toBe(401);

    const c = await login(w.app, cat.email, next);
    expect((await w.app.inject({ method: 'PATCH', url: `/api/users/${cat.id}`, payload: { password: 'reset by the administrator' } })).statusCode).toBe(200);
    for (const headers of [c.headers, { cookie: `loom_session=${fresh.value}` }])
      expect((await w.app.inject({ url: '/api/auth/me', headers })).statusCode).toBe(401);
  });

  it("a cookie request to any route that changes data is 403 without the CSRF token, with a wrong one, or with another session's", async () => {
    const w = world();
    // An administrator's session: were the CSRF check missing, every one of these would be allowed.
    const password = 'an administrator password, long';
    const root = await createTestUser(w.app, { email: `root.${w.kind}@crm.test`, password, admin: true });
    const s = await login(w.app, root.email, password);
    const other = await login(w.app, root.email, password);
    const [customer] = await w.records('customer');
    const before = (await send(w.app, 'GET', `/api/data/customer/${customer.id}`)).json();
    const realUrl = (route: string) =>
      route.replace(
        /:(\w+)/g,
        (_, name: string) =>
          ({
            entity: 'customer',
            id: route.startsWith('/api/users') ? root.id : (customer.id as string),
            kind: 'entity',
            name: 'customer',
            relation: 'contact.customer',
          })[name] ?? MISSING,
      );
    let probed = 0;
    for (const route of apiRoutes(w.app)) {
      for (const method of route.methods.filter((m) => UNSAFE.has(m))) {
        if (route.path === '/api/auth/login') continue;
        const url = realUrl(route.path);
        for (const headers of [
          s.headers,
          { ...s.headers, 'x-csrf-token': 'x'.repeat(43) },
          { ...s.headers, 'x-csrf-token': other.csrf },
          { ...s.headers, 'x-csrf-token': '' },
        ]) {
          // A cross-site form posts text/plain; a script, JSON.
          for (const [type, payload] of [
            ['application/json', '{}'],
            ['text/plain', 'a=1'],
          ]) {
            const res = await w.app.inject({ method, url, headers: { ...headers, 'content-type': type }, payload });
            expect(res.statusCode, `${method} ${url} (${type}) without a right CSRF token: ${res.body}`).toBe(403);
            expect(res.json().code).toBe('LOOM_ERR_AUTH_CSRF');
            probed++;
          }
        }
      }
    }
    expect(probed).toBeGreaterThan(100);
    const after = (await send(w.app, 'GET', `/api/data/customer/${customer.id}`)).json();
    expect(after).toEqual(before);
    expect((await w.app.inject({ url: '/api/meta/entity/customer', headers: s.headers })).statusCode).toBe(200);
    // The session survived every probe, and with its own token it writes.
    const made = await w.app.inject({ method: 'POST', url: '/api/auth/tokens', headers: s.write, payload: { name: 'csrf control' } });
    expect(made.statusCode, made.body).toBe(201);
  });

  it('a bearer token is 401 once revoked, by its owner or by the administrator; nobody else can revoke it', async () => {
    const w = world();
    const dee = await signedInPerson(w);
    const mine = async () => {
      const res = await w.app.inject({ method: 'POST', url: '/api/auth/tokens', headers: dee.headers, payload: { name: `t${++seq}` } });
      expect(res.statusCode, res.body).toBe(201);
      return { id: res.json().id as string, headers: { authorization: `Bearer ${res.json().token}` } };
    };
    const t1 = await mine();
    const t2 = await mine();
    expect((await w.app.inject({ url: '/api/data/customer', headers: t1.headers })).statusCode).toBe(200);
    // Another user naming the token id revokes nothing: to them it does not exist.
    const stranger = await w.app.inject({ method: 'DELETE', url: `/api/auth/tokens/${t1.id}`, headers: w.users.salesB.headers });
    expect(stranger.statusCode, stranger.body).toBe(404);
    expect((await w.app.inject({ method: 'DELETE', url: `/api/users/${dee.id}/tokens/${t1.id}`, headers: w.users.manager.headers })).statusCode).toBe(403);
    expect((await w.app.inject({ url: '/api/data/customer', headers: t1.headers })).statusCode).toBe(200);

    expect((await w.app.inject({ method: 'DELETE', url: `/api/auth/tokens/${t1.id}`, headers: t1.headers })).statusCode).toBe(204);
    expect((await w.app.inject({ method: 'DELETE', url: `/api/users/${dee.id}/tokens/${t2.id}` })).statusCode).toBe(204);
    for (const t of [t1, t2]) {
      for (const [method, url] of [
        ['GET', '/api/data/customer'],
        ['GET', '/api/auth/me'],
        ['POST', '/api/auth/tokens'],
      ] as const) {
        const res = await w.app.inject({ method, url, headers: t.headers, payload: method === 'POST' ? { name: 'again' } : undefined });
        expect(res.statusCode, `${method} ${url} with a revoked token: ${res.body}`).toBe(401);
      }
    }
    // A revoked token with a cookie beside it is still judged by the token alone.
    const s = await dee.login();
    expect((await w.app.inject({ url: '/api/auth/me', headers: { ...t1.headers, ...s.headers } })).statusCode).toBe(401);
  });

  it('every /api answer, to anyone, carries nosniff and no x-powered-by, and no error shows a stack or SQL', async () => {
    const w = world();
    const routes = apiRoutes(w.app);
    expect(routes.length).toBeGreaterThan(20);
    let answers = 0;
    for (const route of routes) {
      for (const method of route.methods) {
        const url = probeUrl(route.path);
        for (const [who, headers] of [
          ['nobody', { cookie: '' }],
          ['salesA', w.users.salesA.headers],
          ['admin', w.app.admin.headers],
        ] as const) {
          // The administrator is sent reads only: an empty write as administrator could still change things.
          if (who === 'admin' && UNSAFE.has(method)) continue;
          const res = await w.app.inject({ method, url, headers, payload: UNSAFE.has(method) ? {} : undefined });
          expectClean(res, `${who} ${method} ${url}`);
          answers++;
        }
      }
    }
    for (const url of [
      '/api',
      '/api/',
      '/api/no/such/route',
      '/%61pi/data/customer',
      '/api/data/customer?q=%ED%A0%80',
      '/api/data/customer/%ZZ',
      '/api/data/customer/%C0%AF',
      '/app/%ZZ',
    ]) {
      for (const headers of [{ cookie: '' }, w.users.salesA.headers]) {
        expectClean(await w.app.inject({ url, headers }), `GET ${url}`);
        answers++;
      }
    }
    expect(answers).toBeGreaterThan(80);
  });

  it('bad requests of every kind, to every entity, answer a 4xx problem that shows no stack trace and no SQL', async () => {
    const w = world();
    const { salesA } = w.users;
    const hostile = [
      "'; drop table loom.users; --",
      '\u0000',
      'a\u0000b',
      '\ud800',
      '𝕏'.repeat(3000),
      '1e400',
      '-0',
      'NaN',
      '9'.repeat(400),
      '2026-02-30',
      '+275760-09-13T00:00:00Z',
      '0000-00-00',
    ];
    const json = (url: string, method: Method, payload: string, extra: Record<string, string> = {}) =>
      w.app.inject({ method, url, payload, headers: { ...salesA.headers, 'content-type': 'application/json', ...extra } });
    // The values that reach a column's own type check in the database, for every field.
    const FIELD_HOSTILE = ["'; drop table loom.users; --", 'a\u0000b', '\ud800', '9'.repeat(400), '1e400', '2026-02-30', '+275760-09-13T00:00:00Z'];
    let answers = 0;
    for (const entity of w.model.entities.values()) {
      const base = `/api/data/${entity.name}`;
      const probes: [string, () => Promise<LightMyRequestResponse>][] = [
        ['malformed JSON', () => json(base, 'POST', '{"a":')],
        ['a JSON null', () => json(base, 'POST', 'null')],
        ['deep JSON', () => json(base, 'POST', '['.repeat(5000) + ']'.repeat(5000))],
        ['wrong type', () => w.app.inject({ method: 'POST', url: base, payload: '<x/>', headers: { ...salesA.headers, 'content-type': 'application/xml' } })],
        ['a bad id', () => w.app.inject({ url: `${base}/${encodeURIComponent("1' or '1'='1")}`, headers: salesA.headers })],
        ['a PATCH of a bad id', () => json(`${base}/${MISSING.slice(0, -1)}g`, 'PATCH', '{}')],
      ];
      for (const value of hostile.filter(encodable)) {
        probes.push([
          `q=${JSON.stringify(value).slice(0, 40)}`,
          () => w.app.inject({ url: `${base}?q=${encodeURIComponent(value)}`, headers: salesA.headers }),
        ]);
        probes.push([
          `sort ${JSON.stringify(value).slice(0, 40)}`,
          () => w.app.inject({ url: `${base}?sort=${encodeURIComponent(value)}`, headers: salesA.headers }),
        ]);
      }
      // Every field, given every hostile value: the database's own refusals must not reach the answer.
      for (const field of entity.fieldList) {
        if (field.system) continue;
        for (const value of [...FIELD_HOSTILE, 1e308, 2 ** 63, { $gt: 1 }, [MISSING]]) {
          probes.push([`${field.name}=${JSON.stringify(value).slice(0, 40)}`, () => json(base, 'POST', JSON.stringify({ [field.name]: value }))]);
          if (field.column && typeof value === 'string') {
            const filter = encodeURIComponent(JSON.stringify({ '==': [{ var: field.name }, value] }));
            probes.push([
              `filter ${field.name}==${JSON.stringify(value).slice(0, 40)}`,
              () => w.app.inject({ url: `${base}?filter=${filter}`, headers: salesA.headers }),
            ]);
          }
        }
      }
      for (const [what, probe] of probes) {
        const res = await probe();
        expectClean(res, `${entity.name}: ${what}`);
        answers++;
      }
    }
    expect(answers).toBeGreaterThan(1000);
    // Thousands of requests, growing with the pack's fields.
  }, 180_000);
});
