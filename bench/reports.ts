/**
 * Reports in `npm run bench` (`reports`): on 1,000,000 sales, each report run through the
 * engine (`runReport`: parameters, permission predicate, one statement, labels, drill-down
 * filters) against the equivalent hand-written SQL on the same database; a salesperson's
 * report (their own sales) against the administrator's; a 6-widget dashboard against its
 * slowest report. Medians of several runs each, the two sides alternating.
 * Targets: grouped and 80/20 ≤ 1.3× the SQL, scoped ≤ 1.5× the administrator, dashboard ≤ 1.5×.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { configFromEnv } from '../engine/src/app/config.ts';
import type { Actor } from '../engine/src/data/actor.ts';
import { openDatabase } from '../engine/src/db/database.ts';
import { buildServer } from '../engine/src/http/server.ts';
import { OWNER_TEAM_KEY } from '../engine/src/model/table-spec.ts';
import { runReport, type ReportServices } from '../engine/src/reports/run-report.ts';
import { runDashboard } from '../engine/src/reports/run-dashboard.ts';

export const REPORT_TARGETS = { vsSql: 1.3, scopedVsAdmin: 1.5, dashboardVsSlowest: 1.5 };
const SALES = Number(process.env.LOOM_BENCH_REPORT_ROWS ?? 1_000_000);
const CUSTOMERS = 10_000;
const SELLERS = 20;
const RUNS = 5;
const TIME_ZONE = 'Asia/Shanghai';

const STAGES = ['lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost'];
const DOCUMENTS = [
  {
    kind: 'entity',
    name: 'rptCustomer',
    label: 'Customer',
    titleField: 'name',
    owned: true,
    fields: { name: { type: 'text', required: true }, tier: { type: 'select', options: [{ value: 'A' }, { value: 'B' }, { value: 'C' }] } },
  },
  {
    kind: 'entity',
    name: 'rptSale',
    label: 'Sale',
    titleField: 'title',
    owned: true,
    fields: {
      title: { type: 'text' },
      amount: { type: 'decimal', scale: 2 },
      stage: { type: 'select', options: STAGES.map((value) => ({ value })) },
      soldOn: { type: 'date' },
      customer: { type: 'lookup', entity: 'rptCustomer' },
    },
    indexes: [['soldOn']],
  },
  { kind: 'role', name: 'rptSeller', entities: { rptSale: { read: 'own' }, rptCustomer: { read: 'all' } } },
  {
    kind: 'report',
    name: 'rpt_grouped',
    entity: 'rptSale',
    groupBy: ['soldOn:month', 'stage'],
    measures: [{ fn: 'sum', field: 'amount', name: 'amount' }, { fn: 'count' }],
  },
  {
    kind: 'report',
    name: 'rpt_pareto',
    entity: 'rptSale',
    groupBy: ['customer'],
    measures: [
      { fn: 'sum', field: 'amount', name: 'amount' },
      { fn: 'percentOfTotal', of: 'amount', name: 'share' },
      { fn: 'cumulativePercent', of: 'amount', name: 'cumulative' },
    ],
    sort: ['-amount'],
    limit: 50,
  },
  { kind: 'report', name: 'rpt_stage', entity: 'rptSale', groupBy: ['stage'], measures: [{ fn: 'count' }, { fn: 'sum', field: 'amount', name: 'amount' }] },
  { kind: 'report', name: 'rpt_tier', entity: 'rptSale', groupBy: ['customer.tier'], measures: [{ fn: 'sum', field: 'amount', name: 'amount' }] },
  {
    kind: 'report',
    name: 'rpt_month_kpi',
    entity: 'rptSale',
    period: { field: 'soldOn', unit: 'month' },
    measures: [
      { fn: 'sum', field: 'amount', name: 'amount' },
      { fn: 'change', of: 'amount', name: 'change' },
    ],
  },
  {
    kind: 'report',
    name: 'rpt_quarter_won',
    entity: 'rptSale',
    params: { period: { type: 'dateRange', field: 'soldOn', default: { from: '$today-3M', to: '$today' } } },
    filter: { '==': [{ var: 'stage' }, 'won'] },
    groupBy: ['soldOn:week'],
    measures: [{ fn: 'sum', field: 'amount', name: 'amount' }],
  },
  {
    kind: 'dashboard',
    name: 'rpt_board',
    widgets: ['rpt_grouped', 'rpt_pareto', 'rpt_stage', 'rpt_tier', 'rpt_month_kpi', 'rpt_quarter_won'].map((report) => ({ report, w: 4 })),
  },
];

const ADMIN: Actor = Object.freeze({
  id: null,
  roles: [],
  teams: [],
  teamMembers: [],
  subordinates: [],
  teamKeys: [],
  sharedEntities: new Set<string>(),
  admin: true,
});

export interface ReportBenchReport {
  readonly rows: number;
  readonly groupedMs: number;
  readonly groupedSqlMs: number;
  readonly paretoMs: number;
  readonly paretoSqlMs: number;
  readonly adminMs: number;
  readonly scopedMs: number;
  readonly dashboardMs: number;
  readonly slowestWidgetMs: number;
  /** The widgets one after the other: what running them in parallel saves (bounded by the machine's cores). */
  readonly widgetsInTurnMs: number;
  /** The widgets as one statement each, all at once: the dashboard before widgets over one entity shared a statement. */
  readonly widgetsApartMs: number;
  readonly ratios: { readonly grouped: number; readonly pareto: number; readonly scoped: number; readonly dashboard: number };
  readonly pass: boolean;
}

