import { fileURLToPath } from 'node:url';
import { sql, type KyselyPlugin, type Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { describeAppOnEachBackend } from '../../../test/test-app.ts';
import { createUser } from '../../auth/users-repo.ts';
import { loadPack } from '../../pack/load-pack.ts';
import type { ProcessServices } from '../process-services.ts';
import type { NotifyJob } from './notify-job.ts';
import { runTimedAutomations } from './timed-automations.ts';

const pack = loadPack(fileURLToPath(new URL('../../../../metadata/packs/crm', import.meta.url)));
const crm = pack.changes
  .map((c) => (c as { put: Record<string, unknown> }).put)
  .filter((d) => ['entity', 'role', 'approval', 'automation', 'action', 'report', 'dashboard'].includes(d.kind as string));
const gizmo = {
  kind: 'entity',
  name: 'gizmo',
  label: 'Gizmo',
  titleField: 'name',
  fields: { name: { type: 'text', required: true }, due: { type: 'datetime' }, day: { type: 'date' } },
};
const gizmoLog = { kind: 'entity', name: 'gizmoLog', label: 'Gizmo log', titleField: 'message', fields: { message: { type: 'text', required: true } } };
const documents = [
  ...crm,
  gizmo,
  gizmoLog,
  {
    kind: 'automation',
    name: 'gizmo_due',
    entity: 'gizmo',
    on: { dateField: { field: 'due', offset: '-1h' } },
    actions: [{ create: { entity: 'gizmoLog', values: { message: { cat: ['due soon: ', { var: 'name' }] } } } }],
  },
];

const CUSTOMERS = 100_000;

/** Counts the statements run through a Kysely instance (a plugin sees each one as it is compiled). */
function counting(db: Kysely<any>) {
  const statements: unknown[] = [];
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      statements.push(args.node.kind);
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  return { db: db.withPlugin(plugin), statements };
}

describeAppOnEachBackend('timed automations', documents, (ctx) => {
  it(`returns neglected customers to the pool in one statement over ${CUSTOMERS.toLocaleString('en')} customers, history included`, async () => {
    const db = ctx.test.database.db as Kysely<any>;
    const owner = await createUser(db, { email: 'pool-owner@loom.test', name: 'Pool owner' });
    const at = new Date('2026-12-04T02:00:00.000Z');
    const day = 86_400_000;
    // A quarter followed up 40 days ago (stale), a quarter 5 days ago, a quarter never but created 60 days ago (stale), a quarter already in the pool.
    // The load is one statement too: longer than the 30 s statement timeout on a busy machine.
    await db.transaction().execute(async (trx) => {
      await sql`select set_config('statement_timeout', '600000', true)`.execute(trx);
      await sql`insert into loom_data.customer (id, name, owner, in_pool, last_follow_up_at, created_at, updated_at, version)
      select gen_random_uuid(), 'Customer ' || g, case when g % 4 = 3 then null else ${owner.id}::uuid end, g % 4 = 3,
        case g % 4 when 0 then ${new Date(at.getTime() - 40 * day)}::timestamptz when 1 then ${new Date(at.getTime() - 5 * day)}::timestamptz else null end,
        ${new Date(at.getTime() - 60 * day)}::timestamptz, ${new Date(at.getTime() - 60 * day)}::timestamptz, 1
      from generate_series(0, ${CUSTOMERS - 1}) as g`.execute(trx);
    });
    const stale = CUSTOMERS / 2;

    const base = ctx.app.loom.processes.services;
    const sent: { name: string; data: NotifyJob; key: string }[] = [];
    const { db: counted, statements } = counting(db);
    // The pool automation alone (the test's date trigger would add its own select).
    const model = base.model();
    const only = { ...model, automations: new Map([['pool_reclaim', model.automations.get('pool_reclaim')!]]) };
    const services: ProcessServices = {
      ...base,
      model: () => only,
      timeZone: 'UTC',
      jobs: { ...base.jobs, send: async (_trx, name, data, options) => void sent.push({ name, data: data as NotifyJob, key: options.key }) },
    };
    const started = performance.now();
    await counted.transaction().execute((trx) => runTimedAutomations(services, trx, { from: new Date(at.getTime() - 60_000), to: at }));
    const ms = performance.now() - started;
    console.log(`[${ctx.kind}] pool reclaim over ${CUSTOMERS} customers (${stale} returned): ${ms.toFixed(0)} ms`);
    // One statement, bounded however busy the machine (12–14 s on PostgreSQL here, under load).
    expect(ms).toBeLessThan(120_000);

    // The sweep's statement timeout, a savepoint, the one UPDATE (with its history), the release: nothing per record.
    expect(statements).toHaveLength(4);
    const { rows } = await sql<{
      pooled: number;
      owned: number;
    }>`select count(*) filter (where in_pool)::int as pooled, count(*) filter (where owner is not null)::int as owned from loom_data.customer`.execute(db);
    expect(rows[0]).toEqual({ pooled: CUSTOMERS / 4 + stale, owned: CUSTOMERS / 4 });
    const history = await sql<{
      n: number;
      sample: Record<string, unknown>;
    }>`select count(*)::int as n, (array_agg(changes))[1] as sample from loom.history where entity = 'customer' and action = 'update'`.execute(db);
    expect(history.rows[0].n).toBe(stale);
    expect(history.rows[0].sample).toEqual({ owner: [owner.id, null], inPool: [false, true] });
    // The notifications go to the queue in batches, each record with its owner before ($old.owner).
    expect(sent.every((s) => s.name === 'loom.automation-notify')).toBe(true);
    expect(sent.reduce((n, s) => n + s.data.items.length, 0)).toBe(stale);
    expect(sent[0].data.items[0]).toMatchObject({ automation: 'pool_reclaim', old: { owner: owner.id, inPool: false } });
    expect(new Set(sent.map((s) => s.key)).size).toBe(sent.length);

    // Run again over the same window: nothing is stale any more.
    await db.transaction().execute((trx) => runTimedAutomations(services, trx, { from: new Date(at.getTime() - 60_000), to: at }));
    expect((await sql<{ n: number }>`select count(*)::int as n from loom.history where entity = 'customer'`.execute(db)).rows[0].n).toBe(stale);
  }, 300_000);

  it('a schedule runs only in a window holding one of its times', async () => {
    const db = ctx.test.database.db as Kysely<any>;
    const before = (await sql<{ n: number }>`select count(*)::int as n from loom.history`.execute(db)).rows[0].n;
    const services = { ...ctx.app.loom.processes.services, timeZone: 'UTC' };
    // 02:01 to 03:00: no 02:00 in it.
    await db
      .transaction()
      .execute((trx) => runTimedAutomations(services, trx, { from: new Date('2026-12-05T02:00:00.000Z'), to: new Date('2026-12-05T03:00:00.000Z') }));
    expect((await sql<{ n: number }>`select count(*)::int as n from loom.history`.execute(db)).rows[0].n).toBe(before);
  });

  it('a dateField trigger acts on the records whose date plus offset falls in the window', async () => {
    const create = (name: string, due: string) =>
      ctx.app.inject({ method: 'POST', url: '/api/data/gizmo', payload: JSON.stringify({ name, due }), headers: { 'content-type': 'application/json' } });
    expect((await create('early', '2026-12-06T09:00:00.000Z')).statusCode).toBe(201);
    expect((await create('in window', '2026-12-06T10:30:00.000Z')).statusCode).toBe(201);
    expect((await create('late', '2026-12-06T12:00:00.000Z')).statusCode).toBe(201);
    const services = ctx.app.loom.processes.services;
    const db = ctx.test.database.db as Kysely<any>;
    // Due minus one hour in (09:00, 10:00]: only the 10:30 one.
    await db
      .transaction()
      .execute((trx) => runTimedAutomations(services, trx, { from: new Date('2026-12-06T09:00:00.000Z'), to: new Date('2026-12-06T10:00:00.000Z') }));
    const logs = (await ctx.app.inject({ url: '/api/data/gizmoLog?limit=10' })).json().data as { message: string }[];
    expect(logs.map((l) => l.message)).toEqual(['due soon: in window']);
  });
});
