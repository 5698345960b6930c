import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectedBackends } from '../../../test/backends.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.ts';
import { adminHeaders, startProcessInstance, TestClock, type ProcessTestInstance } from '../../../test/process-instance.ts';
import { reminderTestDocuments } from './reminder-test-documents.ts';

interface Note {
  user_id: string;
  source: string;
  record_id: string;
  title: string;
  message: string;
}

for (const kind of selectedBackends()) {
  describe(`reminders [${kind}]`, () => {
    let test: TestDatabase;
    let app: ProcessTestInstance;
    let headers: Record<string, string>;
    const clock = new TestClock('2027-01-01T00:00:00Z');
    const users: Record<string, string> = {};
    const deals: Record<string, string> = {};

    beforeAll(async () => {
      test = await createTestDatabase(kind);
      app = await startProcessInstance(test.database, { clock, documents: reminderTestDocuments });
      headers = await adminHeaders(test.database);
    });
    afterAll(async () => {
      await app?.close();
      await test?.dispose();
    });

    const api = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, status = [200, 201, 204]) => {
      const res = await app.server.inject({ method, url, headers, ...(payload ? { payload } : {}) });
      if (!status.includes(res.statusCode)) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
      return res.body ? res.json() : undefined;
    };
    const notes = async (since = 0) =>
      (
        await sql<Note>`select user_id, source, record_id, title, message from loom.notifications order by created_at, source, record_id, user_id`.execute(
          test.database.db,
        )
      ).rows.slice(since);
    async function tickAt(iso: string) {
      clock.set(iso);
      await app.server.loom.processes.tick();
    }

    it('delivers a date-offset reminder at its time of day, in each recipient’s locale; moving the date moves it; deleting or `when` turning false cancels it', async () => {
      for (const [name, locale] of [
        ['seller', 'en'],
        ['boss', 'zh-CN'],
      ]) {
        users[name] = (await api('POST', '/api/users', { email: `${name}@loom.test`, name, roles: [] })).id;
        await sql`update loom.users set locale = ${locale} where id = ${users[name]}`.execute(test.database.db);
      }
      const company = await api('POST', '/api/data/company', { name: 'Acme', manager: users.boss });
      const deal = (name: string, extra: object = {}) =>
        api('POST', '/api/data/deal', {
          name,
          company: company.id,
          endDate: '2027-01-10',
          stage: 'open',
          owner: users.seller,
          amount: { amount: '1200', currency: 'CNY' },
          ...extra,
        });
      for (const name of ['kept', 'deleted', 'won', 'moved']) deals[name] = (await deal(name)).id;
      deals.timed = (await deal('timed', { endDate: null, dueAt: '2027-01-09T05:00:00Z' })).id;

      // A day before 2027-01-10 at 09:00 in Shanghai is 2027-01-09T01:00Z.
      await tickAt('2027-01-09T00:59:00Z');
      expect(await notes()).toEqual([]);
      await api('DELETE', `/api/data/deal/${deals.deleted}`);
      await api('PATCH', `/api/data/deal/${deals.won}`, { stage: 'won' });
      await api('PATCH', `/api/data/deal/${deals.moved}`, { endDate: '2027-01-20' });

      await tickAt('2027-01-09T01:00:00Z');
      const due = await notes();
      expect(due.map((n) => [n.source, n.record_id, n.user_id])).toEqual(
        [
          ['reminder:deal_end', deals.kept, users.seller],
          ['reminder:deal_end', deals.kept, users.boss],
        ].sort((a, b) => a[2].localeCompare(b[2])),
      );
      const byUser = Object.fromEntries(due.map((n) => [n.user_id, n]));
      expect(byUser[users.seller]).toMatchObject({ title: 'Deal ends', message: 'kept ends on Jan 10, 2027 (CN¥1,200.00).' });
      expect(byUser[users.boss]).toMatchObject({ title: '商机到期', message: 'kept 将于 2027年1月10日 到期（¥1,200.00）。' });

      // Ticking again, on this or a later minute, delivers nothing twice.
      await tickAt('2027-01-09T01:00:00Z');
      await tickAt('2027-01-09T01:01:00Z');
      expect(await notes()).toHaveLength(2);

      // A datetime field 15 minutes before, shown in the installation's time zone.
      await tickAt('2027-01-09T04:45:00Z');
      expect((await notes(2)).map((n) => [n.source, n.record_id, n.title, n.message])).toEqual([
        ['reminder:deal_due', deals.timed, 'Due soon', 'timed is due at Jan 9, 2027, 1:00 PM.'],
      ]);

      // The moved deal's reminder comes at its new time.
      await tickAt('2027-01-19T00:59:00Z');
      const before = (await notes()).length;
      await tickAt('2027-01-19T01:00:00Z');
      expect((await notes(before)).filter((n) => n.source === 'reminder:deal_end').map((n) => n.record_id)).toEqual([deals.moved, deals.moved]);
    });

    it('repeats where the metadata asks: every year, the latest occurrence once after a long pause', async () => {
      const count = async (source: string) =>
        (await notes())
          .filter((n) => n.source === source)
          .map((n) => n.record_id)
          .sort();
      // The yearly reminder's first time (2027-01-10 at 10:00 in Shanghai) fell in the windows swept above.
      expect(await count('reminder:deal_anniversary')).toEqual([deals.kept, deals.won].sort());
      // A year later, in one window after a long pause: this year's for kept and won, and the
      // moved deal's first (2027-01-20), each once.
      await tickAt('2028-01-10T02:30:00Z');
      expect(await count('reminder:deal_anniversary')).toEqual([deals.kept, deals.kept, deals.won, deals.won, deals.moved].sort());
      await tickAt('2028-01-10T02:31:00Z');
      expect(await count('reminder:deal_anniversary')).toHaveLength(5);
    });

    it('delivers what fell due while every instance was down once, on the next start', async () => {
      await api('PATCH', `/api/data/deal/${deals.kept}`, { endDate: '2028-02-01' });
      await app.close();
      // Down from 2028-01-10T02:31Z; the reminder falls due at 2028-01-31T01:00Z.
      clock.set('2028-02-03T00:00:00Z');
      const before = (await notes()).length;
      app = await startProcessInstance(test.database, { clock });
      const fresh = await notes(before);
      expect(
        fresh
          .filter((n) => n.source === 'reminder:deal_end')
          .map((n) => [n.record_id, n.user_id])
          .sort(),
      ).toEqual(
        [
          [deals.kept, users.seller],
          [deals.kept, users.boss],
        ].sort(),
      );
      await app.close();
      app = await startProcessInstance(test.database, { clock });
      expect(await notes(before)).toHaveLength(fresh.length);
    });
  });
}
