import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import type { LoomConfig } from '../app/config.ts';
import type { Database } from '../db/database.ts';
import { FileStore } from '../data/files/file-store.ts';
import { RecordService } from '../data/record-service.ts';
import { MetadataRegistry } from '../meta/metadata-registry.ts';
import { ANONYMOUS_ACTOR } from '../data/actor.ts';
import { modelForActor } from '../data/access/model-for-actor.ts';
import { dataPlugin } from './data.plugin.ts';
import { filesPlugin } from './files.plugin.ts';
import { metaPlugin } from './meta.plugin.ts';
import type { SessionPolicy } from '../auth/sessions.ts';
import { registerAuth } from './auth.plugin.ts';
import { buildOpenApi } from './openapi/build-openapi.ts';
import { collectRoutes } from './openapi/route-collector.ts';
import { routePaths } from './openapi/route-paths.ts';
import { serializeAnswersAsTheyAre } from './response-serializer.ts';
import { healthSchema, openApiSchema } from './route-schemas/system-schemas.ts';
import { databaseAnswers, databaseDown } from './database-probe.ts';
import { frameworkErrorHandler, registerProblemHandler } from './problem-handler.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { personalViewsPlugin } from './personal-views.plugin.ts';
import { notificationsPlugin } from './notifications.plugin.ts';
import { uiPlugin } from './ui.plugin.ts';
import { webAppPlugin } from './web-app.plugin.ts';
import { docsPlugin } from './docs.plugin.ts';
import { retryOnNewModel } from './model-retry.ts';
import { usersPlugin } from './users.plugin.ts';
import { limitConnectionsPerAddress } from './connection-limits.ts';
import { registerBodyParsers } from './body-parsers.ts';
import { clientErrorHandler } from './client-errors.ts';
import { createProcessEngine, type ProcessEngine } from '../process/process-engine.ts';
import { actionsPlugin } from './actions.plugin.ts';
import { createRecordActions } from '../process/actions/run-action.ts';
import { notificationSettings } from '../process/notify/notification-settings.ts';
import { approvalsPlugin } from './approvals.plugin.ts';
import { reportsPlugin } from './reports.plugin.ts';

declare module 'fastify' {
  interface FastifyInstance {
    loom: { registry: MetadataRegistry; records: RecordService; files: FileStore; processes: ProcessEngine };
  }
}

export const LOOM_VERSION = '0.1.0';

/**
 * Secrets never reach a log line. Fastify logs neither headers nor bodies by default;
 * these paths keep it so if a serializer or a log call ever includes them.
 */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'body.password',
  'body.currentPassword',
  'password',
  'token',
  'csrfToken',
];

export interface ServerOptions {
  database: Database;
  config: LoomConfig;
  /** false, or pino options (level, stream…); secrets are redacted whatever is given. */
  logger: boolean | object;
  clock?: () => Date;
  sessionPolicy?: SessionPolicy;
  loginAttemptsPerMinute?: number;
}

