import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { configFromEnv } from '../app/config.ts';
import { selectedBackends } from '../../test/backends.ts';
import { createTestDatabase, type TestDatabase } from '../../test/test-database.ts';
import { buildServer } from './server.ts';

const INDEX = '<!doctype html><html><body><div id="root"></div><script type="module" src="/app/assets/index-abc123.js"></script></body></html>';

/** A Content-Security-Policy header as its directives and their sources. */
function directives(header: unknown): Record<string, string[]> {
  expect(typeof header).toBe('string');
  return Object.fromEntries(
    (header as string)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...sources]) => [name, sources]),
  );
}

for (const kind of selectedBackends()) {
  describe(`the web app under /app/ [${kind}]`, () => {
    let dir: string;
    let test: TestDatabase;
    let app: FastifyInstance;
    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-ui-'));
      test = await createTestDatabase(kind);
      app = await buildServer({ database: test.database, config: { ...configFromEnv({}), uiDir: dir }, logger: false });
      await app.loom.registry.start();
    });
    afterAll(async () => {
      await app.close();
      await app.loom.registry.stop();
      await test.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('says the app is not built while index.html is missing, and still serves the API', async () => {
      const res = await app.inject({ url: '/app/' });
      expect(res.statusCode).toBe(503);
      expect(directives(res.headers['content-security-policy'])['default-src']).toEqual(["'self'"]);
      // The page has no inline style or script, which the policy would refuse.
      expect(res.body).not.toMatch(/style=|<style|<script/);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).toContain('npm run build -w runtime-ui');
      expect((await app.inject({ url: '/app/customers/list' })).body).toContain('not built');
      expect((await app.inject({ url: '/api/health' })).statusCode).toBe(200);
    });

    it('serves the built files, hashed assets cached for a year, index.html always revalidated', async () => {
      fs.mkdirSync(path.join(dir, 'assets'));
      fs.writeFileSync(path.join(dir, 'index.html'), INDEX);
      fs.writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log("loom")');
      fs.writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
      fs.writeFileSync(path.join(dir, '.env'), 'SECRET=1');

      const index = await app.inject({ url: '/app/' });
      expect(index.statusCode).toBe(200);
      expect(index.headers['content-type']).toContain('text/html');
      expect(index.headers['cache-control']).toBe('no-cache');
      expect(index.body).toBe(INDEX);
      const asset = await app.inject({ url: '/app/assets/index-abc123.js' });
      expect(asset.statusCode).toBe(200);
      expect(asset.headers['content-type']).toContain('javascript');
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(asset.body).toBe('console.log("loom")');
      const icon = await app.inject({ url: '/app/favicon.svg' });
      expect(icon.headers['content-type']).toContain('image/svg+xml');
      expect(icon.headers['cache-control']).toBe('no-cache');
    });

    it('answers index.html for any other path under /app/ (SPA routes), never for /api or hidden files', async () => {
      for (const url of ['/app/views/account.all', '/app/records/account/0190b7a4-0000-7000-8000-000000000001?tab=history', '/app/.env']) {
        const res = await app.inject({ url });
        expect(res.statusCode, url).toBe(200);
        expect(res.body, url).toBe(INDEX);
        expect(res.headers['cache-control'], url).toBe('no-cache');
      }
      expect((await app.inject({ url: '/app/assets/index-old999.js' })).statusCode).toBe(404);
      const escape = await app.inject({ url: '/app/%2e%2e/%2e%2e/etc/passwd' });
      expect([200, 404]).toContain(escape.statusCode);
      expect(escape.body).not.toContain('root:');
      const api = await app.inject({ url: '/api/no/such/route' });
      expect(api.statusCode).toBe(401);
      expect(api.headers['content-type']).toContain('application/problem+json');
    });

    it('sends a strict Content-Security-Policy with every page and file of the app', async () => {
      for (const url of ['/app/', '/app/v/account.all', '/app/assets/index-abc123.js', '/app/assets/index-old999.js']) {
        const policy = directives((await app.inject({ url })).headers['content-security-policy']);
        expect(policy, url).toMatchObject({
          'default-src': ["'self'"],
          'script-src': expect.not.arrayContaining(["'unsafe-inline'"]),
          'style-src': ["'self'"],
          'img-src': ["'self'", 'data:', 'blob:'],
          'object-src': ["'none'"],
          'base-uri': ["'self'"],
          'frame-ancestors': ["'none'"],
          'form-action': ["'self'"],
        });
        // No remote host anywhere: a remote image in rich text loads nothing.
        expect(
          Object.values(policy)
            .flat()
            .filter((source) => /^(https?:|\*)/.test(source)),
          url,
        ).toEqual([]);
      }
      // The API keeps its own, stricter one.
      expect((await app.inject({ url: '/api/health' })).headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    });

    it('leads / and /app to /app/', async () => {
      for (const url of ['/', '/app']) {
        const res = await app.inject({ url });
        expect(res.statusCode, url).toBe(302);
        expect(res.headers.location).toBe('/app/');
      }
    });
  });
}
