import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { createTestUser, describeAppOnEachBackend, type TestUser } from '../../test/test-app.ts';
import { SYSTEM_ACTOR } from '../data/actor.ts';
import { documents, TEST_TIME_ZONE } from './report-fixtures.ts';
import { seedReportRecords } from './report-seed.ts';
import { runReport, type ReportServices } from './run-report.ts';

/**
 * Every measure, bucket and grouping against hand-written SQL over the same rows; the
 * statement the report builds is not looked at, only what it answers.
 */
describeAppOnEachBackend('reports against hand-written SQL', documents, (ctx) => {
  let seller: TestUser;
  const now = new Date('2026-03-15T10:00:00Z');
  const services = (): ReportServices => ({ db: ctx.test.database.db, model: () => ctx.app.loom.registry.current(), now: () => now, timeZone: TEST_TIME_ZONE });
  const run = (name: string, query: Record<string, unknown> = {}) => runReport(services(), name, query, SYSTEM_ACTOR, { locale: 'en' });
  const db = () => ctx.test.database.db;
  const rowsOf = async (query: ReturnType<typeof sql>) => (await query.execute(db())).rows as Record<string, unknown>[];
  const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));

  beforeAll(async () => {
    seller = await createTestUser(ctx.app, { roles: ['seller'] });
    // Each payer pays in two parts.
    await seedReportRecords(ctx.app, seller, { seed: 7, deals: 160, paymentParts: [0.6, 0.4] });
  }, 120_000);

  it('count, sum, avg, min, max, countDistinct, a measure with its own filter, a ratio and a formula, per select value', async () => {
    const answer = await run('by_stage');
    const expected = await rowsOf(sql`select stage, count(*) as c, sum(amount) as total, avg(amount) as average, min(amount) as lowest, max(amount) as highest,
      count(distinct account) as accounts, sum(amount) filter (where amount >= 5000) as big_amount, count(*) filter (where amount >= 5000) as big
      from loom_data.deal group by stage`);
    expect(answer.rows).toHaveLength(expected.length);
    // Options' order, then the empty value.
    expect(answer.rows.map((r) => r.stage)).toEqual(['open', 'won', 'lost', null]);
    for (const row of answer.rows) {
      const e = expected.find((x) => x.stage === row.stage)!;
      expect(row.count).toBe(n(e.c));
      expect(row.total).toBeCloseTo(n(e.total)!, 6);
      expect(row.average).toBeCloseTo(n(e.average)!, 6);
      expect(row.lowest).toBe(n(e.lowest));
      expect(row.highest).toBe(n(e.highest));
      expect(row.accounts).toBe(n(e.accounts));
      expect(row.bigAmount === null ? null : Number(row.bigAmount)).toBeCloseTo(n(e.big_amount) ?? 0, 6);
      expect(row.big).toBe(n(e.big));
      expect(row.bigShare).toBeCloseTo(n(e.big)! / n(e.c)!, 9);
      expect(row.spread).toBeCloseTo(n(e.highest)! - n(e.lowest)!, 6);
    }
    expect(answer.columns.map((c) => [c.key, c.role, c.type])).toEqual([
      ['stage', 'dimension', 'select'],
      ['count', 'measure', 'integer'],
      ['total', 'measure', 'number'],
      ['average', 'measure', 'number'],
      ['lowest', 'measure', 'number'],
      ['highest', 'measure', 'number'],
      ['accounts', 'measure', 'integer'],
      ['bigAmount', 'measure', 'number'],
      ['big', 'measure', 'integer'],
      ['bigShare', 'measure', 'percent'],
      ['spread', 'measure', 'number'],
    ]);
  });

  for (const bucket of ['day', 'week', 'month', 'quarter', 'year']) {
    it(`buckets a date by ${bucket}, and an instant by ${bucket} in the installation's time zone, with the empty buckets between as zeros`, async () => {
      for (const [report, column] of [
        [`closed_on_${bucket}`, sql`closed_on::timestamp`],
        [`closed_at_${bucket}`, sql`(closed_at at time zone ${TEST_TIME_ZONE})`],
      ] as const) {
        const answer = await run(report);
        const expected = await rowsOf(
          sql`select date_trunc(${bucket}, ${column})::date::text as b, count(*) as c, sum(amount) as total from loom_data.deal group by 1 order by 1 nulls last`,
        );
        const byBucket = new Map(expected.map((e) => [e.b, e]));
        const key = answer.columns[0].key;
        const buckets = answer.rows.map((r) => r[key]);
        const present = expected.filter((e) => e.b !== null).map((e) => e.b as string);
        // Every bucket from the first to the last, each once, in order; the empty ones count 0.
        expect(buckets.filter((b) => b !== null)).toEqual([...new Set(buckets.filter((b) => b !== null))].sort());
        expect(buckets[0]).toBe(present[0]);
        for (const row of answer.rows) {
          const e = byBucket.get(row[key] as string | null);
          expect(row.count, `${report} ${row[key]}`).toBe(e ? n(e.c) : 0);
          expect(row.total as number).toBeCloseTo(e ? (n(e.total) ?? 0) : 0, 6);
        }
        for (const b of present) expect(buckets).toContain(b);
      }
    });
  }

  it('groups through a lookup path, and by two dimensions for a pivot', async () => {
    const tiers = await run('by_tier');
    const expected = await rowsOf(
      sql`select a.tier, count(*) as c, sum(d.amount) as total from loom_data.deal d left join loom_data.account a on a.id = d.account group by a.tier`,
    );
    expect(tiers.rows.map((r) => [r['account.tier'], r.count])).toEqual(
      ['gold', 'silver', 'bronze', null].filter((t) => expected.some((e) => e.tier === t)).map((t) => [t, n(expected.find((e) => e.tier === t)!.c)]),
    );
    const pivot = await run('month_by_stage');
    const cells = await rowsOf(
      sql`select date_trunc('month', closed_on::timestamp)::date::text as m, stage, count(*) as c from loom_data.deal where closed_on is not null group by 1, 2`,
    );
    for (const cell of cells) {
      const row = pivot.rows.find((r) => r['closedOn:month'] === cell.m && r.stage === cell.stage);
      expect(row?.count).toBe(n(cell.c));
    }
    expect(pivot.chart.pivot?.by).toBe('stage');
    expect(pivot.chart.x).toBe('closedOn:month');
  });

  it('binds parameters: a date range (its months filled), a select, a user and a number in the filter', async () => {
    const all = await run('ranged');
    expect(all.rows.map((r) => r['closedOn:month'])).toEqual([
      '2025-10-01',
      '2025-11-01',
      '2025-12-01',
      '2026-01-01',
      '2026-02-01',
      '2026-03-01',
      '2026-04-01',
      '2026-05-01',
      '2026-06-01',
      '2026-07-01',
      '2026-08-01',
    ]);
    const answer = await run('ranged', { period: '2026-01-10..2026-04-20', stage: 'won,lost', owner: seller.id, least: '1000' });
    const expected = await rowsOf(sql`select date_trunc('month', closed_on::timestamp)::date::text as m, count(*) as c, sum(amount) as total from loom_data.deal
      where closed_on between '2026-01-10' and '2026-04-20' and stage in ('won', 'lost') and owner = ${seller.id}::uuid and amount >= 1000 group by 1`);
    expect(answer.rows.map((r) => r['closedOn:month'])).toEqual(['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01']);
    for (const row of answer.rows) {
      const e = expected.find((x) => x.m === row['closedOn:month']);
      expect(row.count).toBe(e ? n(e.c) : 0);
    }
    expect(answer.params.find((p) => p.name === 'period')?.value).toEqual({ from: '2026-01-10', to: '2026-04-20' });
  });

  it('compares this month with the last, and with the same month last year', async () => {
    const [answer] = (await run('month_over_month')).rows;
    const [e] = await rowsOf(sql`select sum(amount) filter (where closed_on >= '2026-03-01' and closed_on < '2026-04-01') as cur,
      sum(amount) filter (where closed_on >= '2026-02-01' and closed_on < '2026-03-01') as prev from loom_data.deal`);
    expect(answer.total).toBeCloseTo(n(e.cur)!, 6);
    expect(answer.before).toBeCloseTo(n(e.prev)!, 6);
    expect(answer.change).toBeCloseTo((n(e.cur)! - n(e.prev)!) / n(e.prev)!, 9);
    const yoy = await run('year_over_year');
    const expected =
      await rowsOf(sql`select stage, count(*) filter (where (closed_at at time zone ${TEST_TIME_ZONE}) >= '2026-03-01' and (closed_at at time zone ${TEST_TIME_ZONE}) < '2026-04-01') as cur,
      count(*) filter (where (closed_at at time zone ${TEST_TIME_ZONE}) >= '2025-03-01' and (closed_at at time zone ${TEST_TIME_ZONE}) < '2025-04-01') as prev
      from loom_data.deal where (closed_at at time zone ${TEST_TIME_ZONE}) >= '2025-03-01' and (closed_at at time zone ${TEST_TIME_ZONE}) < '2026-04-01'
        and ((closed_at at time zone ${TEST_TIME_ZONE}) < '2025-04-01' or (closed_at at time zone ${TEST_TIME_ZONE}) >= '2026-03-01') group by stage`);
    for (const row of yoy.rows) {
      const x = expected.find((r) => r.stage === row.stage)!;
      expect([row.count, row.lastYear]).toEqual([n(x.cur), n(x.prev)]);
    }
  });

  it('measures lines through their master and a lookup: sales − quantity × product cost', async () => {
    const answer = await run('profit_by_region');
    const expected = await rowsOf(sql`select o.region, sum(l.amount) as sales, sum(l.amount - l.qty * p.cost) as profit
      from loom_data.order_line l join loom_data."order" o on o.id = l."order" join loom_data.product p on p.id = l.product group by o.region`);
    expect(answer.rows).toHaveLength(expected.length);
    for (const row of answer.rows) {
      const e = expected.find((x) => x.region === row['order.region'])!;
      expect(row.sales).toBeCloseTo(n(e.sales)!, 6);
      expect(row.profit === null ? null : Number(row.profit)).toBe(n(e.profit));
    }
  });

  it('80/20: each payer’s share and the cumulative share, largest first; top 2 and the others', async () => {
    const answer = await run('pareto');
    expect(answer.rows.map((r) => [r.payer, r.amount, r.share, r.cumulative])).toEqual([
      ['P0', 500, 0.5, 0.5],
      ['P1', 300, 0.3, 0.8],
      ['P2', 80, 0.08, 0.88],
      ['P3', 40, 0.04, 0.92],
      ['P4', 30, 0.03, 0.95],
      ['P5', 20, 0.02, 0.97],
      ['P6', 10, 0.01, 0.98],
      ['P7', 10, 0.01, 0.99],
      ['P8', 5, 0.005, 0.995],
      ['P9', 5, 0.005, 1],
    ]);
    const top = await run('pareto_top');
    expect(top.rows.map((r) => [r.payer, r.amount, r.payments, r.average, r.cumulative, r.$others ?? false])).toEqual([
      ['P0', 500, 2, 250, 0.5, false],
      ['P1', 300, 2, 150, 0.8, false],
      [null, 200, 16, 12.5, 1, true],
    ]);
    expect((top.rows[2].$label as Record<string, string>).payer).toBe('Others');
  });
});
