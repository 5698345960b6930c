import { sql, type Kysely } from 'kysely';
import { retryDelayMs, type BatchHandler, type JobHandler, type JobQueue } from './job-queue.ts';
import { insertJob, jobRow } from './outbox.ts';
import type { InsertAlong } from '../db/insert-along.ts';

export interface LocalRunnerOptions {
  readonly db: Kysely<any>;
  now(): Date;
  readonly log: { error(obj: object, msg?: string): void };
  /** How long the runner sleeps when no job is due (default 500 ms). */
  readonly pollMs?: number;
}

/** Finished jobs are kept this long (their keys still drop repeated sends), then deleted. */
const KEEP_FINISHED_MS = 14 * 86_400_000;
const MINUTE = 60_000;

/**
 * The job runner of an embedded (PGlite) installation: it runs the jobs of `loom.jobs` in this
 * process, one at a time, oldest due first, retrying a failed one with exponential backoff.
 *
 * It serves ONE instance: PGlite is a database inside this process, so no other process shares
 * its jobs. On start, jobs left `active` by a process that stopped abruptly are due again (no
 * other runner can be working on them). Its minute timer is this process's own.
 */
export class LocalJobRunner implements JobQueue {
  readonly #handlers = new Map<string, JobHandler>();
  readonly #minutely: { run: () => Promise<void> }[] = [];
  readonly #options: LocalRunnerOptions;
  #running = false;
  #loop?: Promise<void>;
  #wake?: () => void;
  #minuteTimer?: NodeJS.Timeout;
  #lastCleanup = 0;

  constructor(options: LocalRunnerOptions) {
    this.#options = options;
  }

  async start(): Promise<void> {
    if (this.#running) return;
    await sql`update loom.jobs set state = 'retry' where state = 'active'`.execute(this.#options.db);
    this.#running = true;
    this.#loop = this.#runLoop();
    this.#minuteTimer = setInterval(() => void this.#runMinutely(), MINUTE);
    this.#minuteTimer.unref();
  }

  async stop(): Promise<void> {
    this.#running = false;
    clearInterval(this.#minuteTimer);
    this.#wake?.();
    await this.#loop;
  }

  async send(trx: Kysely<any>, name: string, data: unknown, options: Parameters<JobQueue['send']>[3]): Promise<void> {
    await insertJob(trx, this.#options.now(), name, data, options);
    this.#wakeSoon();
  }

  sendAlong(name: string, data: unknown, options: Parameters<JobQueue['send']>[3]): InsertAlong {
    this.#wakeSoon();
    return jobRow(this.#options.now(), name, data, options);
  }

  /** A job is visible once the caller's statement or transaction commits: wake the runner soon after. */
  #wakeSoon() {
    setTimeout(() => this.#wake?.(), 20).unref();
  }

  async work(name: string, handler: JobHandler): Promise<void> {
    this.#handlers.set(name, handler);
    this.#wake?.();
  }

  /** One job per call here: the embedded database serves one instance and runs its jobs one at a time. */
  async workBatch(name: string, handler: BatchHandler): Promise<void> {
    await this.work(name, (data, job) => handler([{ data, job }]));
  }

  async everyMinute(_name: string, run: () => Promise<void>): Promise<void> {
    this.#minutely.push({ run });
  }

  /** Runs every job due now, then returns how many ran (tests use it to wait for the queue). */
  async runDue(): Promise<number> {
    let count = 0;
    while (await this.#runOne()) count++;
    return count;
  }

  async #runMinutely() {
    for (const task of this.#minutely) {
      try {
        await task.run();
      } catch (error) {
        this.#options.log.error({ err: error }, 'minute task failed');
      }
    }
  }

  async #runLoop() {
    while (this.#running) {
      let ran = false;
      try {
        ran = await this.#runOne();
        await this.#cleanup();
      } catch (error) {
        this.#options.log.error({ err: error }, 'job runner: reading the job table failed');
      }
      if (!ran && this.#running) await this.#sleep(this.#options.pollMs ?? 500);
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
  }

  /** Claims the oldest due job of a known name and runs it; false when none is due. */
  async #runOne(): Promise<boolean> {
    const names = [...this.#handlers.keys()];
    if (!names.length) return false;
    const { db, now } = this.#options;
    const claimed = await sql<{ id: number; name: string; key: string; data: unknown; attempt: number; retry_limit: number }>`
      update loom.jobs set state = 'active', attempt = attempt + 1
      where id = (
        select id from loom.jobs
        where state in ('created', 'retry') and start_after <= ${now()} and name = any(${names}::text[])
        order by start_after, id limit 1 for update skip locked)
      returning id, name, key, data, attempt, retry_limit`.execute(db);
    const job = claimed.rows[0];
    if (!job) return false;
    try {
      await this.#handlers.get(job.name)!(job.data, { id: String(job.id), attempt: job.attempt, key: job.key });
      await sql`update loom.jobs set state = 'completed', finished_at = ${now()}, last_error = null where id = ${job.id}`.execute(db);
    } catch (error) {
      const last = job.attempt > job.retry_limit;
      const message = error instanceof Error ? error.message : String(error);
      this.#options.log.error(
        { err: error, job: job.name, key: job.key, attempt: job.attempt },
        last ? 'job failed for good' : 'job failed; it will be retried',
      );
      await sql`update loom.jobs set state = ${last ? 'failed' : 'retry'}, last_error = ${message.slice(0, 2000)},
          start_after = ${new Date(now().getTime() + retryDelayMs(job.attempt))}, finished_at = ${last ? now() : null}
        where id = ${job.id}`.execute(db);
    }
    return true;
  }

  async #cleanup() {
    const at = Date.now();
    if (at - this.#lastCleanup < 10 * MINUTE) return;
    this.#lastCleanup = at;
    const before = new Date(this.#options.now().getTime() - KEEP_FINISHED_MS);
    await sql`delete from loom.jobs where state in ('completed', 'failed', 'moved') and coalesce(finished_at, created_at) < ${before}`.execute(
      this.#options.db,
    );
  }
}
