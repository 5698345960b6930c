/**
 * Record actions in `npm run bench` (`action`): claiming from a pool — `POST /api/actions/:name`
 * on one record, which locks it, checks the caller may read it and that `visibleWhen` holds,
 * writes the declared fields as the system on the caller's behalf and then counts the caller's
 * records against a per-user limit under an advisory lock — against a plain update of a record
 * of the same entity (`PATCH /api/data/:entity/:id`), under the same autocannon load on one
 * server, sides alternating per round. Each claim takes a different pool record; the requests
 * rotate over several users, as claims from a team would. No target: reported as a ratio.
 */
import { sql } from 'kysely';
import type { AutocannonRequest } from 'autocannon';
import { createApiToken } from '../engine/src/auth/api-tokens.ts';
import { createUser } from '../engine/src/auth/users-repo.ts';
import { SYSTEM_ACTOR } from '../engine/src/data/actor.ts';
import type { RecordService } from '../engine/src/data/record-service.ts';
import type { BenchSettings } from './bench-env.ts';
import { startInProcessServer } from './in-process-server.ts';
import { mergeRuns, runLoad, type LoadRun } from './load.ts';

/** Users claiming in turn: each one's claims take turns (the limit's lock), the users do not. */
const CLAIMERS = 10;

const DOCUMENTS = [
  {
    kind: 'entity',
    name: 'benchAccount',
    label: 'Bench account',
    titleField: 'name',
    owned: true,
    fields: {
      name: { type: 'text', required: true },
      note: { type: 'text' },
      inPool: { type: 'boolean', default: false },
      claimedAt: { type: 'datetime' },
    },
    indexes: [['owner', 'inPool']],
  },
  { kind: 'role', name: 'benchSales', entities: { benchAccount: { read: 'all', create: true, update: 'own' } }, actions: ['bench_claim'] },
  {
    kind: 'action',
    name: 'bench_claim',
    entity: 'benchAccount',
    label: 'Claim',
    type: 'update',
    bulk: true,
    set: { owner: { var: '$user.id' }, inPool: false, claimedAt: { var: '$now' } },
    visibleWhen: { '==': [{ var: 'inPool' }, true] },
    limits: [
      {
        count: { where: { and: [{ '==': [{ var: 'owner' }, { var: '$user.id' }] }, { '==': [{ var: 'inPool' }, false] }] } },
        max: 1_000_000,
        message: 'Too many accounts',
      },
    ],
  },
];

export interface ActionBenchReport {
  readonly plainReqPerSec: number;
  readonly actionReqPerSec: number;
  readonly ratio: number;
  readonly actionP50Ms: number;
  readonly plainP50Ms: number;
  readonly non2xx: number;
}

