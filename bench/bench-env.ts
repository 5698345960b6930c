import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Settings of one benchmark run, from the environment. */
export interface BenchSettings {
  /** A server connection allowed to create and drop databases. */
  readonly adminUrl: string;
  /** Seconds of measured load per scenario and server (split over the rounds). */
  readonly seconds: number;
  /** Measured rounds per scenario; servers alternate within and between rounds (E B, B E, …). */
  readonly rounds: number;
  /** Seconds of unmeasured warm-up load per scenario and server. */
  readonly warmupSeconds: number;
  readonly connections: number;
  readonly deals: number;
  readonly orgs: number;
  /** Customers of the CRM pack loaded for the pack-* scenarios. */
  readonly customers: number;
  /** Pool size of both servers (the engine's default). */
  readonly poolSize: number;
  /** Scenario keys to run (LOOM_BENCH_ONLY=get,search); empty: all. */
  readonly only: string[];
}

export function benchSettings(env: NodeJS.ProcessEnv = process.env): BenchSettings {
  const seconds = positive(env.LOOM_BENCH_SECONDS, 10, 'LOOM_BENCH_SECONDS');
  return {
    adminUrl: env.LOOM_BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
    seconds,
    rounds: Math.min(seconds, positive(env.LOOM_BENCH_ROUNDS, 2, 'LOOM_BENCH_ROUNDS')),
    warmupSeconds: Math.max(1, Math.min(3, Math.round(seconds / 4))),
    connections: positive(env.LOOM_BENCH_CONNECTIONS, 20, 'LOOM_BENCH_CONNECTIONS'),
    deals: positive(env.LOOM_BENCH_DEALS, 200_000, 'LOOM_BENCH_DEALS'),
    orgs: positive(env.LOOM_BENCH_ORGS, 2_000, 'LOOM_BENCH_ORGS'),
    customers: positive(env.LOOM_BENCH_CUSTOMERS, 100_000, 'LOOM_BENCH_CUSTOMERS'),
    poolSize: 10,
    only: (env.LOOM_BENCH_ONLY ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  };
}

function positive(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number ≥ 1 (got "${raw}")`);
  return value;
}

/** The same server URL pointing at another database. */
export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}

export async function adminQuery<R extends pg.QueryResultRow = pg.QueryResultRow>(adminUrl: string, text: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Databases this run created, dropped by dropAll() at the end, on failure and on
 * Ctrl-C (WITH (FORCE) closes whatever connections are still open).
 */
export class BenchDatabases {
  private readonly names: string[] = [];
  private readonly pending = new Set<Promise<unknown>>();
  private closed = false;
  readonly prefix = `loom_bench_${randomBytes(4).toString('hex')}`;

  constructor(private readonly adminUrl: string) {}

  async create(suffix = ''): Promise<{ name: string; url: string }> {
    if (this.closed) throw new Error('the benchmark is stopping');
    const name = `${this.prefix}${suffix}`;
    if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad database name ${name}`);
    this.names.push(name);
    const creating = adminQuery(this.adminUrl, `CREATE DATABASE ${name}`);
    this.pending.add(creating);
    try {
      await creating;
    } finally {
      this.pending.delete(creating);
    }
    return { name, url: withDatabase(this.adminUrl, name) };
  }

  /** Refuses further creates and waits for any CREATE in flight, so nothing is left behind. */
  async dropAll(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.pending]);
    for (const name of this.names.splice(0)) {
      await adminQuery(this.adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch((error) => {
        console.error(`could not drop database ${name}: ${(error as Error).message}`);
      });
    }
  }
}
