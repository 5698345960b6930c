import Fastify, { type FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import { sql } from 'kysely';
import type { LoomConfig } from '../app/config.ts';
import type { Database } from '../db/database.ts';
import { FileStore } from '../data/file-store.ts';
import { RecordService } from '../data/record-service.ts';
import { MetadataRegistry } from '../meta/metadata-registry.ts';
import { dataPlugin } from './data.plugin.ts';
import { filesPlugin } from './files.plugin.ts';
import { metaPlugin } from './meta.plugin.ts';
import { buildOpenApi } from './openapi/build-openapi.ts';
import { registerProblemHandler } from './problem-handler.ts';

declare module 'fastify' {
  interface FastifyInstance {
    loom: { registry: MetadataRegistry; records: RecordService; files: FileStore };
  }
}

export const LOOM_VERSION = '0.1.0';

/** The HTTP server: thin routes over the registry and the record service. */
export async function buildServer(opts: { database: Database; config: LoomConfig; logger: boolean | object; clock?: () => Date }): Promise<FastifyInstance> {
  const clock = opts.clock ?? (() => new Date());
  const app = Fastify({
    logger: opts.logger as any,
    bodyLimit: opts.config.bodyLimitBytes,
    // Request ids in every log line let a 500 be traced without showing internals.
    genReqId: () => crypto.randomUUID(),
    routerOptions: { maxParamLength: 200 },
  });
  const registry = new MetadataRegistry(opts.database, app.log, clock);
  const records = new RecordService({ db: opts.database.db, model: () => registry.current(), now: clock });
  const files = new FileStore(opts.database.db, opts.config.filesDir);
  app.decorate('loom', { registry, records, files });

  registerProblemHandler(app);
  await app.register(helmet, { contentSecurityPolicy: false });
  app.get('/api/health', async (_req, reply) => {
    try {
      await sql`select 1`.execute(opts.database.db);
      return { status: 'ok', database: opts.database.kind, revision: registry.current().revision };
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: opts.database.kind });
    }
  });
  app.get('/api/openapi.json', async () => buildOpenApi(registry.current(), { version: LOOM_VERSION }));
  await app.register(metaPlugin, { registry, db: opts.database.db });
  await app.register(dataPlugin, { records, registry });
  await app.register(filesPlugin, { files, records });
  return app;
}
