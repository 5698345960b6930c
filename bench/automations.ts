/**
 * Automations in `npm run bench`, both measured in one run on one server:
 *
 * - `auto-create`: creates of an entity with 3 active create automations (each a `set` and a
 *   `notify` to the owner) against creates of an identical entity with none, under the same
 *   autocannon load, sides alternating per round. Target: ≥ 0.7× the plain throughput.
 * - `auto-sweep`: a scheduled automation over 1,000,000 records, run as the scheduler runs it
 *   (one window, one transaction): the statements it takes (one) and its time.
 */
import { sql, type Kysely, type KyselyPlugin } from 'kysely';
import { createApiToken } from '../engine/src/auth/api-tokens.ts';
import { createUser } from '../engine/src/auth/users-repo.ts';
import { runTimedAutomations } from '../engine/src/process/automations/timed-automations.ts';
import type { BenchSettings } from './bench-env.ts';
import { startInProcessServer } from './in-process-server.ts';
import { mergeRuns, rotatingPosts, runLoad, type LoadRun } from './load.ts';

export const AUTOMATION_TARGETS = { createRatio: 0.7 } as const;
export const SWEEP_RECORDS = 1_000_000;

const fields = {
  name: { type: 'text', required: true },
  status: { type: 'text' },
  stage: { type: 'text' },
  stampedAt: { type: 'datetime' },
  inPool: { type: 'boolean' },
};
const entity = (name: string) => ({ kind: 'entity', name, label: name, titleField: 'name', owned: true, fields });
const notify = (text: string) => ({ notify: { to: [{ field: 'owner' }], message: { en: `${text}: {{name}}`, 'zh-CN': `${text}：{{name}}` } } });
const DOCUMENTS = [
  entity('benchPlain'),
  entity('benchAuto'),
  { kind: 'automation', name: 'bench_status', entity: 'benchAuto', on: { create: true }, actions: [{ set: { status: 'open' } }, notify('opened')] },
  { kind: 'automation', name: 'bench_stage', entity: 'benchAuto', on: { create: true }, actions: [{ set: { stage: 'new' } }, notify('staged')] },
  { kind: 'automation', name: 'bench_stamp', entity: 'benchAuto', on: { create: true }, actions: [{ set: { stampedAt: { var: '$now' } } }, notify('stamped')] },
  // The nightly sweep: every record not in the pool and not touched for 30 days goes to it.
  {
    kind: 'automation',
    name: 'bench_sweep',
    entity: 'benchPlain',
    on: { schedule: '0 2 * * *' },
    where: { and: [{ '==': [{ var: 'inPool' }, false] }, { '<': [{ var: 'stampedAt' }, { var: '$now-30d' }] }] },
    actions: [{ set: { inPool: true, owner: null } }],
  },
];

export interface AutomationBenchReport {
  readonly create?: { plainReqPerSec: number; autoReqPerSec: number; ratio: number; pass: boolean; non2xx: number };
  readonly sweep?: { records: number; updated: number; statements: number; ms: number };
}

export async function runAutomationBench(
  settings: BenchSettings,
  url: string,
  log: (message: string) => void,
  parts = { create: true, sweep: true },
): Promise<AutomationBenchReport> {
  // The queue runs as in production: the notifications the automations enqueue are sent during the load, on the same CPUs.
  const server = await startInProcessServer(settings, url, DOCUMENTS, { processes: true });
  const { app, db, base } = server;
  try {
    const user = await createUser(db, { email: 'bench-automations@loom.test', name: 'Bench', admin: true });
    const { token } = await createApiToken(db, user.id, { name: 'bench' });
    const headers = { authorization: `Bearer ${token}` };

    const create = parts.create ? await timeCreates(settings, base, headers, db, user.id, log) : undefined;
    const sweep = parts.sweep ? await timeSweep(app.loom.processes.services, db, user.id, log) : undefined;
    return { create, sweep };
  } finally {
    await server.close();
  }
}