function loggerOptions(logger: boolean | object) {
  if (logger === false) return false;
  return { ...(logger === true ? {} : logger), redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' } };
}

/** The HTTP server: thin routes over the registry and the record service. */
export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const clock = opts.clock ?? (() => new Date());
  const app = Fastify({
    logger: loggerOptions(opts.logger) as any,
    trustProxy: opts.config.trustProxy,
    bodyLimit: opts.config.bodyLimitBytes,
    // Request ids in every log line let a 500 be traced without showing internals.
    genReqId: () => crypto.randomUUID(),
    frameworkErrors: frameworkErrorHandler,
    routerOptions: { maxParamLength: 200 },
    // Fastify leaves the request timeout off: a client sending its body a byte a second
    // would hold its connection for ever. These bound how long a request may take to arrive.
    requestTimeout: opts.config.timeouts.requestMs,
    keepAliveTimeout: opts.config.timeouts.keepAliveMs,
    clientErrorHandler,
    http: {
      headersTimeout: opts.config.timeouts.headersMs,
      requestTimeout: opts.config.timeouts.requestMs,
      // Node checks the two timeouts above on this interval (30 s by default, longer than a short timeout).
      connectionsCheckingInterval: Math.min(30_000, Math.max(100, Math.floor(opts.config.timeouts.headersMs / 4))),
    },
  });
  limitConnectionsPerAddress(app.server, { max: opts.config.connectionsPerAddress, trustProxy: opts.config.trustProxy, log: app.log });
  // First, so that it sees every route registered after it.
  const collected = collectRoutes(app);
  serializeAnswersAsTheyAre(app);
  const registry = new MetadataRegistry(opts.database, app.log, clock);
  const records = new RecordService({ db: opts.database.db, model: () => registry.current(), now: clock });
  const files = new FileStore(opts.database.db, opts.config.filesDir);
  // Approvals, automations and reminders take part in every write of the record service.
  const processes = createProcessEngine({
    database: opts.database,
    model: () => registry.current(),
    now: clock,
    records,
    log: app.log,
    timeZone: opts.config.timeZone,
    notifications: notificationSettings(opts.config),
    webhooks: { secret: opts.config.webhookSecret, allowPrivate: opts.config.webhookAllowPrivate ?? false, timeoutMs: 10_000 },
  });
  app.decorate('loom', { registry, records, files, processes });
  // Before any route: each is run again on the new model when a publish overtook it.
  retryOnNewModel(app, registry);

  // Every API answer names the model revision it was served from, so an open web app
  // notices a publish on its next request and reloads its UI bundle (same origin: no CORS
  // exposure is needed).
  app.addHook('onSend', async (req, reply) => {
    if (req.url.startsWith('/api/')) reply.header('loom-revision', String(registry.current().revision));
  });
  registerProblemHandler(app);
  registerBodyParsers(app);
  await registerSecurityHeaders(app);
  await app.register(cookie);
  // Only the routes that ask for it (sign-in) are limited.
  await app.register(rateLimit, { global: false });
  const db = opts.database.db;
  await registerAuth(app, {
    db,
    clock,
    sessionPolicy: opts.sessionPolicy,
    loginAttemptsPerMinute: opts.loginAttemptsPerMinute,
    loginFailures: opts.config.loginFailures,
  });
  app.get('/api/health', { schema: healthSchema }, async (_req, reply) => {
    if (!(await databaseAnswers(opts.database.db))) return reply.status(503).send(databaseDown(opts.database.kind));
    return { status: 'ok', database: opts.database.kind, ...registry.state() };
  });
  // Each caller's document describes the entities and fields they may use; anonymous
  // callers see the platform routes only. The routes describe themselves; once the server
  // is ready no route is added, so their paths are built once.
  let paths: ReturnType<typeof routePaths> | undefined;
  app.get('/api/openapi.json', { schema: openApiSchema }, async (req) => {
    paths ??= routePaths(collected.routes);
    return buildOpenApi(modelForActor(registry.current(), req.actor ?? ANONYMOUS_ACTOR), { version: LOOM_VERSION, routePaths: paths });
  });
  await app.register(metaPlugin, { registry, db: opts.database.db });
  await app.register(uiPlugin, { registry, db });
  await app.register(personalViewsPlugin, { registry, db, clock });
  await app.register(webAppPlugin, { uiDir: opts.config.uiDir });
  await app.register(docsPlugin);
  await app.register(dataPlugin, { records, registry });
  await app.register(filesPlugin, { files, registry });
  await app.register(usersPlugin, { db, clock, knownRoles: () => new Set(registry.current().roles.keys()) });
  await app.register(notificationsPlugin, { db, clock });
  await app.register(approvalsPlugin, { approvals: processes.approvals });
  await app.register(actionsPlugin, { actions: createRecordActions(processes.services) });
  await app.register(reportsPlugin, { registry, database: opts.database, config: opts.config, clock });
  return app;
}
