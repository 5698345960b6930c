import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminDatabaseUrl, selectedBackends } from '../../test/backends.ts';
import { createTestUser, startTestApp, type TestApp } from '../../test/test-app.ts';

// Two write paths: a create in one statement (note), and one in a transaction with an
// autonumber counter (ticket).
const documents = [
  { kind: 'entity', name: 'note', label: 'Note', titleField: 'title', fields: { title: { type: 'text', required: true } } },
  {
    kind: 'entity',
    name: 'ticket',
    label: 'Ticket',
    titleField: 'title',
    fields: { title: { type: 'text', required: true }, number: { type: 'autonumber', pattern: 'T-{00000}' } },
  },
];

const WRITERS = 20;
const READERS = 4;
const KILLS = 5;
const KILL_EVERY_MS = 550;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// pg_terminate_backend exists only on a PostgreSQL server: the embedded database has no backends to end.
describe.skipIf(!selectedBackends().includes('postgres'))('database connections terminated under load [postgres]', () => {
  let current: TestApp;
  let admin: pg.Client;

  beforeAll(async () => {
    current = await startTestApp('postgres', documents);
    admin = new pg.Client({ connectionString: adminDatabaseUrl() });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await current?.close();
  });

  /** Ends every connection to the test database but the admin's own; answers how many it ended. */
  async function terminateBackends(): Promise<number> {
    const name = new URL(current.test.url!).pathname.slice(1);
    const { rows } = await admin.query(
      'select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [name],
    );
    return rows[0].n;
  }

  /** Waits until a statement containing `marker` runs on the test database. */
  async function running(marker: string) {
    const name = new URL(current.test.url!).pathname.slice(1);
    for (let i = 0; i < 100; i++) {
      const { rows } = await admin.query(`select count(*)::int as n from pg_stat_activity where datname = $1 and state = 'active' and strpos(query, $2) > 0`, [
        name,
        marker,
      ]);
      if (rows[0].n > 0) return;
      await sleep(20);
    }
    throw new Error(`no statement with ${marker} started`);
  }

  it('answers a read from a fresh connection when its own is terminated mid-statement, and never sends a write again', async () => {
    const db = current.test.database.db;
    // Settled into values at once: a rejection must not wait unobserved while the backend is ended.
    const read = sql<{ x: number }>`select 7 as x, 'read-probe' as marker from pg_sleep(0.5)`.execute(db).then(
      (r) => r.rows,
      (error: unknown) => error,
    );
    await running('read-probe');
    await terminateBackends();
    expect(await read).toEqual([{ x: 7, marker: 'read-probe' }]);

    await sql`create table fault_probe (n int)`.execute(db);
    const write = sql`insert into fault_probe select 1 from pg_sleep(0.5) where 'write-probe' <> ''`.execute(db).then(
      () => 'written',
      (error: unknown) => error,
    );
    await running('write-probe');
    await terminateBackends();
    expect(await write).toMatchObject({ code: '57P01' });
    expect((await sql<{ n: number }>`select count(*)::int as n from fault_probe`.execute(db)).rows[0].n).toBe(0);
  });

  it('keeps the process alive, answers 503 (never 500 or 401) and loses no acknowledged create', async () => {
    const app = current.app;
    // Half the writers sign in with a session cookie, half send a bearer token: both credential lookups meet the faults.
    const password = 'fault-test-password-long';
    const user = await createTestUser(app, { admin: true, password });
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password } });
    expect(login.statusCode, login.body).toBe(200);
    const cookie = login.cookies.find((c) => c.name === 'loom_session')!.value;
    const sessionHeaders = { cookie: `loom_session=${cookie}`, 'x-csrf-token': login.json().csrfToken as string };

    const statuses = new Map<number, number>();
    const problems = new Map<string, number>();
    const acknowledged: Record<string, string[]> = { note: [], ticket: [] };
    const unavailable: { retryAfter: unknown; code: unknown; type: unknown }[] = [];
    let running = true;
    const tally = (status: number, body: string) => {
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status >= 500 || status === 401) problems.set(`${status} ${body.slice(0, 200)}`, (problems.get(`${status} ${body.slice(0, 200)}`) ?? 0) + 1);
    };

    async function writer(n: number) {
      const entity = n % 2 ? 'ticket' : 'note';
      const headers = n % 4 < 2 ? user.headers : sessionHeaders;
      for (let i = 0; running; i++) {
        const res = await app.inject({ method: 'POST', url: `/api/data/${entity}`, payload: { title: `w${n}-${i}` }, headers });
        tally(res.statusCode, res.body);
        if (res.statusCode === 201) acknowledged[entity].push(res.json().id);
        if (res.statusCode === 503) unavailable.push({ retryAfter: res.headers['retry-after'], code: res.json().code, type: res.headers['content-type'] });
      }
    }
    async function reader(n: number) {
      const headers = n % 2 ? user.headers : sessionHeaders;
      while (running) {
        const res = await app.inject({ url: `/api/data/${n % 2 ? 'ticket' : 'note'}?limit=5`, headers });
        tally(res.statusCode, res.body);
      }
    }
    const load = [...Array.from({ length: WRITERS }, (_, n) => writer(n)), ...Array.from({ length: READERS }, (_, n) => reader(n))];
    let terminated = 0;
    for (let k = 0; k < KILLS; k++) {
      await sleep(KILL_EVERY_MS);
      terminated += await terminateBackends();
    }
    await sleep(KILL_EVERY_MS);
    running = false;
    await Promise.all(load);

    const summary = { statuses: Object.fromEntries(statuses), problems: Object.fromEntries(problems), terminated };
    expect(terminated, JSON.stringify(summary)).toBeGreaterThan(KILLS);
    expect(statuses.get(500) ?? 0, JSON.stringify(summary)).toBe(0);
    expect(statuses.get(401) ?? 0, JSON.stringify(summary)).toBe(0);
    expect(
      [...statuses.keys()].filter((s) => s !== 201 && s !== 200 && s !== 503),
      JSON.stringify(summary),
    ).toEqual([]);
    // Else the faults never met a request and this test proved nothing.
    expect(statuses.get(503) ?? 0, JSON.stringify(summary)).toBeGreaterThan(0);
    expect(statuses.get(201) ?? 0, JSON.stringify(summary)).toBeGreaterThan(50);
    for (const answer of unavailable)
      expect(answer).toEqual({
        retryAfter: expect.stringMatching(/^\d+$/),
        code: 'LOOM_ERR_DB_UNAVAILABLE',
        type: expect.stringContaining('application/problem+json'),
      });

    // Every create answered 201 is stored.
    const db = current.test.database.db;
    for (const [entity, ids] of Object.entries(acknowledged)) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(`loom_data.${entity}`)} where id = any(${ids}::uuid[])`.execute(db);
      expect(rows[0].n, entity).toBe(ids.length);
    }
    expect((await app.inject('/api/health')).statusCode).toBe(200);
  });
});