/** Creates with and without the automations under the same load, sides alternating per round. */
async function timeCreates(
  settings: BenchSettings,
  base: string,
  headers: Record<string, string>,
  db: Kysely<any>,
  userId: string,
  log: (message: string) => void,
): Promise<NonNullable<AutomationBenchReport['create']>> {
  const requests = (entityName: string) => rotatingPosts(`/api/data/${entityName}`, (i) => ({ name: `Record ${i}` }), headers);
  const sides = [
    { key: 'plain', requests: requests('benchPlain') },
    { key: 'auto', requests: requests('benchAuto') },
  ];
  // Check the automations do their work before measuring.
  const probe = await fetch(`${base}/api/data/benchAuto`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'probe' }),
  });
  const probed = (await probe.json()) as Record<string, unknown>;
  if (probe.status !== 201 || probed.status !== 'open' || probed.stage !== 'new' || !probed.stampedAt)
    throw new Error(`the automations did not run: ${JSON.stringify(probed)}`);
  const warmup = Math.max(1, settings.warmupSeconds);
  for (const side of sides) await runLoad({ url: base, seconds: warmup, connections: settings.connections, requests: side.requests });
  const runs = new Map<string, LoadRun[]>(sides.map((s) => [s.key, []]));
  const seconds = Math.max(1, Math.round(settings.seconds / settings.rounds));
  for (let round = 0; round < settings.rounds; round++) {
    for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
      const run = await runLoad({ url: base, seconds, connections: settings.connections, requests: side.requests });
      runs.get(side.key)!.push(run);
      log(`auto-create round ${round + 1} ${side.key}: ${(run.latencies.length / run.seconds).toFixed(0)} creates/s`);
    }
  }
  const plain = mergeRuns(runs.get('plain')!);
  const auto = mergeRuns(runs.get('auto')!);
  const ratio = auto.reqPerSec / plain.reqPerSec;
  const notified = async () => (await sql<{ n: number }>`select count(*)::int as n from loom.notifications where user_id = ${userId}`.execute(db)).rows[0].n;
  const created = (await sql<{ n: number }>`select count(*)::int as n from loom_data.bench_auto`.execute(db)).rows[0].n;
  // Three notifications per create, sent by the queue: wait (up to a minute) for the last of them.
  for (let waited = 0; (await notified()) < 3 * created && waited < 60_000; waited += 1000) await new Promise((resolve) => setTimeout(resolve, 1000));
  log(`auto-create: ${created} records created with automations, ${await notified()} notifications delivered by the queue`);
  const create = {
    plainReqPerSec: plain.reqPerSec,
    autoReqPerSec: auto.reqPerSec,
    ratio,
    pass: ratio >= AUTOMATION_TARGETS.createRatio,
    non2xx: [...runs.values()].flat().reduce((n, r) => n + r.non2xx + r.errors, 0),
  };

  return create;
}

/** Loads a million records (three in five stale), then runs the scheduler's window that holds 02:00, counting its statements. */
async function timeSweep(
  services: Parameters<typeof runTimedAutomations>[0],
  db: Kysely<any>,
  owner: string,
  log: (message: string) => void,
): Promise<NonNullable<AutomationBenchReport['sweep']>> {
  const at = new Date('2030-01-02T02:00:00.000Z');
  const old = new Date(at.getTime() - 40 * 86_400_000);
  const recent = new Date(at.getTime() - 5 * 86_400_000);
  const loading = performance.now();
  await sql`delete from loom_data.bench_plain`.execute(db);
  await db.transaction().execute(async (trx) => {
    await sql`select set_config('statement_timeout', '1800000', true)`.execute(trx);
    await sql`insert into loom_data.bench_plain (id, name, owner, in_pool, stamped_at, created_at, updated_at, version)
    select gen_random_uuid(), 'Swept ' || g, ${owner}::uuid, false, case when g % 5 < 3 then ${old}::timestamptz else ${recent}::timestamptz end, ${old}::timestamptz, ${old}::timestamptz, 1
    from generate_series(1, ${SWEEP_RECORDS}) as g`.execute(trx);
  });
  await sql`vacuum analyze loom_data.bench_plain`.execute(db);
  log(`auto-sweep: ${SWEEP_RECORDS} records loaded in ${Math.round(performance.now() - loading)} ms`);
  const statements: string[] = [];
  const counter: KyselyPlugin = {
    transformQuery(args) {
      statements.push(args.node.kind);
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  const model = services.model();
  const only = { ...model, automations: new Map([['bench_sweep', model.automations.get('bench_sweep')!]]) };
  const started = performance.now();
  await db
    .withPlugin(counter)
    .transaction()
    .execute((trx) => runTimedAutomations({ ...services, model: () => only, timeZone: 'UTC' }, trx, { from: new Date(at.getTime() - 60_000), to: at }));
  const ms = performance.now() - started;
  const updated = (await sql<{ n: number }>`select count(*)::int as n from loom_data.bench_plain where in_pool`.execute(db)).rows[0].n;
  // The sweep's statement timeout, the savepoint around the automation, the one UPDATE with its history, the release.
  return { records: SWEEP_RECORDS, updated, statements: statements.length - 3, ms };
}

export function formatAutomationBench(r: AutomationBenchReport): string {
  const lines: string[] = [];
  const c = r.create;
  if (c) {
    lines.push(
      `auto-create: creates with 3 automations (set + notify each) ${c.autoReqPerSec.toFixed(0)}/s vs none ${c.plainReqPerSec.toFixed(0)}/s: ×${c.ratio.toFixed(2)} (target ≥ ×${AUTOMATION_TARGETS.createRatio}) ${c.pass ? 'PASS' : 'FAIL'}${c.non2xx ? ` — ${c.non2xx} non-2xx/errors` : ''}`,
    );
  }
  const w = r.sweep;
  if (w) {
    lines.push(
      `auto-sweep: scheduled set over ${w.records.toLocaleString('en')} records (${w.updated.toLocaleString('en')} changed, history included) in ${w.statements} statement: ${(w.ms / 1000).toFixed(1)} s`,
    );
  }
  return lines.join('\n');
}
