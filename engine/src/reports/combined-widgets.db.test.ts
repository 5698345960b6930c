import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { createTestUser, describeAppOnEachBackend } from '../../test/test-app.ts';
import { SYSTEM_ACTOR, type Actor } from '../data/actor.ts';
import { loadActor } from '../auth/load-actor.ts';
import { isLoomError } from '../errors/loom-error.ts';
import { localizeProblem } from '../errors/localize-problem.ts';
import { loadPack } from '../pack/load-pack.ts';
import { loadPackData } from '../pack/load-pack-data.ts';
import { combinable } from './combined-widgets.ts';
import { mayRun } from './report-access.ts';
import { documents, TEST_TIME_ZONE } from './report-fixtures.ts';
import { seedReportRecords } from './report-seed.ts';
import { runDashboard, type ProblemSummary } from './run-dashboard.ts';
import { prepareReport, runReport, type ReportServices } from './run-report.ts';

/**
 * A dashboard's widgets over one entity share one statement (combined-widgets.ts): every
 * widget answers exactly what its report answers alone (rows, labels, drill-down filters,
 * chart, parameters, problems), for callers with every scope.
 */
const extraReports = [
  {
    kind: 'report',
    name: 'deal_measures',
    entity: 'deal',
    groupBy: ['stage'],
    measures: [
      { fn: 'count' },
      { fn: 'sum', field: 'amount', name: 'total' },
      { fn: 'avg', field: 'amount', name: 'average' },
      { fn: 'min', field: 'amount', name: 'lowest' },
      { fn: 'max', field: 'amount', name: 'highest' },
      { fn: 'min', field: 'closedOn', name: 'firstClosed' },
      { fn: 'max', field: 'closedAt', name: 'lastClosedAt' },
      { fn: 'count', name: 'big', where: { '>=': [{ var: 'amount' }, 5000] } },
      { fn: 'avg', field: 'amount', name: 'bigAverage', where: { '>=': [{ var: 'amount' }, 5000] } },
      { fn: 'ratio', of: ['big', 'count'], name: 'bigShare' },
      { fn: 'percentOfTotal', of: 'total', name: 'share' },
      { fn: 'cumulativePercent', of: 'total', name: 'cumulative' },
      { fn: 'formula', name: 'spread', expr: { '-': [{ var: 'highest' }, { var: 'lowest' }] } },
    ],
    sort: ['-total'],
  },
  {
    kind: 'report',
    name: 'deal_top_quarters',
    entity: 'deal',
    filter: { '!=': [{ var: 'stage' }, 'lost'] },
    groupBy: ['closedOn:quarter'],
    measures: [
      { fn: 'sum', field: 'amount', name: 'total' },
      { fn: 'avg', field: 'amount', name: 'average' },
      { fn: 'cumulativePercent', of: 'total', name: 'cumulative' },
    ],
    top: { n: 2, others: true },
  },
  {
    kind: 'report',
    name: 'tier_by_stage',
    entity: 'deal',
    params: { tier: { type: 'select', field: 'account.tier' } },
    groupBy: ['account.tier', 'stage'],
    measures: [{ fn: 'count' }, { fn: 'max', field: 'amount', name: 'highest' }],
    limit: 5,
  },
  {
    kind: 'report',
    name: 'lines_by_region',
    entity: 'orderLine',
    groupBy: ['order.region'],
    measures: [
      { fn: 'count', name: 'lines' },
      { fn: 'avg', field: 'qty', name: 'qty' },
    ],
  },
];
const widget = (report: string, params?: Record<string, unknown>, kind?: 'kpi') => ({ report, w: 4, ...(params ? { params } : {}), ...(kind ? { kind } : {}) });
const dashboards = [
  {
    kind: 'dashboard',
    name: 'deals_board',
    widgets: [
      widget('month_by_stage'),
      widget('month_over_month', undefined, 'kpi'),
      widget('ranged', { stage: 'won' }),
      widget('ranged', { least: 5000, period: '2025-11-01..2026-02-28' }),
      widget('ranged', { period: 'not a range' }),
      widget('year_over_year', undefined, 'kpi'),
      widget('by_tier'),
      widget('tier_by_stage', { tier: 'gold' }),
      widget('closed_on_week'),
      widget('closed_at_month'),
      widget('closed_at_day'),
      widget('deal_measures'),
      widget('deal_top_quarters'),
      widget('by_stage'),
      widget('by_account'),
      widget('lines_by_region'),
      widget('profit_by_region'),
      widget('pareto'),
      widget('pareto_top'),
    ],
  },
];

