import { Writable } from 'node:stream';
import { Algorithm, hash } from '@node-rs/argon2';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { createTestUser, describeAppOnEachBackend } from '../../test/test-app.ts';

const roles = [
  { kind: 'role', name: 'viewer', label: 'Viewer' },
  { kind: 'role', name: 'editor', label: 'Editor' },
];

// Everything the server logs in this file, to prove no secret reaches a log line.
const logLines: string[] = [];
const logStream = new Writable({
  write(chunk, _encoding, done) {
    logLines.push(String(chunk));
    done();
  },
});

describeAppOnEachBackend(
  'sign-in, sessions, CSRF and tokens',
  roles,
  (ctx) => {
    const bodies: string[] = [];
    const secrets: string[] = [];
    const shownOnce = new Set<string>();
    let seq = 0;

    /** Every response of this file passes here, so the last test can scan them all. */
    async function call(opts: InjectOptions | string) {
      const res = await ctx.app.inject(opts);
      bodies.push(res.body);
      return res;
    }
    async function person(options: { roles?: string[]; admin?: boolean } = {}) {
      const password = `pw-${Math.random().toString(36).slice(2)}-long`;
      const user = await createTestUser(ctx.app, { email: `p${++seq}@auth.test`, password, ...options });
      secrets.push(password, user.token);
      return { ...user, password };
    }
    async function login(email: string, password: string) {
      const res = await call({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
      const cookie = res.cookies.find((c) => c.name === 'loom_session');
      if (cookie) secrets.push(cookie.value);
      const headers: Record<string, string> = cookie ? { cookie: `loom_session=${cookie.value}` } : {};
      return { res, cookie, headers, csrf: res.statusCode === 200 ? (res.json().csrfToken as string) : '' };
    }
    const asCookie = (s: { headers: Record<string, string>; csrf: string }) => ({ ...s.headers, 'x-csrf-token': s.csrf });

    it('lets only health, OpenAPI and login through without credentials', async () => {
      expect((await call({ url: '/api/health', headers: { cookie: '' } })).statusCode).toBe(200);
      expect((await call({ url: '/api/openapi.json', headers: { cookie: '' } })).statusCode).toBe(200);
      for (const url of [
        '/api/meta',
        '/%61pi/meta',
        '/api/%6Deta',
        '/api/data/thing',
        '/api/auth/me',
        '/api/users',
        '/api/no-such-route',
        '/API/meta',
        '//api/meta',
        '/api/health/',
      ]) {
        const res = await call({ url, headers: { cookie: '' } });
        expect(res.statusCode, url).toBe(401);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.json().code).toBe('LOOM_ERR_AUTH_REQUIRED');
      }
      for (const authorization of ['Bearer loom_nope', 'Bearer', 'Basic YTpi', `Bearer ${ctx.app.admin.token}x`]) {
        expect((await call({ url: '/api/auth/me', headers: { authorization } })).statusCode, authorization).toBe(401);
      }
      expect((await call({ url: '/api/auth/me', headers: { cookie: 'loom_session=forged' } })).statusCode).toBe(401);
    });

    it('signs in with an httpOnly SameSite cookie, answers /me, and signs out', async () => {
      const ann = await person({ roles: ['viewer'] });
      const s = await login(ann.email.toUpperCase(), ann.password);
      expect(s.res.statusCode, s.res.body).toBe(200);
      expect(s.cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
      expect(s.cookie!.secure).toBeFalsy();
      expect(s.res.headers['cache-control']).toBe('no-store');
      expect(s.res.json().user).toEqual({ id: ann.id, email: ann.email, name: expect.any(String), roles: ['viewer'], teams: [], manager: null, admin: false });
      const me = await call({ url: '/api/auth/me', headers: s.headers });
      expect(me.json()).toEqual({ user: s.res.json().user, csrfToken: s.csrf });
      expect((await call({ url: '/api/auth/me', headers: { authorization: `Bearer ${ann.token}` } })).json().csrfToken).toBeNull();
      expect((await call({ method: 'POST', url: '/api/auth/logout', headers: s.headers })).statusCode).toBe(403);
      const out = await call({ method: 'POST', url: '/api/auth/logout', headers: asCookie(s) });
      expect(out.statusCode).toBe(204);
      expect(out.cookies.find((c) => c.name === 'loom_session')?.value).toBe('');
      expect((await call({ url: '/api/auth/me', headers: s.headers })).statusCode).toBe(401);
    });

    it('answers a wrong password, an unknown email and a deactivated user alike', async () => {
      const bob = await person();
      const off = await person();
      await call({ method: 'PATCH', url: `/api/users/${off.id}`, payload: { active: false } });
      const wrong = await login(bob.email, 'not the password');
      const unknown = await login('nobody@auth.test', 'not the password');
      const inactive = await login(off.email, off.password);
      for (const res of [wrong.res, unknown.res, inactive.res]) {
        expect(res.statusCode).toBe(401);
        expect(res.cookies).toEqual([]);
      }
      expect(unknown.res.body).toBe(wrong.res.body);
      expect(inactive.res.body).toBe(wrong.res.body);
      expect((await call({ method: 'POST', url: '/api/auth/login', payload: { email: bob.email } })).statusCode).toBe(400);
      expect((await call({ method: 'POST', url: '/api/auth/login', payload: { email: bob.email, password: bob.password, admin: true } })).statusCode).toBe(400);
    });

    it('requires the CSRF token for cookie writes, and none for bearer tokens', async () => {
      const cat = await person();
      const s = await login(cat.email, cat.password);
      const create = (headers: Record<string, string>) => call({ method: 'POST', url: '/api/auth/tokens', headers, payload: { name: 'ci' } });
      expect((await create(s.headers)).statusCode).toBe(403);
      const wrong = await create({ ...s.headers, 'x-csrf-token': 'x'.repeat(43) });
      expect(wrong.statusCode).toBe(403);
      expect(wrong.json().code).toBe('LOOM_ERR_AUTH_CSRF');
      expect((await call({ url: '/api/auth/tokens', headers: s.headers })).statusCode).toBe(200);
      const made = await create(asCookie(s));
      expect(made.statusCode, made.body).toBe(201);
      const token = made.json().token as string;
      expect(token).toMatch(/^loom_[A-Za-z0-9_-]{43}$/);
      shownOnce.add(made.body);
      secrets.push(token);
      const bearer = { authorization: `Bearer ${token}` };
      const second = await call({
        method: 'POST',
        url: '/api/auth/tokens',
        headers: bearer,
        payload: { name: 'second', expiresAt: new Date(Date.now() + 3600_000).toISOString() },
      });
      expect(second.statusCode).toBe(201);
      shownOnce.add(second.body);
      secrets.push(second.json().token);
      const list = await call({ url: '/api/auth/tokens', headers: bearer });
      expect(list.json().data.map((t: { name: string }) => t.name)).toEqual(['test', 'ci', 'second']);
      expect((await call({ method: 'DELETE', url: `/api/auth/tokens/${made.json().id}`, headers: bearer })).statusCode).toBe(204);
      expect((await call({ url: '/api/auth/me', headers: bearer })).statusCode).toBe(401);
      expect(
        (
          await call({
            method: 'POST',
            url: '/api/auth/tokens',
            headers: { authorization: `Bearer ${cat.token}` },
            payload: { name: 'past', expiresAt: '2000-01-01T00:00:00Z' },
          })
        ).statusCode,
      ).toBe(400);
    });

    it('ends sessions and tokens at once on deactivation, password change and role removal', async () => {
      const dee = await person({ roles: ['viewer', 'editor'] });
      const alive = async (s: { headers: Record<string, string> }) => [
        (await call({ url: '/api/auth/me', headers: s.headers })).statusCode,
        (await call({ url: '/api/auth/me', headers: { authorization: `Bearer ${dee.token}` } })).statusCode,
      ];
      const patch = (payload: object) => call({ method: 'PATCH', url: `/api/users/${dee.id}`, payload });
      let s = await login(dee.email, dee.password);
      expect(await alive(s)).toEqual([200, 200]);
      expect((await patch({ name: 'Dee' })).statusCode).toBe(200);
      expect(await alive(s)).toEqual([200, 200]);
      await patch({ roles: ['viewer'] });
      expect(await alive(s)).toEqual([401, 401]);
      const renew = async () => {
        const made = await call({ method: 'POST', url: `/api/users/${dee.id}/tokens`, payload: { name: 'again' } });
        shownOnce.add(made.body);
        dee.token = made.json().token;
        secrets.push(dee.token);
        return login(dee.email, dee.password);
      };
      s = await renew();
      expect((await patch({ active: false })).statusCode).toBe(200);
      expect(await alive(s)).toEqual([401, 401]);
      await patch({ active: true });
      expect(await alive(s)).toEqual([401, 401]);
      s = await renew();
      const newPassword = 'a brand new password';
      secrets.push(newPassword);
      await patch({ password: newPassword });
      expect(await alive(s)).toEqual([401, 401]);
      expect((await login(dee.email, dee.password)).res.statusCode).toBe(401);
      dee.password = newPassword;
      expect((await login(dee.email, newPassword)).res.statusCode).toBe(200);
    });

    it('changes one’s own password: every other session and token ends, this browser stays signed in', async () => {
      const eve = await person();
      const other = await login(eve.email, eve.password);
      const s = await login(eve.email, eve.password);
      const change = (currentPassword: string, password: string) =>
        call({ method: 'POST', url: '/api/auth/password', headers: asCookie(s), payload: { currentPassword, password } });
      expect((await change('wrong password', 'whatever long one')).json().errors[0].path).toBe('/currentPassword');
      expect((await change(eve.password, 'short')).statusCode).toBe(400);
      const next = 'eve has a new password';
      secrets.push(next);
      const res = await change(eve.password, next);
      expect(res.statusCode, res.body).toBe(200);
      const fresh = res.cookies.find((c) => c.name === 'loom_session')!;
      secrets.push(fresh.value);
      expect((await call({ url: '/api/auth/me', headers: { cookie: `loom_session=${fresh.value}` } })).json().csrfToken).toBe(res.json().csrfToken);
      for (const headers of [other.headers, s.headers, { authorization: `Bearer ${eve.token}` }])
        expect((await call({ url: '/api/auth/me', headers })).statusCode).toBe(401);
    });

    it('keeps the event loop free while argon2 works: 50 health checks finish before 5 logins do', async () => {
      const fay = await person();
      // A costlier hash of the same password (verification cost comes from the stored hash), so a
      // login that blocked the event loop would visibly hold up the health checks.
      const slow = await hash(fay.password, { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 120, parallelism: 1 });
      await sql`update loom.users set password_hash = ${slow} where id = ${fay.id}::uuid`.execute(ctx.test.database.db);
      const clock = performance.now();
      expect((await login(fay.email, fay.password)).res.statusCode).toBe(200);
      const oneLogin = performance.now() - clock;

      const started = performance.now();
      const loginsDone: number[] = [];
      const logins = Array.from({ length: 5 }, () => login(fay.email, fay.password).then((s) => (loginsDone.push(performance.now() - started), s)));
      // Let the logins reach argon2 first (a blocked event loop would hold up this timer too).
      await new Promise((resolve) => setTimeout(resolve, 20));
      const healthDone: number[] = [];
      await Promise.all(
        Array.from({ length: 50 }, async () => {
          expect((await call('/api/health')).statusCode).toBe(200);
          healthDone.push(performance.now() - started);
        }),
      );
      for (const s of await Promise.all(logins)) expect(s.res.statusCode).toBe(200);
      // With hashing on the event loop the checks would wait for the hashes of all five logins.
      expect(Math.max(...healthDone)).toBeLessThan(Math.min(...loginsDone));
      expect(Math.max(...healthDone)).toBeLessThan(oneLogin);
    });

    it('never shows a password, token or hash in a response body or a log line', async () => {
      ctx.app.raw.log.info({ password: 'log-call-password', token: 'log-call-token', headers: { authorization: 'Bearer log-call-header' } }, 'redaction probe');
      const log = logLines.join('');
      expect(log).toContain('redaction probe');
      expect(log).toContain('[redacted]');
      expect(log).toContain('/api/auth/login');
      for (const secret of [...secrets, ctx.app.admin.token, 'log-call-password', 'log-call-token', 'log-call-header', '$argon2']) {
        expect(log.includes(secret), 'a log line holds a secret').toBe(false);
        for (const body of bodies) {
          if (shownOnce.has(body) && body.includes(secret)) continue;
          expect(body.includes(secret), `a response holds a secret: ${body.slice(0, 200)}`).toBe(false);
        }
      }
      expect(secrets.length).toBeGreaterThan(20);
      expect(bodies.length).toBeGreaterThan(50);
    });
  },
  { logger: { level: 'trace', stream: logStream }, loginAttemptsPerMinute: 100 },
);

describeAppOnEachBackend('login rate limit', [], (ctx) => {
  it('allows 10 attempts a minute per address and email, then answers 429 problem+json', async () => {
    const password = 'the right password';
    const gus = await createTestUser(ctx.app, { email: 'gus@auth.test', password });
    const attempt = (email: string, pw: string) => ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: pw } });
    for (let i = 0; i < 10; i++) expect((await attempt(gus.email, 'wrong password')).statusCode).toBe(401);
    const limited = await attempt('GUS@auth.test', password);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.headers['retry-after']).toBeDefined();
    expect(limited.json()).toMatchObject({ status: 429, code: 'LOOM_ERR_AUTH_RATE_LIMITED' });
    expect((await attempt('someone.else@auth.test', 'wrong password')).statusCode).toBe(401);
  });
});

