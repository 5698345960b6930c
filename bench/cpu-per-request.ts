/**
 * `node --import tsx bench/cpu-per-request.ts`: CPU each server process spends per request
 * (from /proc, user + system) under the same load, for a get and a list. On a machine where
 * load generator, database and server share the CPUs, throughput follows total CPU per
 * request; this shows the server's part of it, which the hand-written server keeps minimal.
 */
import fs from 'node:fs';
import { BenchDatabases, benchSettings } from './bench-env.ts';
import { rotatingGets, runLoad } from './load.ts';
import { startServer, stopAllServers, type ServerHandle } from './servers.ts';
import { loadDeals, publishDealModel, sampleIds } from './setup-data.ts';

const TICKS_PER_SECOND = 100;

function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime are fields 14 and 15 of the whole line; 12 and 13 after "pid (comm) ".
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

async function measure(server: ServerHandle, paths: string[], headers: Record<string, string>, seconds: number) {
  await runLoad({ url: server.url, seconds: 1, connections: 10, requests: rotatingGets(paths, headers) });
  const before = cpuMs(server.pid);
  const run = await runLoad({ url: server.url, seconds, connections: 10, requests: rotatingGets(paths, headers) });
  const used = cpuMs(server.pid) - before;
  return { requests: run.latencies.length, cpuMsPerRequest: used / Math.max(1, run.latencies.length) };
}

const settings = benchSettings({ LOOM_BENCH_DEALS: '20000', ...process.env });
const databases = new BenchDatabases(settings.adminUrl);
try {
  const db = await databases.create('_cpu');
  const { people } = await publishDealModel(db.url);
  await loadDeals(db.url, settings.deals, settings.orgs, people.ownerIds);
  const ids = await sampleIds(db.url, 1000, people.teamIds);
  const headers = { authorization: `Bearer ${people.allToken}` };
  const engine = await startServer('engine', db.url, settings.poolSize);
  const baseline = await startServer('baseline', db.url, settings.poolSize);
  const gets = ids.dealIds.map((id) => `/api/data/deal/${id}`);
  const lists = ['lead', 'won', 'lost'].map((s) => `/api/data/deal?status=${s}&sort=-closeAt&limit=50`);
  for (const [name, paths] of [['get', gets], ['list', lists]] as const) {
    for (const server of [engine, baseline]) {
      const r = await measure(server, paths, headers, 4);
      console.log(`${name.padEnd(5)} ${server.kind.padEnd(9)} ${r.cpuMsPerRequest.toFixed(3)} ms CPU per request (${r.requests} requests)`);
    }
  }
} finally {
  await stopAllServers();
  await databases.dropAll();
}
