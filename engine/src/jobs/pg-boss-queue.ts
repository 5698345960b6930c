import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { PgBoss } from 'pg-boss';
import type { BatchHandler, JobHandler, JobQueue, SendOptions } from './job-queue.ts';
import { insertJob, jobRow } from './outbox.ts';
import type { InsertAlong } from '../db/insert-along.ts';

export interface PgBossQueueOptions {
  readonly db: Kysely<any>;
  /** The database's postgres:// URL: pg-boss keeps a small pool of its own. */
  readonly url: string;
  now(): Date;
  readonly log: { error(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
  /** How often the relay looks for new jobs (default 500 ms). */
  readonly relayMs?: number;
}

/** pg-boss's tables live in a schema of their own, beside `loom` and `records`. */
const BOSS_SCHEMA = 'pgboss';
const RELAY_BATCH = 500;
/** Jobs fetched at once by a worker, and how many of them run at the same time (each may hold a database connection). */
const WORK_BATCH = 20;
const WORK_PARALLEL = 4;

/**
 * The job queue of a PostgreSQL installation: pg-boss runs the jobs (retries with backoff,
 * expiry of a job whose worker died, one worker per job across every instance, the minute
 * schedule fired once across instances).
 *
 * Jobs are not sent to pg-boss directly: `send` inserts into the `loom.jobs` outbox in the
 * caller's transaction, and a relay on every instance moves committed rows to pg-boss (rows
 * claimed FOR UPDATE SKIP LOCKED, so two relays never take the same row). The outbox makes a
 * send one plain INSERT that needs no running pg-boss (tests, CLI commands, a write racing
 * the start), keeps the dedupe by key for as long as the row lives, and is the same on both
 * backends. The pg-boss job id is derived from the key, so a relay that dies after handing a
 * batch to pg-boss but before marking it moved hands the same ids again and pg-boss drops them.
 */
export class PgBossQueue implements JobQueue {
  readonly #options: PgBossQueueOptions;
  readonly #boss: PgBoss;
  readonly #names = new Set<string>();
  #started?: Promise<void>;
  #relayTimer?: NodeJS.Timeout;
  #relaying?: Promise<void>;
  #stopped = false;

  constructor(options: PgBossQueueOptions) {
    this.#options = options;
    this.#boss = new PgBoss({ connectionString: options.url, schema: BOSS_SCHEMA, max: 4 });
    // An 'error' event nobody listens to would end the process.
    this.#boss.on('error', (error) => options.log.error({ err: error }, 'job queue (pg-boss) error'));
  }

  start(): Promise<void> {
    this.#started ??= this.#boss.start().then(() => {
      this.#relayTimer = setInterval(() => void this.#relay(), this.#options.relayMs ?? 500);
      this.#relayTimer.unref();
    });
    return this.#started;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#relayTimer);
    await this.#relaying;
    if (this.#started) await this.#boss.stop({ graceful: true, timeout: 10_000 });
  }

  async send(trx: Kysely<any>, name: string, data: unknown, options: SendOptions): Promise<void> {
    await insertJob(trx, this.#options.now(), name, data, options);
  }

  sendAlong(name: string, data: unknown, options: SendOptions): InsertAlong {
    return jobRow(this.#options.now(), name, data, options);
  }

  work(name: string, handler: JobHandler): Promise<void> {
    return this.#work(name, undefined, handler);
  }

  workBatch(name: string, handler: BatchHandler): Promise<void> {
    return this.#work(name, handler, (data, job) => handler([{ data, job }]));
  }

  async #work(name: string, batch: BatchHandler | undefined, handler: JobHandler): Promise<void> {
    await this.start();
    await this.#ensureQueue(name);
    this.#names.add(name);
    // pg-boss waits the polling interval after each fetch unless the batch came back full: one
    // job per fetch would cap a queue at two jobs a second. Batches of WORK_BATCH are fetched back
    // to back while the queue is busy, their jobs run a few at a time (or all in one call of a
    // batch handler), and each job is settled on its own (a failing one is retried with backoff,
    // the rest complete).
    await this.#boss.work<{ data: unknown; key: string }>(
      name,
      { batchSize: WORK_BATCH, pollingIntervalSeconds: 0.5, burstWhenBatchFull: true, perJobResults: true },
      async (jobs) => {
        const info = (job: (typeof jobs)[number]) => ({ id: job.id, attempt: job.retryCount + 1, key: job.data.key });
        if (batch && jobs.length > 1) {
          try {
            await batch(jobs.map((job) => ({ data: job.data.data, job: info(job) })));
            return jobs.map((job) => ({ id: job.id, status: 'completed' as const }));
          } catch (error) {
            this.#options.log.warn({ err: error, job: name, jobs: jobs.length }, 'a batch of jobs failed; each is run alone');
          }
        }
        const results: { id: string; status: 'completed' | 'failed'; output?: unknown }[] = [];
        for (let i = 0; i < jobs.length; i += WORK_PARALLEL) {
          const slice = jobs.slice(i, i + WORK_PARALLEL);
          const settled = await Promise.allSettled(slice.map((job) => handler(job.data.data, info(job))));
          settled.forEach((outcome, j) =>
            results.push(
              outcome.status === 'fulfilled'
                ? { id: slice[j].id, status: 'completed' }
                : { id: slice[j].id, status: 'failed', output: { message: String((outcome.reason as Error)?.message ?? outcome.reason) } },
            ),
          );
        }
        return results;
      },
    );
    void this.#relay();
  }

  async everyMinute(name: string, run: () => Promise<void>): Promise<void> {
    await this.start();
    await this.#ensureQueue(name);
    // pg-boss files one job per minute across every instance; whichever worker takes it runs.
    await this.#boss.schedule(name, '* * * * *');
    await this.#boss.work(name, { batchSize: 1, pollingIntervalSeconds: 2 }, async () => run());
  }

  /** Moves committed outbox rows of the names this instance works on to pg-boss. */
  #relay(): Promise<void> {
    if (this.#relaying || this.#stopped || !this.#names.size) return this.#relaying ?? Promise.resolve();
    this.#relaying = this.#relayBatches()
      .catch((error) => this.#options.log.error({ err: error }, 'job relay failed; it tries again'))
      .finally(() => (this.#relaying = undefined));
    return this.#relaying;
  }

  async #relayBatches() {
    while (!this.#stopped && (await this.#relayBatch()) === RELAY_BATCH);
  }

  async #relayBatch(): Promise<number> {
    return this.#options.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ id: number; name: string; key: string; data: unknown; retry_limit: number; delay: number }>`
        select id, name, key, data, retry_limit, extract(epoch from start_after - created_at)::float8 as delay from loom.jobs
        where state = 'created' and name = any(${[...this.#names]}::text[])
        order by id limit ${RELAY_BATCH} for update skip locked`.execute(trx);
      if (!rows.length) return 0;
      const byName = new Map<string, typeof rows>();
      for (const row of rows) byName.set(row.name, [...(byName.get(row.name) ?? []), row]);
      for (const [name, jobs] of byName) {
        await this.#boss.insert(
          name,
          jobs.map((job) => ({
            id: jobId(name, job.key),
            data: { data: job.data, key: job.key },
            // The delay the sender asked for, counted from now: the sender's clock (injectable)
            // and pg-boss's (the database's) need not agree.
            startAfter: Math.max(0, Math.ceil(job.delay)),
            retryLimit: job.retry_limit,
            retryDelay: 2,
            retryBackoff: true,
            retryDelayMax: 3600,
          })),
        );
      }
      await sql`update loom.jobs set state = 'moved', finished_at = ${this.#options.now()} where id = any(${rows.map((r) => r.id)}::bigint[])`.execute(trx);
      return rows.length;
    });
  }

  async #ensureQueue(name: string) {
    if (await this.#boss.getQueue(name)) return;
    try {
      await this.#boss.createQueue(name);
    } catch (error) {
      // Another instance created it meanwhile.
      if (!(await this.#boss.getQueue(name))) throw error;
    }
  }
}

/** A uuid made from the job's name and key: the same job always gets the same pg-boss id. */
function jobId(name: string, key: string): string {
  const hex = createHash('sha256').update(`${name}\u0000${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
