/**
 * Approvals in `npm run bench` (`approve`): approving from the inbox — `POST
 * /api/approvals/instances/:id/approve`, each request a different pending approval, which ends it
 * approved and runs its `onApproved` set in the same transaction — against a plain update of a
 * record of the same entity (`PATCH /api/data/:entity/:id`), under the same autocannon load on one
 * server, sides alternating per round. Target: ≥ 0.5× the plain update throughput.
 */
import { sql } from 'kysely';
import { createApiToken } from '../engine/src/auth/api-tokens.ts';
import { createUser } from '../engine/src/auth/users-repo.ts';
import { loadActor } from '../engine/src/auth/load-actor.ts';
import { SYSTEM_ACTOR } from '../engine/src/data/actor.ts';
import type { BenchSettings } from './bench-env.ts';
import { startInProcessServer } from './in-process-server.ts';
import { mergeRuns, runLoad, type LoadRun } from './load.ts';
import type { AutocannonRequest } from 'autocannon';

export const APPROVAL_TARGETS = { approveRatio: 0.5 } as const;

const DOCUMENTS = [
  {
    kind: 'entity',
    name: 'benchDoc',
    label: 'Bench document',
    titleField: 'name',
    owned: true,
    fields: {
      name: { type: 'text', required: true },
      note: { type: 'text' },
      status: { type: 'select', default: 'draft', options: [{ value: 'draft' }, { value: 'approved' }, { value: 'rejected' }] },
    },
  },
  { kind: 'role', name: 'benchWriter', entities: { benchDoc: { read: 'all', create: true, update: 'all' } } },
  {
    kind: 'approval',
    name: 'bench_approval',
    entity: 'benchDoc',
    steps: [{ name: 'review', approvers: { role: 'benchWriter' } }],
    onApproved: [{ set: { status: 'approved' } }],
    onRejected: [{ set: { status: 'rejected' } }],
  },
];

export interface ApprovalBenchReport {
  readonly plainReqPerSec: number;
  readonly approveReqPerSec: number;
  readonly ratio: number;
  readonly pass: boolean;
  readonly approveP50Ms: number;
  readonly plainP50Ms: number;
  readonly non2xx: number;
}

export async function runApprovalBench(settings: BenchSettings, url: string, log: (message: string) => void): Promise<ApprovalBenchReport> {
  const server = await startInProcessServer(settings, url, DOCUMENTS);
  const { app, db, base } = server;
  try {
    const submitter = await createUser(db, { email: 'bench-submitter@loom.test', name: 'Submitter', roles: ['benchWriter'] });
    const approver = await createUser(db, { email: 'bench-approver@loom.test', name: 'Approver', roles: ['benchWriter'] });
    const { token } = await createApiToken(db, approver.id, { name: 'bench' });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const submitterActor = (await loadActor(db, submitter.id))!;

    // The plain side updates these records in turn; the approve side approves fresh approvals of others.
    const plainIds = await createDocs(app.loom.records, 500, submitter.id);
    const plain = rotatingPatches(plainIds, headers);
    const approvals = app.loom.processes.approvals;
    const prepare = async (n: number) => {
      const ids = await createDocs(app.loom.records, n, submitter.id);
      const instances: string[] = [];
      for (let i = 0; i < ids.length; i += 8) {
        const batch = await Promise.all(ids.slice(i, i + 8).map((id) => approvals.submit(submitterActor, 'bench_approval', id)));
        instances.push(...batch.map((b) => b.id));
      }
      return instances;
    };
    // Check an approval does its work before measuring.
    const [probe] = await prepare(1);
    const answer = await fetch(`${base}/api/approvals/instances/${probe}/approve`, { method: 'POST', headers, body: '{}' });
    const approved = (await answer.json()) as { status?: string; record?: string };
    const record = approved.record ? await app.loom.records.get('benchDoc', approved.record, {}, SYSTEM_ACTOR) : undefined;
    if (answer.status !== 200 || approved.status !== 'approved' || record?.status !== 'approved')
      throw new Error(`the approval did not run: ${JSON.stringify(approved)}`);

    const seconds = Math.max(1, Math.round(settings.seconds / settings.rounds));
    const warmup = Math.max(1, settings.warmupSeconds);
    await runLoad({ url: base, seconds: warmup, connections: settings.connections, requests: plain });
    const warm = await runLoad({ url: base, seconds: warmup, connections: settings.connections, requests: plain });
    // Enough pending approvals that no round runs out: twice what the plain side managed.
    const perRound = Math.ceil((warm.latencies.length / warm.seconds) * seconds * 2) + 100;
    const runs = new Map<string, LoadRun[]>([
      ['plain', []],
      ['approve', []],
    ]);
    for (let round = 0; round < settings.rounds; round++) {
      const started = performance.now();
      const pending = await prepare(perRound);
      log(`approve round ${round + 1}: ${pending.length} approvals submitted in ${Math.round(performance.now() - started)} ms`);
      const approve = rotatingApprovals(pending, headers);
      for (const side of round % 2 === 0 ? ['plain', 'approve'] : ['approve', 'plain']) {
        const run = await runLoad({ url: base, seconds, connections: settings.connections, requests: side === 'plain' ? plain : approve });
        runs.get(side)!.push(run);
        log(`approve round ${round + 1} ${side}: ${(run.latencies.length / run.seconds).toFixed(0)}/s`);
      }
    }
    const plainResult = mergeRuns(runs.get('plain')!);
    const approveResult = mergeRuns(runs.get('approve')!);
    const done = (await sql<{ n: number }>`select count(*)::int as n from loom.approval_instances where status = 'approved'`.execute(db)).rows[0].n;
    log(`approve: ${done} approvals approved in all`);
    const ratio = approveResult.reqPerSec / plainResult.reqPerSec;
    return {
      plainReqPerSec: plainResult.reqPerSec,
      approveReqPerSec: approveResult.reqPerSec,
      ratio,
      pass: ratio >= APPROVAL_TARGETS.approveRatio,
      approveP50Ms: approveResult.latencyP50Ms,
      plainP50Ms: plainResult.latencyP50Ms,
      non2xx: [...runs.values()].flat().reduce((n, r) => n + r.non2xx + r.errors, 0),
    };
  } finally {
    await server.close();
  }
}

