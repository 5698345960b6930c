import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { createApiToken } from '../src/auth/api-tokens.ts';
import { createUser } from '../src/auth/users-repo.ts';
import type { DatabaseKind } from '../src/db/database.ts';
import { buildServer, type ServerOptions } from '../src/http/server.ts';
import { configFromEnv } from '../src/app/config.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

/**
 * The server as tests drive it: `inject` sends the test administrator's bearer token
 * unless the call brings its own Authorization header or cookie; `raw` is the fastify
 * instance itself (no default credentials).
 */
export interface TestServer {
  inject(opts: InjectOptions | string): Promise<LightMyRequestResponse>;
  readonly loom: FastifyInstance['loom'];
  readonly raw: FastifyInstance;
  /** The administrator every test app starts with, and its API token. */
  readonly admin: { readonly id: string; readonly token: string; readonly headers: Record<string, string> };
}

export interface TestApp {
  app: TestServer;
  test: TestDatabase;
  close(): Promise<void>;
}

export type TestServerOptions = Partial<Pick<ServerOptions, 'logger' | 'clock' | 'sessionPolicy' | 'loginAttemptsPerMinute'>>;

/** A Loom server on its own fresh database, driven with `app.inject` (real HTTP handling, no socket). */
export async function startTestApp(kind: DatabaseKind, documents: unknown[] = [], options: TestServerOptions = {}): Promise<TestApp> {
  const test = await createTestDatabase(kind);
  const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-files-'));
  const config = { ...configFromEnv({}), filesDir };
  const raw = await buildServer({ database: test.database, config, logger: false, ...options });
  await raw.loom.registry.start();
  if (documents.length) await raw.loom.registry.publish(documents.map((d, i) => ({ put: d, pointer: `/documents/${i}` })));
  // No password: the test administrator acts through its token only, and no argon2 time is spent.
  const admin = await createUser(test.database.db, { email: 'test-admin@loom.test', name: 'Test Admin', admin: true });
  const { token } = await createApiToken(test.database.db, admin.id, { name: 'tests' });
  return {
    app: testServer(raw, { id: admin.id, token, headers: { authorization: `Bearer ${token}` } }),
    test,
    async close() {
      await raw.close();
      await raw.loom.registry.stop();
      await test.dispose();
      fs.rmSync(filesDir, { recursive: true, force: true });
    },
  };
}

function testServer(raw: FastifyInstance, admin: TestServer['admin']): TestServer {
  return {
    raw,
    admin,
    get loom() {
      return raw.loom;
    },
    inject(opts) {
      const options: InjectOptions = typeof opts === 'string' ? { url: opts } : opts;
      const headers = options.headers ?? {};
      const own = Object.keys(headers).some((h) => ['authorization', 'cookie'].includes(h.toLowerCase())) || options.cookies !== undefined;
      return raw.inject(own ? options : { ...options, headers: { ...headers, ...admin.headers } });
    },
  };
}

export interface TestUserOptions {
  email?: string;
  name?: string;
  roles?: string[];
  /** Team names; teams that do not exist yet are created. */
  teams?: string[];
  /** The manager's user id. */
  manager?: string;
  admin?: boolean;
  /** Give one to sign in with it (costs an argon2 hash); by default the user has only a token. */
  password?: string;
}

export interface TestUser {
  id: string;
  email: string;
  token: string;
  /** `{ authorization: 'Bearer …' }`: pass as `headers` to act as this user. */
  headers: Record<string, string>;
}

/** Uploads a file for `entity.field` as the test administrator, the way a form does (multipart). */
export function uploadFile(app: TestServer, entity: string, field: string, name: string, type: string, content: Buffer) {
  const boundary = '----loomtest';
  const parts = [
    `--${boundary}\r\nContent-Disposition: form-data; name="entity"\r\n\r\n${entity}\r\n`,
    `--${boundary}\r\nContent-Disposition: form-data; name="field"\r\n\r\n${field}\r\n`,
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`,
  ];
  const payload = Buffer.concat([Buffer.from(parts.join('')), content, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return app.inject({ method: 'POST', url: '/api/files', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
}

let userCount = 0;

/** A user made through the admin API (so those routes are exercised too), with an API token. */
export async function createTestUser(app: TestServer, options: TestUserOptions = {}): Promise<TestUser> {
  const email = options.email ?? `user${++userCount}.${process.pid}@loom.test`;
  const body = {
    email,
    name: options.name ?? email.split('@')[0],
    roles: options.roles ?? [],
    admin: options.admin ?? false,
    manager: options.manager,
    password: options.password,
  };
  const user = await expectOk(app.inject({ method: 'POST', url: '/api/users', payload: body }), 201);
  for (const name of options.teams ?? []) await joinTeam(app, name, user.id);
  const { token } = await expectOk(app.inject({ method: 'POST', url: `/api/users/${user.id}/tokens`, payload: { name: 'test' } }), 201);
  return { id: user.id, email, token, headers: { authorization: `Bearer ${token}` } };
}

async function joinTeam(app: TestServer, name: string, userId: string) {
  const teams = (await expectOk(app.inject({ url: '/api/teams' }), 200)).data as { id: string; name: string; members: string[] }[];
  const team = teams.find((t) => t.name === name) ?? (await expectOk(app.inject({ method: 'POST', url: '/api/teams', payload: { name } }), 201));
  await expectOk(app.inject({ method: 'PUT', url: `/api/teams/${team.id}/members`, payload: { members: [...team.members, userId] } }), 200);
}

async function expectOk(response: Promise<LightMyRequestResponse>, status: number) {
  const res = await response;
  if (res.statusCode !== status) throw new Error(`test setup: ${res.raw.req.method} ${res.raw.req.url} answered ${res.statusCode}: ${res.body}`);
  return res.json();
}

import { afterAll, beforeAll, describe } from 'vitest';
import { selectedBackends } from './backends.ts';

/** The same HTTP tests on each backend, with one server and database per backend. */
export function describeAppOnEachBackend(
  title: string,
  documents: unknown[],
  body: (ctx: { readonly app: TestServer; readonly test: TestDatabase; readonly kind: DatabaseKind }) => void,
  options: TestServerOptions = {},
) {
  for (const kind of selectedBackends()) {
    describe(`${title} [${kind}]`, () => {
      let current: TestApp | undefined;
      beforeAll(async () => {
        current = await startTestApp(kind, documents, options);
      });
      afterAll(async () => {
        await current?.close();
      });
      body({
        kind,
        get app() {
          return current!.app;
        },
        get test() {
          return current!.test;
        },
      });
    });
  }
}