/** Each widget of the dashboard against its report run alone, deep-equal. */
async function expectSameAsAlone(services: ReportServices, name: string, actor: Actor) {
  const localize = (error: unknown): ProblemSummary => {
    if (!isLoomError(error)) throw error;
    const text = localizeProblem(error, 'en');
    return {
      status: error.status,
      code: error.code,
      title: text.title,
      detail: text.detail,
      ...(text.errors ? { errors: text.errors } : {}),
    } as ProblemSummary;
  };
  const model = services.model();
  const board = await runDashboard(services, name, actor, 'en', localize);
  const shown = model.dashboards
    .get(name)!
    .widgets.map((w, i) => ({ w, i }))
    .filter(({ w }) => mayRun(model, model.reports.get(w.report)!, actor));
  expect(board.widgets.map((w) => w.report)).toEqual(shown.map(({ w }) => w.report));
  for (const [n, { w, i }] of shown.entries()) {
    const alone = await runReport(services, w.report, w.params, actor, { locale: 'en', paramsPointer: `/widgets/${i}/params` }).catch((error: unknown) => ({
      problem: localize(error),
    }));
    expect(board.widgets[n].result, `${name} widget ${i} (${w.report})`).toStrictEqual(alone);
  }
  return board;
}

/** How many of the dashboard's widgets one statement computes with others of their entity. */
function combined(services: ReportServices, name: string, actor: Actor): number {
  const model = services.model();
  const inputs = model.dashboards
    .get(name)!
    .widgets.filter((w) => mayRun(model, model.reports.get(w.report)!, actor))
    .flatMap((w) => {
      try {
        return [prepareReport(services, w.report, w.params, actor, { locale: 'en' })];
      } catch {
        return [];
      }
    })
    .filter(combinable);
  return inputs.filter((input) => inputs.filter((other) => other.report.entity === input.report.entity).length > 1).length;
}

