import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../app/config.ts';
import { createApiToken } from '../auth/api-tokens.ts';
import { createUser } from '../auth/users-repo.ts';
import { buildServer } from '../http/server.ts';
import { PROBE_TIMEOUT_MS } from '../http/database-probe.ts';
import { selectedBackends } from '../../test/backends.ts';
import { createTestDatabase, type TestDatabase } from '../../test/test-database.ts';
import { openDatabase, type Database } from './database.ts';

/**
 * The road between the server and PostgreSQL, which a test can cut: `down` ends every
 * connection and refuses new ones (a stopped or restarting server), `silent` accepts them and
 * never answers (a network that drops packets), `up` restores it.
 */
class Road {
  #mode: 'up' | 'down' | 'silent' = 'up';
  readonly #sockets = new Set<net.Socket>();
  readonly #server: net.Server;

  constructor(private readonly target: { host: string; port: number }) {
    this.#server = net.createServer((socket) => this.#accept(socket));
  }

  async open(): Promise<number> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return (this.#server.address() as net.AddressInfo).port;
  }

  #accept(socket: net.Socket) {
    if (this.#mode === 'down') return socket.destroy();
    this.#track(socket);
    if (this.#mode === 'silent') return;
    const upstream = net.connect(this.target);
    this.#track(upstream);
    socket.pipe(upstream).pipe(socket);
    const end = () => {
      socket.destroy();
      upstream.destroy();
    };
    socket.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  }

  #track(socket: net.Socket) {
    this.#sockets.add(socket);
    socket.on('close', () => this.#sockets.delete(socket));
    socket.on('error', () => {});
  }

  set(mode: 'up' | 'down' | 'silent') {
    this.#mode = mode;
    for (const socket of this.#sockets) socket.destroy();
  }

  async close() {
    this.set('down');
    await new Promise((resolve) => this.#server.close(resolve));
  }
}

const noteEntity = { kind: 'entity', name: 'note', label: 'Note', titleField: 'title', fields: { title: { type: 'text', required: true } } };

describe.skipIf(!selectedBackends().includes('postgres'))('a PostgreSQL server that cannot be reached [postgres]', () => {
  let test: TestDatabase;
  let road: Road;
  let database: Database;
  let app: FastifyInstance;
  let filesDir: string;
  let headers: Record<string, string>;

  beforeAll(async () => {
    test = await createTestDatabase('postgres');
    const url = new URL(test.url!);
    road = new Road({ host: url.hostname, port: Number(url.port || 5432) });
    url.hostname = '127.0.0.1';
    url.port = String(await road.open());
    database = await openDatabase({ url: url.toString(), poolSize: 4 });
    filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-files-'));
    app = await buildServer({ database, config: { ...configFromEnv({}), filesDir }, logger: false });
    await app.loom.registry.start();
    await app.loom.registry.publish([{ put: noteEntity, pointer: '/documents/0' }]);
    const admin = await createUser(database.db, { email: 'road-admin@loom.test', name: 'Road Admin', admin: true });
    headers = { authorization: `Bearer ${(await createApiToken(database.db, admin.id, { name: 'tests' })).token}` };
  });
  afterAll(async () => {
    road?.set('up');
    await app?.close();
    await app?.loom.registry.stop();
    await database?.close();
    await road?.close();
    await test?.dispose();
    fs.rmSync(filesDir, { force: true, recursive: true });
  });

  const create = (title: string) => app.inject({ method: 'POST', url: '/api/data/note', payload: { title }, headers });

  it('answers 503 while the server is gone, health says so, and both recover when it is back', async () => {
    expect((await create('before')).statusCode).toBe(201);
    road.set('down');
    for (const res of [await create('while down'), await app.inject({ url: '/api/data/note', headers }), await app.inject({ url: '/api/auth/me', headers })]) {
      expect(res.statusCode, res.body).toBe(503);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.json().code).toBe('LOOM_ERR_DB_UNAVAILABLE');
    }
    const down = await app.inject('/api/health');
    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({ status: 'unavailable', database: 'postgres' });

    road.set('up');
    const back = await app.inject('/api/health');
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ status: 'ok', database: 'postgres' });
    expect((await create('after')).statusCode).toBe(201);
    const titles = (await app.inject({ url: '/api/data/note?sort=title', headers })).json().data.map((r: { title: string }) => r.title);
    expect(titles).toEqual(['after', 'before']);
  });

  it('says the database is down in time while it does not answer at all', async () => {
    road.set('silent');
    const started = Date.now();
    const health = await app.inject('/api/health');
    expect(health.statusCode).toBe(503);
    expect(Date.now() - started).toBeLessThan(PROBE_TIMEOUT_MS + 1_000);
    road.set('up');
    expect((await app.inject('/api/health')).statusCode).toBe(200);
  });
});
