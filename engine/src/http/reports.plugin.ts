import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LoomConfig } from '../app/config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { isLoomError, localizedError } from '../errors/loom-error.ts';
import { localizeProblem } from '../errors/localize-problem.ts';
import { message, negotiateLocale } from '../errors/messages.ts';
import type { MetadataRegistry } from '../meta/metadata-registry.ts';
import { homeDashboard } from '../model/compile-dashboard.ts';
import { mayRun } from '../reports/report-access.ts';
import { runReport, type ReportServices } from '../reports/run-report.ts';
import { dashboardsFor, runDashboard, type ProblemSummary } from '../reports/run-dashboard.ts';
import { labelIn } from '../reports/report-text.ts';
import { csvStream } from '../reports/export/csv.ts';
import { xlsxWorkbook } from '../reports/export/xlsx.ts';
import { actorOf } from './request-actor.ts';
import { checkedByHand } from './strict-validation.ts';
import { exportReportSchema, listDashboardsSchema, listReportsSchema, runDashboardSchema, runReportSchema } from './route-schemas/reports-schemas.ts';

type NameParams = { name: string };
type Query = Record<string, unknown>;

/**
 * Reports and dashboards. They read the reports database when LOOM_REPORTS_DATABASE_URL names
 * one (a read replica: aggregates over many rows stay off the primary), the primary otherwise;
 * the model, the caller and their permissions come from the primary as for every request.
 * Parameters are checked by hand (their names are the report's), hence no schema validation.
 */
export async function reportsPlugin(app: FastifyInstance, opts: { registry: MetadataRegistry; database: Database; config: LoomConfig; clock: () => Date }) {
  let replica: Database | undefined;
  if (opts.config.reportsDatabaseUrl) {
    replica = await openDatabase({ url: opts.config.reportsDatabaseUrl, poolSize: opts.config.databasePool.size, poolWaitMs: opts.config.databasePool.waitMs });
    app.addHook('onClose', async () => replica?.close());
  }
  const services: ReportServices = {
    db: (replica ?? opts.database).db,
    model: () => opts.registry.current(),
    now: opts.clock,
    timeZone: opts.config.timeZone,
  };
  const localeOf = (req: FastifyRequest) => negotiateLocale(req.headers['accept-language']);
  const run = (req: FastifyRequest<{ Params: NameParams; Querystring: Query }>, query: Query) =>
    runReport(services, req.params.name, query, actorOf(req), { locale: localeOf(req) });

  app.get('/api/reports', { schema: listReportsSchema }, async (req) => {
    const actor = actorOf(req);
    const model = services.model();
    const locale = localeOf(req);
    const data = [...model.reports.values()]
      .filter((r) => mayRun(model, r, actor))
      .map((r) => ({ name: r.name, label: labelIn(r.label, locale, r.name), ...(r.description ? { description: r.description } : {}), entity: r.entity }))
      .sort((a, b) => a.name.localeCompare(b.name));
    return { data };
  });

  app.get<{ Params: NameParams; Querystring: Query }>('/api/reports/:name', { ...checkedByHand, schema: runReportSchema }, async (req) => run(req, req.query));

  app.get<{ Params: NameParams; Querystring: Query }>('/api/reports/:name/export', { ...checkedByHand, schema: exportReportSchema }, async (req, reply) => {
    const { format = 'csv', ...query } = req.query;
    if (format !== 'csv' && format !== 'xlsx')
      throw localizedError('LOOM_ERR_REPORT_BAD_PARAMS', message('report.badFormat'), [{ path: '/query/format', message: 'must be csv or xlsx' }]);
    const answer = await run(req, query);
    const file = `${answer.report.name}.${format}`;
    reply.header('content-disposition', `attachment; filename="${file}"; filename*=UTF-8''${encodeURIComponent(answer.report.label)}.${format}`);
    if (format === 'xlsx') return sendXlsx(reply, xlsxWorkbook(answer, answer.report.label));
    return reply.type('text/csv; charset=utf-8').send(csvStream(answer));
  });

  app.get('/api/dashboards', { schema: listDashboardsSchema }, async (req) => {
    const actor = actorOf(req);
    const model = services.model();
    const locale = localeOf(req);
    const mine = dashboardsFor(model, actor);
    const data = mine.map((d) => ({ name: d.name, label: labelIn(d.label, locale, d.name), ...(d.description ? { description: d.description } : {}) }));
    const home = homeDashboard(model.roleHomes, actor.roles);
    return { data, ...(home && mine.some((d) => d.name === home) ? { home } : {}) };
  });

  app.get<{ Params: NameParams }>('/api/dashboards/:name', { schema: runDashboardSchema }, async (req) => {
    const locale = localeOf(req);
    return runDashboard(services, req.params.name, actorOf(req), locale, (error) => problemOf(error, locale));
  });
}

function sendXlsx(reply: FastifyReply, workbook: Buffer) {
  return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(workbook);
}

/** A widget's problem in the caller's language. */
function problemOf(error: unknown, locale: ReturnType<typeof negotiateLocale>): ProblemSummary {
  if (!isLoomError(error)) throw error;
  const text = localizeProblem(error, locale);
  return { status: error.status, code: error.code, title: text.title, detail: text.detail, ...(text.errors ? { errors: text.errors } : {}) } as ProblemSummary;
}