// Moved forward by the tests below, to end a window without waiting for it.
let clockOffset = 0;
const movableClock = () => new Date(Date.now() + clockOffset);

describeAppOnEachBackend(
  'failed sign-ins per address (password spraying)',
  [],
  (ctx) => {
    const from = (remoteAddress: string, email: string, password: string) =>
      ctx.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, payload: { email, password } });

    it('answers 429 with Retry-After once one address has failed 20 times across 30 emails, while another address signs in', async () => {
      const password = 'the right password';
      const hal = await createTestUser(ctx.app, { email: 'hal@auth.test', password });
      const sprayer = '203.0.113.7';
      const answers = [];
      for (let i = 1; i <= 30; i++) answers.push(await from(sprayer, `person${i}@auth.test`, 'Spring2026!'));
      expect(answers.slice(0, 20).map((a) => a.statusCode)).toEqual(Array(20).fill(401));
      for (const limited of answers.slice(20)) {
        expect(limited.statusCode).toBe(429);
        expect(limited.headers['content-type']).toContain('application/problem+json');
        expect(limited.json()).toMatchObject({
          status: 429,
          code: 'LOOM_ERR_AUTH_RATE_LIMITED',
          detail: expect.stringContaining('failed sign-ins from this address'),
        });
        const retryAfter = Number(limited.headers['retry-after']);
        expect(retryAfter).toBeGreaterThan(14 * 60);
        expect(retryAfter).toBeLessThanOrEqual(15 * 60);
      }
      // Not even the right password gets through from there, and another address is not held up.
      expect((await from(sprayer, hal.email, password)).statusCode).toBe(429);
      expect((await from('198.51.100.4', hal.email, password)).statusCode).toBe(200);
      // When the window ends, the address may try again.
      clockOffset += 15 * 60_000;
      expect((await from(sprayer, hal.email, password)).statusCode).toBe(200);
    });

    it('counts an IPv6 client by its /64, and an IPv4-mapped address as its IPv4', async () => {
      for (let i = 1; i <= 20; i++) expect((await from(`2001:db8:1:2::${i.toString(16)}`, `v6-${i}@auth.test`, 'wrong')).statusCode).toBe(401);
      expect((await from('2001:db8:1:2:ffff::1', 'v6@auth.test', 'wrong')).statusCode).toBe(429);
      expect((await from('2001:db8:1:3::1', 'v6@auth.test', 'wrong')).statusCode).toBe(401);
      for (let i = 1; i <= 20; i++) await from('192.0.2.9', `v4-${i}@auth.test`, 'wrong');
      expect((await from('::ffff:192.0.2.9', 'v4@auth.test', 'wrong')).statusCode).toBe(429);
    });

    it('never counts a database fault as a failed sign-in', async () => {
      const password = 'the right password';
      const ivy = await createTestUser(ctx.app, { email: 'ivy@auth.test', password });
      const db = ctx.test.database.db;
      const address = '203.0.113.50';
      await sql`alter table loom.users rename to users_away`.execute(db);
      try {
        for (let i = 0; i < 25; i++) {
          const res = await from(address, `fault${i}@auth.test`, 'wrong');
          expect(res.statusCode).toBeGreaterThanOrEqual(500);
        }
      } finally {
        await sql`alter table loom.users_away rename to users`.execute(db);
      }
      expect((await from(address, ivy.email, password)).statusCode).toBe(200);
    });
  },
  { clock: movableClock },
);