export async function runReportBench(url: string, log: (message: string) => void): Promise<ReportBenchReport> {
  const database = await openDatabase({ url, poolSize: 10, statementTimeoutMs: 600_000 });
  const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-bench-files-'));
  const app = await buildServer({ database, config: { ...configFromEnv({}), filesDir, timeZone: TIME_ZONE }, logger: false });
  try {
    await app.loom.registry.start();
    await app.loom.registry.publish(DOCUMENTS.map((d, i) => ({ put: d, pointer: `/documents/${i}` })));
    const db = database.db as Kysely<any>;
    const sellers = Array.from({ length: SELLERS }, (_, i) => `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`);
    const started = performance.now();
    await load(db, sellers);
    log(`reports: ${SALES} sales on ${CUSTOMERS} customers loaded in ${Math.round(performance.now() - started)} ms`);
    const services: ReportServices = { db, model: () => app.loom.registry.current(), now: () => new Date(), timeZone: TIME_ZONE };
    const seller: Actor = { ...ADMIN, id: sellers[0], roles: ['rptSeller'], admin: false };
    const report =
      (name: string, actor: Actor = ADMIN) =>
      () =>
        runReport(services, name, {}, actor, { locale: 'en' });
    const query = (text: ReturnType<typeof sql>) => () => text.execute(db);

    const groupedSql = sql`select date_trunc('month', sold_on::timestamp)::date as m, stage, sum(amount) as amount, count(*) as count
      from loom_data.rpt_sale group by 1, 2 order by 1, 2`;
    const paretoSql = sql`select customer, amount, amount / sum(amount) over () as share,
        sum(amount) over (order by amount desc rows between unbounded preceding and current row) / sum(amount) over () as cumulative
      from (select customer, sum(amount) as amount from loom_data.rpt_sale group by customer) g order by amount desc limit 50`;
    const [groupedMs, groupedSqlMs] = await compare(report('rpt_grouped'), query(groupedSql));
    const [paretoMs, paretoSqlMs] = await compare(report('rpt_pareto'), query(paretoSql));
    const [scopedMs, adminMs] = await compare(report('rpt_grouped', seller), report('rpt_grouped'));
    const widgets = ['rpt_grouped', 'rpt_pareto', 'rpt_stage', 'rpt_tier', 'rpt_month_kpi', 'rpt_quarter_won'];
    const widgetTimes: number[] = [];
    for (const name of widgets) widgetTimes.push(await median(report(name)));
    const slowestWidgetMs = Math.max(...widgetTimes);
    const [dashboardMs, widgetsApartMs] = await compare(
      () => runDashboard(services, 'rpt_board', ADMIN, 'en', () => ({ status: 500, code: '', title: '', detail: '' })),
      () => Promise.all(widgets.map((name) => report(name)())),
    );
    const ratios = { grouped: groupedMs / groupedSqlMs, pareto: paretoMs / paretoSqlMs, scoped: scopedMs / adminMs, dashboard: dashboardMs / slowestWidgetMs };
    return {
      rows: SALES,
      groupedMs,
      groupedSqlMs,
      paretoMs,
      paretoSqlMs,
      adminMs,
      scopedMs,
      dashboardMs,
      slowestWidgetMs,
      widgetsInTurnMs: widgetTimes.reduce((a, b) => a + b, 0),
      widgetsApartMs,
      ratios,
      pass:
        ratios.grouped <= REPORT_TARGETS.vsSql &&
        ratios.pareto <= REPORT_TARGETS.vsSql &&
        ratios.scoped <= REPORT_TARGETS.scopedVsAdmin &&
        ratios.dashboard <= REPORT_TARGETS.dashboardVsSlowest,
    };
  } finally {
    await app.close();
    await app.loom.registry.stop();
    await database.close();
    fs.rmSync(filesDir, { recursive: true, force: true });
  }
}