describeAppOnEachBackend('dashboard widgets sharing one statement', [...documents, ...extraReports, ...dashboards], (ctx) => {
  const now = new Date('2026-03-15T10:00:00Z');
  const services = (): ReportServices => ({
    db: ctx.test.database.db,
    model: () => ctx.app.loom.registry.current(),
    now: () => now,
    timeZone: TEST_TIME_ZONE,
  });
  const actors: Record<string, Actor> = {};
  const count = async (query: ReturnType<typeof sql>) => Number(((await query.execute(ctx.test.database.db)).rows[0] as { n: unknown }).n);

  beforeAll(async () => {
    const seller = await createTestUser(ctx.app, { roles: ['seller'] });
    const viewer = await createTestUser(ctx.app, { roles: ['viewer'] });
    actors.admin = SYSTEM_ACTOR;
    actors.seller = (await loadActor(ctx.test.database.db, seller.id))!;
    actors.viewer = (await loadActor(ctx.test.database.db, viewer.id))!;
    await seedReportRecords(ctx.app, seller, { seed: 3, deals: 200, paymentParts: [1] });
  }, 120_000);

  it('answers every widget exactly as its report alone: administrator, salesperson, a caller with a hidden field', async () => {
    for (const who of ['admin', 'seller', 'viewer']) {
      await expectSameAsAlone(services(), 'deals_board', actors[who]);
    }
    // The deal widgets and the two order line widgets are computed together; not a distinct count, nor a dimension of many values.
    expect(combined(services(), 'deals_board', actors.admin)).toBe(14);
    expect(combined(services(), 'deals_board', actors.seller)).toBe(12);
    expect(combinable(prepareReport(services(), 'by_stage', {}, SYSTEM_ACTOR, { locale: 'en' }))).toBe(false);
    expect(combinable(prepareReport(services(), 'by_account', {}, SYSTEM_ACTOR, { locale: 'en' }))).toBe(false);
  });

  it('answers the fixtures’ dashboard and a bad parameter as alone', async () => {
    await expectSameAsAlone(services(), 'overview', actors.admin);
    const board = await expectSameAsAlone(services(), 'deals_board', actors.admin);
    const bad = board.widgets[4].result as { problem: ProblemSummary & { errors: { path: string }[] } };
    expect(bad.problem.code).toBe('LOOM_ERR_REPORT_BAD_PARAMS');
    expect(bad.problem.errors.map((e) => e.path)).toEqual(['/widgets/4/params/period']);
    expect(board.widgets[1].kpi).toMatchObject({ measure: 'total' });
  });

  it('a salesperson sees only their own deals (and through a lookup, only accounts they may read)', async () => {
    const seller = actors.seller;
    const board = await runDashboard(services(), 'deals_board', seller, 'en', () => ({ status: 500, code: '', title: '', detail: '' }));
    const rowsOf = (report: string) => (board.widgets.find((w) => w.report === report)!.result as { rows: Record<string, number>[] }).rows;
    const own = await count(sql`select count(*) as n from loom_data.deal where owner = ${seller.id}::uuid`);
    expect(rowsOf('deal_measures').reduce((sum, r) => sum + r.count, 0)).toBe(own);
    const throughAccount = await count(sql`select count(*) as n from loom_data.deal d left join loom_data.account a on a.id = d.account
      where d.owner = ${seller.id}::uuid and (d.account is null or a.owner = ${seller.id}::uuid)`);
    expect(rowsOf('by_tier').reduce((sum, r) => sum + r.count, 0)).toBe(throughAccount);
    expect(throughAccount).toBeLessThan(own);
    expect(own).toBeLessThan(200);
  });
});

const pack = loadPack(fileURLToPath(new URL('../../../metadata/packs/crm', import.meta.url)));
const packDocuments = pack.changes
  .map((c) => (c as { put: Record<string, unknown> }).put)
  .filter((d) => !['approval', 'reminder', 'automation'].includes(d.kind as string));

describeAppOnEachBackend('the CRM pack dashboards, widgets sharing one statement', packDocuments, (ctx) => {
  const services = (): ReportServices => ({
    db: ctx.test.database.db,
    model: () => ctx.app.loom.registry.current(),
    now: () => new Date(),
    timeZone: TEST_TIME_ZONE,
  });
  const users: { sales?: Actor; service?: Actor } = {};
  beforeAll(async () => {
    await loadPackData(ctx.app.loom.records, pack.dataFiles, SYSTEM_ACTOR);
    users.sales = (await loadActor(ctx.test.database.db, (await createTestUser(ctx.app, { roles: ['sales'] })).id))!;
    users.service = (await loadActor(ctx.test.database.db, (await createTestUser(ctx.app, { roles: ['service'] })).id))!;
  }, 120_000);

  it('answers the home dashboards as their reports alone, for an administrator, sales and service', async () => {
    for (const actor of [SYSTEM_ACTOR, users.sales!, users.service!]) {
      const model = ctx.app.loom.registry.current();
      for (const name of ['sales_home', 'service_home']) {
        if (model.dashboards.get(name)!.widgets.some((w) => mayRun(model, model.reports.get(w.report)!, actor)))
          await expectSameAsAlone(services(), name, actor);
      }
    }
    // Two over receipts and two over opportunities; three of the five ticket widgets.
    expect([combined(services(), 'sales_home', SYSTEM_ACTOR), combined(services(), 'service_home', SYSTEM_ACTOR)]).toEqual([4, 3]);
  });
});
