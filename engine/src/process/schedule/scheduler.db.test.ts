import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { migrateSystem } from '../../db/migrate-system.ts';
import { describeOnEachBackend } from '../../../test/test-database.ts';
import type { ProcessServices, SweepWindow } from '../process-services.ts';
import { createScheduler } from './scheduler.ts';

describeOnEachBackend('scheduler: sweeps over windows of time', (ctx) => {
  let now = new Date('2027-01-01T00:00:00Z');
  const errors: string[] = [];
  const scheduler = () =>
    createScheduler({
      get db() {
        return ctx.database.db;
      },
      now: () => now,
      log: { info() {}, warn() {}, error: (_o: object, msg?: string) => errors.push(msg ?? '') },
    } as unknown as ProcessServices);

  beforeAll(async () => {
    await migrateSystem(ctx.database.db);
  });

  it('starts a new sweep from now, then sweeps each window once, retrying one that failed', async () => {
    const windows: [string, string][] = [];
    let fail = false;
    const s = scheduler();
    s.registerSweep('test-windows', async (trx, w: SweepWindow) => {
      await sql`insert into loom.sweeps (name, swept_to, updated_at) values ('test-marker', ${w.to}, ${w.to}) on conflict (name) do update set swept_to = excluded.swept_to`.execute(
        trx,
      );
      if (fail) throw new Error('sweep fails');
      windows.push([w.from.toISOString(), w.to.toISOString()]);
    });
    expect(() => s.registerSweep('test-windows', async () => {})).toThrow(/registered twice/);
    await s.tick();
    expect(windows).toEqual([]);
    now = new Date('2027-01-01T00:01:00Z');
    await s.tick();
    await s.tick();
    expect(windows).toEqual([['2027-01-01T00:00:00.000Z', '2027-01-01T00:01:00.000Z']]);

    fail = true;
    now = new Date('2027-01-01T00:02:00Z');
    await expect(s.tick()).rejects.toThrow(/1 sweep\(s\) failed/);
    expect(errors).toEqual(['sweep failed; its window runs again on the next tick']);
    // The failed sweep's writes rolled back with its watermark.
    expect((await sql`select count(*)::int as n from loom.sweeps where name = 'test-marker'`.execute(ctx.database.db)).rows[0]).toEqual({ n: 1 });
    fail = false;
    now = new Date('2027-01-01T00:03:00Z');
    await s.tick();
    expect(windows).toEqual([
      ['2027-01-01T00:00:00.000Z', '2027-01-01T00:01:00.000Z'],
      ['2027-01-01T00:01:00.000Z', '2027-01-01T00:03:00.000Z'],
    ]);

    // Another scheduler (another instance) continues from the stored watermark.
    const other = scheduler();
    const seen: string[] = [];
    other.registerSweep('test-windows', async (_trx, w) => void seen.push(w.from.toISOString()));
    now = new Date('2027-01-01T00:04:00Z');
    await other.tick();
    expect(seen).toEqual(['2027-01-01T00:03:00.000Z']);
  });
});
