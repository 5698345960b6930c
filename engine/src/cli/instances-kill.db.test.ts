import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectedBackends } from '../../test/backends.ts';
import { startLoomProcess, type LoomProcess } from '../../test/loom-process.ts';
import { createTestDatabase, type TestDatabase } from '../../test/test-database.ts';

const PACK = path.resolve(import.meta.dirname, '../../test/fixtures/small-pack');
const ADMIN = { email: 'operator@instances.test', password: 'a long operator password' };
const WRITERS = 20;
const KILLED = 2;
const PUBLISHER = 0;
const WATCHER = 1;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Ack {
  readonly id: string;
  readonly instance: number;
  readonly at: number;
}
interface Failure {
  readonly instance: number;
  readonly at: number;
  /** The HTTP status, or the connection error's code when no answer came. */
  readonly what: string;
  readonly connection: boolean;
}

// A connection the server's process took with it: refused, reset, or closed mid-answer.
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

function connectionCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code && CONNECTION_CODES.has(cause.code) ? cause.code : undefined;
}

/**
 * Operators run several instances on one database; one may die without warning (kill -9, an
 * out-of-memory kill, a lost machine). Real `loom start` processes: what any of them
 * acknowledged is in the database, and the others keep serving, publishes included.
 */
describe.skipIf(!selectedBackends().includes('postgres'))(
  'three loom instances on one PostgreSQL, one killed mid-load [postgres only: skipped when LOOM_TEST_BACKENDS has no postgres]',
  () => {
    let test: TestDatabase;
    const instances: LoomProcess[] = [];
    let authorization = '';
    let running = false;

    beforeAll(async () => {
      test = await createTestDatabase('postgres');
      const env = { DATABASE_URL: test.url!, LOOM_STARTER_PACK: PACK, LOOM_ADMIN_EMAIL: ADMIN.email, LOOM_ADMIN_PASSWORD: ADMIN.password };
      const start = async (slot: number) => {
        instances[slot] = await startLoomProcess(env);
      };
      // The first installs the pack and the administrator; the other two start together on its
      // database. Each is kept as soon as it is up, so a failed start leaves none running.
      await start(0);
      const rest = await Promise.allSettled([start(1), start(2)]);
      for (const outcome of rest) if (outcome.status === 'rejected') throw outcome.reason;
      authorization = `Bearer ${await apiToken(instances[PUBLISHER].url)}`;
    }, 200_000);

    afterAll(async () => {
      running = false;
      await Promise.all(instances.filter(Boolean).map((instance) => instance.stop()));
      await test?.dispose();
    });

    it('keeps every acknowledged write, and the survivors answer 201 and serve a publish', async () => {
      const acks: Ack[] = [];
      const failures: Failure[] = [];
      const began = Date.now();
      running = true;

      async function writer(n: number) {
        const instance = n % instances.length;
        for (let i = 0; running; i++) {
          try {
            const res = await fetch(`${instances[instance].url}/api/data/item`, {
              method: 'POST',
              headers: { authorization, 'content-type': 'application/json' },
              body: JSON.stringify({ title: `writer ${n} #${i}` }),
              signal: AbortSignal.timeout(10_000),
            });
            const body = (await res.json()) as { id?: string };
            if (res.status === 201 && body.id) acks.push({ id: body.id, instance, at: Date.now() });
            else failures.push({ instance, at: Date.now(), what: `${res.status} ${JSON.stringify(body)}`, connection: false });
          } catch (error) {
            const code = connectionCode(error);
            failures.push({ instance, at: Date.now(), what: code ?? String(error), connection: code !== undefined });
            // Nothing answers there any more: this writer is done.
            if (code && !instances[instance].alive()) return;
          }
        }
      }
      const writers = Array.from({ length: WRITERS }, (_, n) => writer(n));
      const ackedBy = (instance: number, since = 0) => acks.filter((a) => a.instance === instance && a.at >= since).length;

      // About a second of load, and some acknowledged writes on every instance, the doomed one included.
      while (Date.now() - began < 1_000 || [0, 1, 2].some((i) => ackedBy(i) < 5)) {
        if (Date.now() - began > 30_000) throw new Error(`the instances did not all acknowledge writes: ${[0, 1, 2].map((i) => ackedBy(i))}`);
        await sleep(50);
      }
      const killedAt = Date.now();
      await instances[KILLED].stop('SIGKILL');
      await sleep(500);

      // A publish through one survivor while the writers run; the other serves it within 2 s.
      const item = (await (await fetch(`${instances[PUBLISHER].url}/api/meta/entity/item`, { headers: { authorization } })).json()) as {
        document: { fields: Record<string, unknown> };
      };
      // It adds a field and removes one the writers never send: neither may fail a write.
      const { price: _removed, ...kept } = item.document.fields;
      const changed = { ...item.document, fields: { ...kept, note: { type: 'text' } } };
      const published = await fetch(`${instances[PUBLISHER].url}/api/meta/entity/item`, {
        method: 'PUT',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify(changed),
      });
      const publishedAt = Date.now();
      expect(published.status, await published.clone().text()).toBe(200);
      const { revision } = (await published.json()) as { revision: number };
      let seen = -1;
      while (Date.now() - publishedAt < 5_000) {
        const health = (await (await fetch(`${instances[WATCHER].url}/api/health`)).json()) as { revision?: number };
        if (health.revision === revision) {
          seen = Date.now() - publishedAt;
          break;
        }
        await sleep(20);
      }
      await sleep(1_000);
      running = false;
      await Promise.all(writers);

      // The watcher serves the new field.
      const withNote = await fetch(`${instances[WATCHER].url}/api/data/item`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'after the publish', note: 'served by the new revision' }),
      });
      expect(withNote.status).toBe(201);
      const noted = (await withNote.json()) as { id: string; note: string };
      expect(noted.note).toBe('served by the new revision');
      acks.push({ id: noted.id, instance: WATCHER, at: Date.now() });

      const tally = (list: Failure[]) => {
        const counts: Record<string, number> = {};
        for (const f of list) counts[f.what.split(' ')[0]] = (counts[f.what.split(' ')[0]] ?? 0) + 1;
        return JSON.stringify(counts);
      };
      const report =
        `acknowledged per instance ${[0, 1, 2].map((i) => ackedBy(i))}, after the kill ${[0, 1, 2].map((i) => ackedBy(i, killedAt))}; ` +
        `revision seen by the other survivor after ${seen} ms; failed on the killed instance ${tally(failures.filter((f) => f.instance === KILLED))}, on the survivors ${tally(failures.filter((f) => f.instance !== KILLED))}`;
      // The killed instance's writers lost their connections: those writes were not acknowledged.
      expect(
        failures.filter((f) => f.instance === KILLED && !f.connection),
        report,
      ).toEqual([]);
      expect(failures.filter((f) => f.instance === KILLED).length, report).toBeGreaterThan(0);
      // The survivors answered every request with 201, and kept doing so after the kill and the publish.
      expect(
        failures.filter((f) => f.instance !== KILLED),
        report,
      ).toEqual([]);
      for (const survivor of [PUBLISHER, WATCHER]) {
        expect(ackedBy(survivor, killedAt), report).toBeGreaterThanOrEqual(10);
        expect(ackedBy(survivor, publishedAt + seen), report).toBeGreaterThanOrEqual(5);
        expect(instances[survivor].alive(), instances[survivor].output()).toBe(true);
      }
      expect(seen, report).toBeGreaterThanOrEqual(0);
      expect(seen, report).toBeLessThan(2_000);

      // Every acknowledged write, from all three, is in the database.
      const ids = acks.map((a) => a.id);
      expect(new Set(ids).size).toBe(ids.length);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from loom_data.item where id = any(${ids}::uuid[])`.execute(test.database.db);
      expect(rows[0].n, report).toBe(ids.length);
      for (const survivor of [PUBLISHER, WATCHER]) {
        const health = await fetch(`${instances[survivor].url}/api/health`);
        expect(((await health.json()) as { status: string; revision: number }).revision).toBe(revision);
      }
      console.log(`instances-kill: ${report}`);
    });
  },
);

/** Signs in as the administrator the first start created and makes an API token for the writers. */
async function apiToken(url: string): Promise<string> {
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  if (login.status !== 200) throw new Error(`sign-in answered ${login.status}: ${await login.text()}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const created = await fetch(`${url}/api/auth/tokens`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'writers' }),
  });
  if (created.status !== 201) throw new Error(`token creation answered ${created.status}: ${await created.text()}`);
  return ((await created.json()) as { token: string }).token;
}
