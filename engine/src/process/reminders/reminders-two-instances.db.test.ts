import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/database.ts';
import { selectedBackends } from '../../../test/backends.ts';
import { adminHeaders, startProcessInstance, TestClock, type ProcessTestInstance } from '../../../test/process-instance.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.ts';
import { reminderTestDocuments } from './reminder-test-documents.ts';

const COUNT = 1000;

// Instances share work only through a PostgreSQL server (an embedded PGlite serves one process).
describe.runIf(selectedBackends().includes('postgres'))('reminders on two instances of one PostgreSQL database', () => {
  let test: TestDatabase;
  const databases: Database[] = [];
  const instances: ProcessTestInstance[] = [];
  let a: ProcessTestInstance;
  let b: ProcessTestInstance;
  const clock = new TestClock('2027-03-01T00:00:00Z');
  let ownerId: string;

  beforeAll(async () => {
    test = await createTestDatabase('postgres');
    const first = await openDatabase({ url: test.url!, poolSize: 4 });
    const second = await openDatabase({ url: test.url!, poolSize: 4 });
    databases.push(first, second);
    a = await startProcessInstance(first, { clock, documents: reminderTestDocuments });
    b = await startProcessInstance(second, { clock });
    instances.push(a, b);
    const headers = await adminHeaders(first);
    ownerId = (await a.server.inject({ method: 'POST', url: '/api/users', headers, payload: { email: 'owner@loom.test', name: 'Owner', roles: [] } })).json()
      .id;
    // Two batches of deals: each batch's reminders fall due in one minute (a day before, at 09:00 Shanghai).
    for (const endDate of ['2027-03-10', '2027-03-20']) {
      const operations = Array.from({ length: COUNT }, (_, i) => ({
        op: 'create',
        data: { name: `deal ${endDate} ${i}`, endDate, stage: 'open', owner: ownerId },
      }));
      const res = await b.server.inject({ method: 'POST', url: '/api/data/deal/bulk', headers, payload: { operations } });
      expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
    }
  }, 120_000);

  afterAll(async () => {
    for (const instance of instances) await instance.close().catch(() => {});
    for (const database of databases) await database.close().catch(() => {});
    await test?.dispose();
  });

  const delivered = async (source: string) =>
    (
      await sql<{ total: number; records: number }>`select count(*)::int as total, count(distinct record_id)::int as records
        from loom.notifications where source = ${source} and message like ${'%'}`.execute(test.database.db)
    ).rows[0];
  const deliveredFor = async (endDate: string) =>
    (
      await sql<{ total: number; records: number }>`select count(*)::int as total, count(distinct n.record_id)::int as records
        from loom.notifications n join loom_data.deal d on d.id = n.record_id
        where n.source = 'reminder:deal_end' and d.end_date = ${endDate}::date`.execute(test.database.db)
    ).rows[0];

  it(`delivers ${COUNT} reminders due in the same minute exactly once when both instances tick at once`, async () => {
    clock.set('2027-03-09T01:00:30Z');
    await Promise.all([a.server.loom.processes.tick(), b.server.loom.processes.tick(), a.server.loom.processes.tick(), b.server.loom.processes.tick()]);
    // Whichever instance got the window, the other skipped it or found nothing left.
    clock.set('2027-03-09T01:01:00Z');
    await Promise.all([a.server.loom.processes.tick(), b.server.loom.processes.tick()]);
    expect(await deliveredFor('2027-03-10')).toEqual({ total: COUNT, records: COUNT });
    expect(await delivered('reminder:deal_end')).toEqual({ total: COUNT, records: COUNT });
  });

  it('loses none when an instance dies in the middle of its sweep: another one sweeps the same window', async () => {
    // Hold the deliveries table so A's sweep stops inside its statement, then end A's
    // connection there, as the death of its process would: its transaction rolls back.
    const holder = new pg.Client({ connectionString: test.url });
    await holder.connect();
    await holder.query('begin');
    await holder.query('lock table loom.reminder_deliveries in exclusive mode');
    clock.set('2027-03-19T01:00:10Z');
    const dying = a.server.loom.processes.tick().then(
      () => 'finished',
      () => 'failed',
    );
    let pid: number | undefined;
    for (let i = 0; i < 200 && !pid; i++) {
      // The sweep's statement waits for the table: found by its lock request (the statement text
      // may not be shown yet while a prepared statement is bound).
      const { rows } = await holder.query(`select pid from pg_locks where relation = 'loom.reminder_deliveries'::regclass and not granted`);
      pid = rows[0]?.pid;
      if (!pid) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(pid, 'instance A is sweeping').toBeDefined();
    await holder.query('select pg_terminate_backend($1)', [pid]);
    await holder.query('commit');
    await holder.end();
    expect(await dying).toBe('failed');
    await a.close();
    instances.splice(instances.indexOf(a), 1);
    expect(await deliveredFor('2027-03-20')).toEqual({ total: 0, records: 0 });

    clock.set('2027-03-19T01:00:40Z');
    await b.server.loom.processes.tick();
    expect(await deliveredFor('2027-03-20')).toEqual({ total: COUNT, records: COUNT });
    clock.set('2027-03-19T01:05:00Z');
    await b.server.loom.processes.tick();
    expect(await delivered('reminder:deal_end')).toEqual({ total: 2 * COUNT, records: 2 * COUNT });
  });
});
