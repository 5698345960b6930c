import { sql } from 'kysely';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../app/config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { buildServer } from '../http/server.ts';
import { selectedBackends } from '../../test/backends.ts';
import { startTestApp, type TestApp } from '../../test/test-app.ts';

// Two instances on one PostgreSQL database: what one publishes, the other must serve, even
// when its LISTEN connection is cut, and a publish under write load must answer no 500.

const fields = (names: string[]) => Object.fromEntries(names.map((name) => [name, { type: 'text' }]));
const ticket = (extra: string[]) => ({
  kind: 'entity',
  name: 'ticket',
  label: 'Ticket',
  titleField: 'title',
  fields: { title: { type: 'text' }, ...fields(extra) },
});

describe.skipIf(!selectedBackends().includes('postgres'))('publishes and other instances [postgres]', () => {
  let first: TestApp;
  let other: { database: Database; app: FastifyInstance };
  const headers = () => first.app.admin.headers;

  beforeAll(async () => {
    first = await startTestApp('postgres', [ticket(['a', 'b', 'c', 'd'])]);
    const before = await listenBackends(first.test.database);
    const database = await openDatabase({ url: first.test.url!, poolSize: 5 });
    const app = await buildServer({ database, config: { ...configFromEnv({}), filesDir: '/nonexistent' }, logger: false });
    await app.loom.registry.start();
    other = { database, app };
    // The other instance's LISTEN session is the one that was not there before it started.
    otherListener = (await listenBackends(first.test.database)).filter((pid) => !before.includes(pid));
    expect(otherListener).toHaveLength(1);
  });

  afterAll(async () => {
    await other?.app.close();
    await other?.app.loom.registry.stop();
    await other?.database.close();
    await first?.close();
  });

  let otherListener: number[] = [];

  it('an instance whose LISTEN connection was terminated catches up with a publish within 2 s, and health says which revision it serves', async () => {
    const db = first.test.database.db;
    await sql`select pg_terminate_backend(${otherListener[0]})`.execute(db);
    // Published while (or right after) the other instance had nobody listening.
    const published = await first.app.inject({ method: 'POST', url: '/api/meta/publish', payload: { documents: [ticket(['a', 'b', 'c'])] } });
    expect(published.statusCode, published.body).toBe(200);
    const revision = published.json().revision as number;
    const started = Date.now();
    while (other.app.loom.registry.current().revision < revision && Date.now() - started < 2000) await new Promise((r) => setTimeout(r, 20));
    expect(other.app.loom.registry.current().revision).toBe(revision);
    const health = await other.app.inject({ url: '/api/health' });
    expect(health.json()).toMatchObject({ status: 'ok', revision, catchingUp: false });
    const list = await other.app.inject({ url: '/api/data/ticket', headers: headers() });
    expect(list.statusCode, list.body).toBe(200);
    // It listens again: the next publish arrives by NOTIFY.
    expect(await listenBackends(first.test.database)).toHaveLength(2);
    const next = await first.app.inject({ method: 'POST', url: '/api/meta/publish', payload: { documents: [ticket(['a', 'b', 'c', 'e'])] } });
    const nextStarted = Date.now();
    while (other.app.loom.registry.current().revision < next.json().revision && Date.now() - nextStarted < 1000) await new Promise((r) => setTimeout(r, 10));
    expect(other.app.loom.registry.current().revision).toBe(next.json().revision);
  });

  it('a stale instance never answers 500: a create on a model a publish elsewhere removed a field of is run again on the new one', async () => {
    // As if NOTIFY had been lost: the other instance still serves the old model.
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where pid = any(${await listenBackends(first.test.database)}) and pid <> pg_backend_pid()`.execute(
      first.test.database.db,
    );
    const stale = other.app.loom.registry.current().revision;
    await first.app.inject({ method: 'POST', url: '/api/meta/publish', payload: { documents: [ticket(['a', 'b'])] } });
    // Before its listener is back (the first retry waits at least 50 ms).
    expect(other.app.loom.registry.current().revision).toBe(stale);
    const created = await other.app.inject({ method: 'POST', url: '/api/data/ticket', headers: headers(), payload: { title: 'on the old model' } });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().c).toBeUndefined();
  });

  it('removing fields while 10 writers create records on both instances: no 500, and every acknowledged create is stored', async () => {
    const apps = [(o: object) => first.app.inject(o as never), (o: object) => other.app.inject(o as never)];
    const answers: LightMyRequestResponse[] = [];
    let publishing = true;
    const writer = async (n: number) => {
      const inject = apps[n % 2];
      for (let i = 0; publishing || i < 3; i++) {
        answers.push(await inject({ method: 'POST', url: '/api/data/ticket', headers: headers(), payload: { title: `writer ${n} #${i}` } }));
      }
    };
    const writers = Array.from({ length: 10 }, (_, n) => writer(n));
    // Each publish removes one field the writers never send; the DDL commits while their creates are in flight.
    for (const kept of [['a', 'd'], ['d'], []]) {
      await new Promise((r) => setTimeout(r, 150));
      const res = await first.app.inject({ method: 'POST', url: '/api/meta/publish', payload: { documents: [ticket(kept)] } });
      expect(res.statusCode, res.body).toBe(200);
    }
    await new Promise((r) => setTimeout(r, 150));
    publishing = false;
    await Promise.all(writers);
    const statuses = new Map<number, number>();
    for (const a of answers) statuses.set(a.statusCode, (statuses.get(a.statusCode) ?? 0) + 1);
    expect(Object.fromEntries(statuses), answers.find((a) => a.statusCode !== 201)?.body).toEqual({ 201: answers.length });
    const ids = answers.map((a) => a.json().id as string);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from loom_data.ticket where id = any(${ids}::uuid[])`.execute(first.test.database.db);
    expect(rows[0].n).toBe(ids.length);
  });
});

/** The sessions LISTENing for publishes (pg_stat_activity shows a session's last statement). */
async function listenBackends(database: Database): Promise<number[]> {
  const { rows } = await sql<{
    pid: number;
  }>`select pid from pg_stat_activity where datname = current_database() and query like 'LISTEN %' order by pid`.execute(database.db);
  return rows.map((r) => r.pid);
}
