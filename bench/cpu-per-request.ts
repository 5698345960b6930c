/**
 * `node --import tsx bench/cpu-per-request.ts`: CPU each server process spends per request
 * (from /proc, user + system) under the same load, for a get, a list, a search and a create, on both
 * servers, and the PostgreSQL processes' CPU beside it; then team-get and team-list on the engine as a team-scoped salesperson and as an
 * administrator (`LOOM_CPU_ONLY=get,team-list` picks scenarios). On a machine where
 * load generator, database and server share the CPUs, throughput follows total CPU per
 * request; this shows the server's part of it, which the hand-written server keeps minimal.
 */
import fs from 'node:fs';
import { BenchDatabases, benchSettings } from './bench-env.ts';
import { rotatingGets, rotatingPosts, runLoad } from './load.ts';
import type { AutocannonRequest } from 'autocannon';
import { startServer, stopAllServers, type ServerHandle } from './servers.ts';
import { loadDeals, publishDealModel, sampleIds } from './setup-data.ts';
import { SEARCH_TEXT } from './scenarios.ts';

const TICKS_PER_SECOND = 100;

function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime are fields 14 and 15 of the whole line; 12 and 13 after "pid (comm) ".
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** CPU so far of each PostgreSQL process on this machine (the database runs locally), by pid. */
function postgresCpuMs(): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/stat`, 'utf8').includes('(postgres)')) byPid.set(Number(entry), cpuMs(Number(entry)));
    } catch {
      // The process ended while we looked.
    }
  }
  return byPid;
}

/** CPU the PostgreSQL processes used between two readings (processes that ended meanwhile are not counted). */
function postgresCpuSince(before: Map<number, number>): number {
  let used = 0;
  for (const [pid, ms] of postgresCpuMs()) used += ms - (before.get(pid) ?? 0);
  return used;
}

async function measure(server: ServerHandle, requests: () => AutocannonRequest[], seconds: number) {
  await runLoad({ url: server.url, seconds: 1, connections: 10, requests });
  const before = cpuMs(server.pid);
  const postgresBefore = postgresCpuMs();
  const run = await runLoad({ url: server.url, seconds, connections: 10, requests });
  const used = cpuMs(server.pid) - before;
  const postgresUsed = postgresCpuSince(postgresBefore);
  const count = Math.max(1, run.latencies.length);
  return { requests: run.latencies.length, cpuMsPerRequest: used / count, postgresMsPerRequest: postgresUsed / count };
}

const settings = benchSettings({ LOOM_BENCH_DEALS: '20000', ...process.env });
const databases = new BenchDatabases(settings.adminUrl);
try {
  const db = await databases.create('_cpu');
  const { people } = await publishDealModel(db.url);
  await loadDeals(db.url, settings.deals, settings.orgs, people.ownerIds);
  const ids = await sampleIds(db.url, 1000, people.teamIds);
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  const headers = auth(people.allToken);
  const engine = await startServer('engine', db.url, settings.poolSize);
  const baseline = await startServer('baseline', db.url, settings.poolSize);
  const gets = ids.dealIds.map((id) => `/api/data/deal/${id}`);
  const teamGets = ids.teamDealIds.map((id) => `/api/data/deal/${id}`);
  const lists = ['lead', 'won', 'lost'].map((s) => `/api/data/deal?status=${s}&sort=-closeAt&limit=50`);
  const createBody = (i: number) => ({
    name: `郑州新客户${i}科技有限公司`,
    status: 'lead',
    amount: { amount: `${1000 + (i % 9000)}.50`, currency: 'CNY' },
    closeAt: new Date(Date.UTC(2025, i % 12, 1 + (i % 28), 9, 30)).toISOString(),
    org: ids.orgIds[i % ids.orgIds.length],
  });
  const only = process.env.LOOM_CPU_ONLY?.split(',');
  const runs: [string, ServerHandle, string, () => AutocannonRequest[]][] = [];
  for (const server of [engine, baseline]) {
    runs.push(['get', server, server.kind, rotatingGets(gets, headers)]);
    runs.push(['list', server, server.kind, rotatingGets(lists, headers)]);
    runs.push(['search', server, server.kind, rotatingGets([`/api/data/deal?q=${encodeURIComponent(SEARCH_TEXT)}`], headers)]);
    runs.push(['create', server, server.kind, rotatingPosts('/api/data/deal', createBody, headers)]);
  }
  for (const [who, token] of [
    ['team', people.teamToken],
    ['admin', people.adminToken],
  ] as const) {
    runs.push(['team-get', engine, who, rotatingGets(teamGets, auth(token))]);
    runs.push(['team-list', engine, who, rotatingGets(lists, auth(token))]);
  }
  runs.sort((a, b) => a[0].localeCompare(b[0]));
  for (const [name, server, side, requests] of runs) {
    if (only && !only.includes(name)) continue;
    const r = await measure(server, requests, 4);
    console.log(
      `${name.padEnd(9)} ${side.padEnd(9)} server ${r.cpuMsPerRequest.toFixed(3)} ms, PostgreSQL ${r.postgresMsPerRequest.toFixed(3)} ms CPU per request (${r.requests} requests)`,
    );
  }
} finally {
  await stopAllServers();
  await databases.dropAll();
}
