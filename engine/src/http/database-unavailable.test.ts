import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../app/config.ts';
import { createApiToken } from '../auth/api-tokens.ts';
import { createUser } from '../auth/users-repo.ts';
import { selectedBackends } from '../../test/backends.ts';
import { createTestDatabase, type TestDatabase } from '../../test/test-database.ts';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { buildServer } from './server.ts';
import { PROBE_TIMEOUT_MS } from './database-probe.ts';

const noteEntity = { kind: 'entity', name: 'note', label: 'Note', titleField: 'title', fields: { title: { type: 'text', required: true } } };

/**
 * The database as a request meets it when its connection is lost: every statement fails
 * with the error node-postgres gives (or, `hang`, never answers), until `restore`.
 */
class Outage {
  #fault: (() => Error) | 'hang' | undefined;
  #waiting: (() => void)[] = [];

  fail(fault: () => Error) {
    this.#fault = fault;
  }
  hang() {
    this.#fault = 'hang';
  }
  restore() {
    this.#fault = undefined;
    for (const go of this.#waiting.splice(0)) go();
  }

  readonly plugin: KyselyPlugin = {
    transformQuery: (args) => {
      // Thrown before the statement is sent, as a connection error is before it is answered.
      if (this.#fault && this.#fault !== 'hang') throw this.#fault();
      return args.node;
    },
    transformResult: async (args) => {
      if (this.#fault === 'hang') await new Promise<void>((resolve) => this.#waiting.push(resolve));
      return args.result;
    },
  };
}

/** The health answer's schema for a status, as `/api/openapi.json` describes it (anonymously: no database needed). */
async function documentedHealth(app: FastifyInstance, status: 200 | 503) {
  const schema = (await app.inject('/api/openapi.json')).json().paths['/api/health'].get.responses[String(status)].content['application/json'].schema;
  return new Ajv2020({ strict: false }).compile(schema);
}

const terminated = () => Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01', severity: 'FATAL' });
const ended = () => new Error('Connection terminated unexpectedly');

for (const kind of selectedBackends()) {
  describe(`a lost database connection [${kind}]`, () => {
    let test: TestDatabase;
    let app: FastifyInstance;
    let filesDir: string;
    const outage = new Outage();
    let bearer: Record<string, string>;
    let session: Record<string, string>;
    const password = 'outage-test-password';

    beforeAll(async () => {
      test = await createTestDatabase(kind);
      filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-files-'));
      // Every part of the server (auth, records, metadata, people, health) reads through this handle.
      const database = { ...test.database, db: test.database.db.withPlugin(outage.plugin) };
      app = await buildServer({ database, config: { ...configFromEnv({}), filesDir }, logger: false });
      await app.loom.registry.start();
      await app.loom.registry.publish([{ put: noteEntity, pointer: '/documents/0' }]);
      const admin = await createUser(test.database.db, { email: 'outage-admin@loom.test', name: 'Outage Admin', admin: true, password });
      const { token } = await createApiToken(test.database.db, admin.id, { name: 'tests' });
      bearer = { authorization: `Bearer ${token}` };
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'outage-admin@loom.test', password } });
      expect(login.statusCode, login.body).toBe(200);
      const cookie = login.cookies.find((c) => c.name === 'loom_session')!.value;
      session = { cookie: `loom_session=${cookie}`, 'x-csrf-token': login.json().csrfToken };
    });
    afterAll(async () => {
      outage.restore();
      await app?.close();
      await app?.loom.registry.stop();
      await test?.dispose();
      fs.rmSync(filesDir, { force: true, recursive: true });
    });

    const requests = (): [string, InjectOptions][] => [
      ['token check, then a list', { url: '/api/data/note', headers: bearer }],
      ['session check, then a create', { method: 'POST', url: '/api/data/note', payload: { title: 'lost' }, headers: session }],
      ['session check for who am I', { url: '/api/auth/me', headers: session }],
      ['token check for metadata', { url: '/api/meta', headers: bearer }],
      ['token check for people', { url: '/api/users', headers: bearer }],
      ['sign-in', { method: 'POST', url: '/api/auth/login', payload: { email: 'outage-admin@loom.test', password } }],
    ];

    it('answers 503 with Retry-After on every route, never 401 or 500, and health says the database is down', async () => {
      for (const fault of [terminated, ended]) {
        outage.fail(fault);
        for (const [what, request] of requests()) {
          const res = await app.inject(request);
          expect(res.statusCode, `${what}: ${res.body}`).toBe(503);
          expect(res.headers['retry-after'], what).toBe('1');
          expect(res.headers['content-type'], what).toContain('application/problem+json');
          expect(res.json(), what).toMatchObject({ status: 503, code: 'LOOM_ERR_DB_UNAVAILABLE', title: 'Database unavailable' });
          expect(res.json().detail, what).toMatch(/connection to the database was lost.*rolled back/);
        }
        const health = await app.inject('/api/health');
        expect(health.statusCode).toBe(503);
        expect(health.json()).toMatchObject({ status: 'unavailable', database: kind });
        expect((await documentedHealth(app, 503))(health.json()), 'the 503 health answer is the one the OpenAPI document describes').toBe(true);
      }
      outage.restore();
      const health = await app.inject('/api/health');
      expect(health.statusCode, health.body).toBe(200);
      expect(health.json()).toMatchObject({ status: 'ok', database: kind });
      expect((await documentedHealth(app, 200))(health.json())).toBe(true);
      // The session and the token outlived the outage: nobody was signed out by it.
      expect((await app.inject({ url: '/api/auth/me', headers: session })).statusCode).toBe(200);
      expect((await app.inject({ url: '/api/data/note', headers: bearer })).json().data).toEqual([]);
    });

    it('health answers "down" in time while the database does not answer at all, and ok once it does', async () => {
      outage.hang();
      const started = Date.now();
      const health = await app.inject('/api/health');
      expect(health.statusCode).toBe(503);
      expect(health.json()).toMatchObject({ status: 'unavailable', database: kind, detail: expect.stringContaining('does not answer') });
      expect(Date.now() - started).toBeLessThan(PROBE_TIMEOUT_MS + 1_000);
      outage.restore();
      expect((await app.inject('/api/health')).statusCode).toBe(200);
    });
  });
}
