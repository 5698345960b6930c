import { sql, type Kysely } from 'kysely';
import type { ProcessPart } from '../process-part.ts';
import type { ProcessServices, SweepWindow } from '../process-services.ts';

type Sweep = (trx: Kysely<any>, window: SweepWindow) => Promise<void>;

/** The job that ticks the scheduler each minute (pg-boss's schedule, or the in-process timer). */
export const TICK_JOB = 'loom-tick';

/**
 * Runs the registered sweeps (reminders, scheduled automations, date triggers, approval
 * timeouts) over windows of time, once across every instance:
 *
 * - `loom.sweeps` holds, per sweep, the time it has run up to. A tick takes the row's lock
 *   (FOR UPDATE SKIP LOCKED: an instance already sweeping it is left to it), runs the sweep
 *   over (swept_to, now] in that transaction and stores `now` in the same transaction. A sweep
 *   that fails or whose instance dies rolls back, and the next tick (on any instance) runs the
 *   same window again; one that commits never runs that window again.
 * - A sweep seen for the first time starts from now: the past is not swept retroactively.
 * - The queue ticks every minute, and each instance ticks once on start, so whatever fell due
 *   while every instance was down runs once, in one window, on the first start.
 */
export function createScheduler(services: Omit<ProcessServices, 'registerSweep'>): ProcessPart & {
  registerSweep(name: string, sweep: Sweep): void;
  /** Runs every sweep up to now (the tick the queue runs each minute; tests call it). */
  tick(): Promise<void>;
} {
  const sweeps = new Map<string, Sweep>();
  // One tick at a time in this instance (the timer and a test may both ask).
  let ticking: Promise<void> = Promise.resolve();

  async function runSweep(name: string, sweep: Sweep, now: Date): Promise<void> {
    const db = services.db;
    await sql`insert into loom.sweeps (name, swept_to, updated_at) values (${name}, ${now}, ${now}) on conflict (name) do nothing`.execute(db);
    await db.transaction().execute(async (trx) => {
      const row = (await sql<{ swept_to: Date }>`select swept_to from loom.sweeps where name = ${name} for update skip locked`.execute(trx)).rows[0];
      // Another instance is sweeping it right now: that one covers this window.
      if (!row) return;
      const from = new Date(row.swept_to);
      if (from >= now) return;
      await sweep(trx, { from, to: now });
      await sql`update loom.sweeps set swept_to = ${now}, updated_at = ${now} where name = ${name}`.execute(trx);
    });
  }

  async function tickOnce(): Promise<void> {
    const now = services.now();
    const failures: unknown[] = [];
    for (const [name, sweep] of sweeps) {
      try {
        await runSweep(name, sweep, now);
      } catch (error) {
        failures.push(error);
        services.log.error({ err: error, sweep: name }, 'sweep failed; its window runs again on the next tick');
      }
    }
    if (failures.length) throw new AggregateError(failures, `${failures.length} sweep(s) failed`);
  }

  function tick(): Promise<void> {
    const next = ticking.then(tickOnce, tickOnce);
    ticking = next.catch(() => {});
    return next;
  }

  return {
    registerSweep(name, sweep) {
      if (sweeps.has(name)) throw new Error(`sweep "${name}" is registered twice`);
      sweeps.set(name, sweep);
    },
    tick,
    async start() {
      await services.jobs.everyMinute(TICK_JOB, () => tick());
      // What fell due while the server was down runs now, not in a minute.
      await tick().catch(() => {});
    },
    async stop() {
      // A tick under way finishes (or rolls back) before the queue and the database close.
      await ticking;
    },
  };
}