async function createDocs(
  records: { bulk: (entity: string, ops: { op: 'create'; data: unknown }[], actor: typeof SYSTEM_ACTOR) => Promise<{ results: { id: string }[] }> },
  n: number,
  owner: string,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 1000) {
    const ops = Array.from({ length: Math.min(1000, n - i) }, (_, j) => ({ op: 'create' as const, data: { name: `Document ${i + j}`, owner } }));
    ids.push(...(await records.bulk('benchDoc', ops, SYSTEM_ACTOR)).results.map((r) => r.id));
  }
  return ids;
}

/** Approvals of the pending instances, each once (one shared counter), as the inbox's Approve button sends them. */
function rotatingApprovals(instances: readonly string[], headers: Record<string, string>): () => AutocannonRequest[] {
  return () => {
    let next = 0;
    return [
      {
        method: 'POST',
        headers,
        setupRequest: (request) => ({
          ...request,
          method: 'POST',
          headers,
          path: `/api/approvals/instances/${instances[next++ % instances.length]}/approve`,
          body: '{}',
        }),
      },
    ];
  };
}

/** PATCH requests cycling through the records (one shared counter). */
function rotatingPatches(ids: readonly string[], headers: Record<string, string>): () => AutocannonRequest[] {
  return () => {
    let next = 0;
    return [
      {
        method: 'PATCH',
        headers,
        setupRequest: (request) => {
          const i = next++;
          return { ...request, method: 'PATCH', headers, path: `/api/data/benchDoc/${ids[i % ids.length]}`, body: JSON.stringify({ note: `note ${i}` }) };
        },
      },
    ];
  };
}

export function formatApprovalBench(r: ApprovalBenchReport): string {
  return `approve: approving from the inbox ${r.approveReqPerSec.toFixed(0)}/s (p50 ${r.approveP50Ms.toFixed(1)} ms) vs a plain update ${r.plainReqPerSec.toFixed(0)}/s (p50 ${r.plainP50Ms.toFixed(1)} ms): ×${r.ratio.toFixed(2)} (target ≥ ×${APPROVAL_TARGETS.approveRatio}) ${r.pass ? 'PASS' : 'FAIL'}${r.non2xx ? ` — ${r.non2xx} non-2xx/errors` : ''}`;
}
