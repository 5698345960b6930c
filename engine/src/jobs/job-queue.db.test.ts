import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrateSystem } from '../db/migrate-system.ts';
import { describeOnEachBackend } from '../../test/test-database.ts';
import { createJobQueue } from './create-job-queue.ts';
import type { JobInfo, JobQueue } from './job-queue.ts';

const quiet = { error() {}, warn() {} };

describeOnEachBackend('job queue', (ctx) => {
  let queue: JobQueue;
  let clock = new Date('2027-01-01T00:00:00Z');
  const runs: { name: string; data: unknown; job: JobInfo }[] = [];
  let failFirst = true;

  beforeAll(async () => {
    await migrateSystem(ctx.database.db);
    queue = createJobQueue({ database: ctx.database, now: () => clock, log: quiet });
    await queue.start();
    await queue.work('test-echo', async (data, job) => void runs.push({ name: 'test-echo', data, job }));
    await queue.work('test-flaky', async (data, job) => {
      runs.push({ name: 'test-flaky', data, job });
      if (failFirst) {
        failFirst = false;
        throw new Error('first attempt fails');
      }
    });
  });
  afterAll(async () => {
    await queue?.stop();
  });

  async function until(check: () => boolean, what: string) {
    for (let i = 0; i < 200; i++) {
      if (check()) return;
      // Retries are due on the queue's clock (the in-process runner) or the database's (pg-boss).
      clock = new Date(clock.getTime() + 30_000);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  it('runs a job sent in a committed transaction once, and nothing sent in a rolled-back one', async () => {
    const db = ctx.database.db;
    await expect(
      db.transaction().execute(async (trx) => {
        await queue.send(trx, 'test-echo', { n: 'rolled back' }, { key: 'k-rolled-back' });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    await db.transaction().execute(async (trx) => {
      await queue.send(trx, 'test-echo', { n: 1 }, { key: 'k1' });
      await queue.send(trx, 'test-echo', { n: 'same key' }, { key: 'k1' });
    });
    await queue.send(db, 'test-echo', { n: 'same key, later' }, { key: 'k1' });
    await queue.send(db, 'test-echo', { n: 2 }, { key: 'k2' });
    await until(() => runs.filter((r) => r.name === 'test-echo').length >= 2, 'two jobs');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const echoes = runs.filter((r) => r.name === 'test-echo');
    expect(echoes.map((r) => [r.data, r.job.key, r.job.attempt]).sort((a, b) => String(a[1]).localeCompare(String(b[1])))).toEqual([
      [{ n: 1 }, 'k1', 1],
      [{ n: 2 }, 'k2', 1],
    ]);
    expect((await sql`select count(*)::int as n from loom.jobs where key = 'k-rolled-back'`.execute(db)).rows[0]).toEqual({ n: 0 });
  });

  it('retries a failing job with backoff until it succeeds', async () => {
    await queue.send(ctx.database.db, 'test-flaky', { n: 'flaky' }, { key: 'f1', retryLimit: 2 });
    await until(() => runs.filter((r) => r.name === 'test-flaky').length >= 2, 'the retry');
    expect(runs.filter((r) => r.name === 'test-flaky').map((r) => r.job.attempt)).toEqual([1, 2]);
  });

  it('runs the jobs a batch handler is given together, and a batch with a failing job job by job, the others not held back', async () => {
    const sizes: number[] = [];
    const done: [number, number][] = [];
    // Sent before the handler exists, in one transaction: the queue has them all when it first fetches.
    await ctx.database.db.transaction().execute(async (trx) => {
      for (let n = 0; n < 6; n++) await queue.send(trx, 'test-batch', { n, poison: n === 3 }, { key: `batch-${n}`, retryLimit: 2 });
    });
    await queue.workBatch('test-batch', async (jobs) => {
      sizes.push(jobs.length);
      if (jobs.some((j) => (j.data as { poison: boolean }).poison && j.job.attempt === 1)) throw new Error('a poisoned job');
      done.push(...jobs.map((j): [number, number] => [(j.data as { n: number }).n, j.job.attempt]));
    });
    await until(() => done.length >= 6, 'six jobs done');
    expect(done.sort((a, b) => a[0] - b[0])).toEqual([
      [0, 1],
      [1, 1],
      [2, 1],
      [3, 2],
      [4, 1],
      [5, 1],
    ]);
    // pg-boss hands over what it fetched at once; the embedded runner runs one job at a time.
    if (ctx.kind === 'postgres') expect(Math.max(...sizes)).toBeGreaterThan(1);
  });

  it('holds a job until its start time', async () => {
    const startAfter = new Date(clock.getTime() + 3_000);
    await queue.send(ctx.database.db, 'test-echo', { n: 'later' }, { key: 'later', startAfter });
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(runs.some((r) => r.job.key === 'later')).toBe(false);
    await until(() => runs.some((r) => r.job.key === 'later'), 'the delayed job');
  });

  // The in-process runner serves one instance: a job it was running when the process died is
  // run again on the next start. (pg-boss expires a dead worker's job and retries it itself.)
  it.runIf(ctx.kind === 'pglite')('runs again on start a job that was running when the process stopped abruptly', async () => {
    await sql`insert into loom.jobs (name, key, data, state, attempt, start_after, created_at)
      values ('test-echo', 'interrupted', '{"n":"interrupted"}', 'active', 1, ${clock}, ${clock})`.execute(ctx.database.db);
    const restarted = createJobQueue({ database: ctx.database, now: () => clock, log: quiet });
    await queue.stop();
    const seen: JobInfo[] = [];
    await restarted.work('test-echo', async (_data, job) => void seen.push(job));
    await restarted.start();
    queue = restarted;
    await until(() => seen.some((j) => j.key === 'interrupted'), 'the interrupted job');
    expect(seen.find((j) => j.key === 'interrupted')!.attempt).toBe(2);
  });
});
