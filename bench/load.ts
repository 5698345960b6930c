import autocannon, { type AutocannonRequest } from 'autocannon';

/** One autocannon run against one server. */
export interface LoadRun {
  seconds: number;
  /** Response time of every 2xx response, ms (sub-millisecond precision, unlike autocannon's histogram). */
  latencies: number[];
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  statusCodes: Record<string, number>;
}

/** What the rounds of one scenario say about one server. */
export interface LoadResult {
  /** 2xx responses per second over all measured rounds. */
  reqPerSec: number;
  /** The same, per round (shows how noisy the machine was). */
  roundsReqPerSec: number[];
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  requests: number;
  non2xx: number;
  errors: number;
  statusCodes: Record<string, number>;
}

export interface LoadOptions {
  readonly url: string;
  readonly seconds: number;
  readonly connections: number;
  /** Built fresh for each run so rotating counters start at 0. */
  readonly requests: () => AutocannonRequest[];
}

export async function runLoad(options: LoadOptions): Promise<LoadRun> {
  const latencies: number[] = [];
  const instance = autocannon({ url: options.url, connections: options.connections, duration: options.seconds, timeout: 30, requests: options.requests() });
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status >= 200 && status < 300) latencies.push(ms);
  });
  const result = await instance;
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = Number(stat.count);
  return { seconds: result.duration, latencies, non2xx: result.non2xx, errors: result.errors, statusCodes };
}

/** Merges the measured rounds of one server: throughput over the summed time, percentiles over every response. */
export function mergeRuns(runs: readonly LoadRun[]): LoadResult {
  const all = Float64Array.from(runs.flatMap((r) => r.latencies)).sort();
  const seconds = runs.reduce((n, r) => n + r.seconds, 0);
  const statusCodes: Record<string, number> = {};
  for (const run of runs) for (const [code, n] of Object.entries(run.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + n;
  return {
    reqPerSec: all.length / seconds,
    roundsReqPerSec: runs.map((r) => r.latencies.length / r.seconds),
    latencyP50Ms: percentile(all, 0.5),
    latencyP99Ms: percentile(all, 0.99),
    latencyMaxMs: all.length ? all[all.length - 1] : 0,
    requests: all.length,
    non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
    errors: runs.reduce((n, r) => n + r.errors, 0),
    statusCodes,
  };
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: Float64Array, p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

/** GET requests cycling through `paths` (one shared counter: every connection takes the next). */
export function rotatingGets(paths: readonly string[], headers: Record<string, string>): () => AutocannonRequest[] {
  return () => {
    let next = 0;
    return [{ method: 'GET', headers, setupRequest: (request) => ({ ...request, method: 'GET', headers, path: paths[next++ % paths.length] }) }];
  };
}

/** POST requests whose JSON body is built per request from a counter. */
export function rotatingPosts(path: string, body: (i: number) => unknown, headers: Record<string, string>): () => AutocannonRequest[] {
  const all = { ...headers, 'content-type': 'application/json' };
  return () => {
    let next = 0;
    return [
      {
        method: 'POST',
        path,
        headers: all,
        setupRequest: (request) => ({ ...request, method: 'POST', path, headers: all, body: JSON.stringify(body(next++)) }),
      },
    ];
  };
}