export async function runActionBench(settings: BenchSettings, url: string, log: (message: string) => void): Promise<ActionBenchReport> {
  const server = await startInProcessServer(settings, url, DOCUMENTS);
  const { app, db, base } = server;
  try {
    const tokens: string[] = [];
    for (let i = 0; i < CLAIMERS; i++) {
      const user = await createUser(db, { email: `bench-claimer-${i}@loom.test`, name: `Claimer ${i}`, roles: ['benchSales'] });
      tokens.push((await createApiToken(db, user.id, { name: 'bench' })).token);
    }
    const owner = (await sql<{ id: string }>`select id from loom.users where email = 'bench-claimer-0@loom.test'`.execute(db)).rows[0].id;

    // The plain side edits the first claimer's own accounts; the action side claims fresh pool accounts.
    const plainIds = await createAccounts(app.loom.records, 500, { owner, inPool: false });
    const plain = rotating(tokens.slice(0, 1), (i) => ({
      method: 'PATCH',
      path: `/api/data/benchAccount/${plainIds[i % plainIds.length]}`,
      body: { note: `note ${i}` },
    }));
    // Check a claim does its work before measuring.
    const [probe] = await createAccounts(app.loom.records, 1, { owner: null, inPool: true });
    const answer = await fetch(`${base}/api/actions/bench_claim`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[1]}`, 'content-type': 'application/json' },
      body: JSON.stringify({ records: [probe] }),
    });
    const claimed = await app.loom.records.get('benchAccount', probe, {}, SYSTEM_ACTOR);
    if (answer.status !== 200 || claimed.inPool !== false || !claimed.owner) throw new Error(`the claim did not run: ${answer.status} ${await answer.text()}`);

    const seconds = Math.max(1, Math.round(settings.seconds / settings.rounds));
    const warmup = Math.max(1, settings.warmupSeconds);
    await runLoad({ url: base, seconds: warmup, connections: settings.connections, requests: plain });
    const warm = await runLoad({ url: base, seconds: warmup, connections: settings.connections, requests: plain });
    // Enough pool accounts that no round runs out: twice what the plain side managed.
    const perRound = Math.ceil((warm.latencies.length / warm.seconds) * seconds * 2) + 100;
    const runs = new Map<string, LoadRun[]>([
      ['plain', []],
      ['action', []],
    ]);
    for (let round = 0; round < settings.rounds; round++) {
      const started = performance.now();
      const pool = await createAccounts(app.loom.records, perRound, { owner: null, inPool: true });
      log(`action round ${round + 1}: ${pool.length} pool accounts made in ${Math.round(performance.now() - started)} ms`);
      const claim = rotating(tokens, (i) => ({ method: 'POST', path: '/api/actions/bench_claim', body: { records: [pool[i % pool.length]] } }));
      for (const side of round % 2 === 0 ? ['plain', 'action'] : ['action', 'plain']) {
        const run = await runLoad({ url: base, seconds, connections: settings.connections, requests: side === 'plain' ? plain : claim });
        runs.get(side)!.push(run);
        log(`action round ${round + 1} ${side}: ${(run.latencies.length / run.seconds).toFixed(0)}/s${run.non2xx ? ` (${run.non2xx} non-2xx)` : ''}`);
      }
    }
    const plainResult = mergeRuns(runs.get('plain')!);
    const actionResult = mergeRuns(runs.get('action')!);
    const done = (await sql<{ n: number }>`select count(*)::int as n from loom_data.bench_account where not in_pool and claimed_at is not null`.execute(db))
      .rows[0].n;
    log(`action: ${done} accounts claimed in all`);
    return {
      plainReqPerSec: plainResult.reqPerSec,
      actionReqPerSec: actionResult.reqPerSec,
      ratio: actionResult.reqPerSec / plainResult.reqPerSec,
      actionP50Ms: actionResult.latencyP50Ms,
      plainP50Ms: plainResult.latencyP50Ms,
      non2xx: [...runs.values()].flat().reduce((n, r) => n + r.non2xx + r.errors, 0),
    };
  } finally {
    await server.close();
  }
}

async function createAccounts(records: RecordService, n: number, values: { owner: string | null; inPool: boolean }): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 1000) {
    const ops = Array.from({ length: Math.min(1000, n - i) }, (_, j) => ({ op: 'create' as const, data: { name: `Account ${i + j}`, ...values } }));
    ids.push(...(await records.bulk('benchAccount', ops, SYSTEM_ACTOR)).results.map((r) => r.id));
  }
  return ids;
}

/** Requests made by `make` for the i-th request (one shared counter), each with the next token in turn. */
function rotating(tokens: readonly string[], make: (i: number) => { method: 'POST' | 'PATCH'; path: string; body: unknown }): () => AutocannonRequest[] {
  return () => {
    let next = 0;
    return [
      {
        method: 'POST',
        setupRequest: (request) => {
          const i = next++;
          const { method, path: url, body } = make(i);
          const headers = { authorization: `Bearer ${tokens[i % tokens.length]}`, 'content-type': 'application/json' };
          return { ...request, method, headers, path: url, body: JSON.stringify(body) };
        },
      },
    ];
  };
}

export function formatActionBench(r: ActionBenchReport): string {
  return `action: claiming from a pool (record action with a per-user limit) ${r.actionReqPerSec.toFixed(0)}/s (p50 ${r.actionP50Ms.toFixed(1)} ms) vs a plain update ${r.plainReqPerSec.toFixed(0)}/s (p50 ${r.plainP50Ms.toFixed(1)} ms): ×${r.ratio.toFixed(2)}${r.non2xx ? ` — ${r.non2xx} non-2xx/errors` : ''}`;
}