/** Customers and sales straight into their tables (the record service would take minutes), then analyzed. */
async function load(db: Kysely<any>, sellers: string[]) {
  for (const [i, id] of sellers.entries()) {
    await sql`insert into loom.users (id, email, name) values (${id}::uuid, ${`seller${i}@bench.test`}, ${`Seller ${i}`}) on conflict do nothing`.execute(db);
  }
  await sql`insert into loom_data.rpt_customer (id, created_at, updated_at, version, owner, ${sql.id(OWNER_TEAM_KEY)}, name, tier)
    select md5('c' || i)::uuid, now(), now(), 1, (${sellers}::uuid[])[1 + i % ${SELLERS}], null, 'Customer ' || i, (array['A','B','C'])[1 + i % 3]
    from generate_series(1, ${CUSTOMERS}::int) as g(i)`.execute(db);
  // Amounts skewed so a few customers bring most of the money (an 80/20 curve).
  await sql`insert into loom_data.rpt_sale (id, created_at, updated_at, version, owner, ${sql.id(OWNER_TEAM_KEY)}, title, amount, stage, sold_on, customer)
    select gen_random_uuid(), now(), now(), 1, (${sellers}::uuid[])[1 + i % ${SELLERS}], null, 'Sale ' || i,
      round((random() * 10000)::numeric, 2), (${STAGES}::text[])[1 + (i / 7) % 6],
      current_date - (random() * 730)::int, md5('c' || (1 + floor(${CUSTOMERS} * power(random(), 4)))::int)::uuid
    from generate_series(1, ${SALES}::int) as g(i)`.execute(db);
  await sql`analyze loom_data.rpt_sale`.execute(db);
  await sql`analyze loom_data.rpt_customer`.execute(db);
}

/** Medians of the two sides, run in turn (a b, b a, …) so a slow moment of the machine hits both. */
async function compare(a: () => Promise<unknown>, b: () => Promise<unknown>): Promise<[number, number]> {
  await a();
  await b();
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    for (const [fn, times] of i % 2 ? [[b, tb] as const, [a, ta] as const] : [[a, ta] as const, [b, tb] as const]) {
      const start = performance.now();
      await fn();
      times.push(performance.now() - start);
    }
  }
  return [mid(ta), mid(tb)];
}

async function median(fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return mid(times);
}

function mid(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)];
}

export function formatReportBench(r: ReportBenchReport): string {
  const ms = (v: number) => `${Math.round(v)} ms`;
  const mark = (ratio: number, target: number) => `${ratio.toFixed(2)}× ${ratio <= target ? '✓' : '✗'} (target ≤ ${target}×)`;
  return [
    `Reports on ${r.rows.toLocaleString('en')} records (medians of ${RUNS} runs)`,
    `  grouped (month × select, sum + count): engine ${ms(r.groupedMs)}, SQL ${ms(r.groupedSqlMs)}: ${mark(r.ratios.grouped, REPORT_TARGETS.vsSql)}`,
    `  80/20 (share, cumulative share):        engine ${ms(r.paretoMs)}, SQL ${ms(r.paretoSqlMs)}: ${mark(r.ratios.pareto, REPORT_TARGETS.vsSql)}`,
    `  salesperson (own sales) vs admin:      ${ms(r.scopedMs)} vs ${ms(r.adminMs)}: ${mark(r.ratios.scoped, REPORT_TARGETS.scopedVsAdmin)}`,
    `  6-widget dashboard vs slowest widget:  ${ms(r.dashboardMs)} vs ${ms(r.slowestWidgetMs)}: ${mark(r.ratios.dashboard, REPORT_TARGETS.dashboardVsSlowest)}`,
    `    (the six widgets one after the other: ${ms(r.widgetsInTurnMs)}; as one statement each, all at once: ${ms(r.widgetsApartMs)}; ${os.cpus().length} CPUs)`,
  ].join('\n');
}
