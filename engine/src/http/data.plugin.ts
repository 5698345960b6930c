import type { FastifyInstance } from 'fastify';
import { loomErrors } from '../errors/loom-error.ts';
import type { BulkOperation, RecordService } from '../data/record-service.ts';
import type { MetadataRegistry } from '../meta/metadata-registry.ts';
import { bodyValidators } from './body-validators.ts';
import { actorOf } from './request-actor.ts';
import { transferAllSchema } from './route-schemas/ownership-schemas.ts';
import { checkedByHand } from './strict-validation.ts';

type Params = { entity: string; id: string; relation: string };

/**
 * The record routes are described per entity, from the model the caller may see
 * (openapi/entity-paths.ts), not from a schema here; their bodies are checked against the
 * schemas generated from the current model (body-validators.ts).
 */
const PER_ENTITY = { schema: { hide: true } };
type Query = Record<string, unknown>;

/**
 * The record routes of every entity. Routes are generic over `:entity` so a
 * publish takes effect without re-registering; each body is checked against the
 * JSON Schema generated from the current model before the record service sees it.
 */
export async function dataPlugin(app: FastifyInstance, opts: { records: RecordService; registry: MetadataRegistry }) {
  const { records, registry } = opts;
  const validators = bodyValidators(() => registry.current());

  app.get<{ Params: Params; Querystring: Query }>('/api/data/:entity', PER_ENTITY, async (req) => records.list(req.params.entity, req.query, actorOf(req)));

  app.post<{ Params: Params; Body: unknown }>('/api/data/:entity', PER_ENTITY, async (req, reply) => {
    records.entity(req.params.entity);
    validators.check(req.params.entity, 'create', req.body);
    const record = await records.create(req.params.entity, req.body, actorOf(req));
    return reply.status(201).header('etag', `"${record.version}"`).send(record);
  });

  app.post<{ Params: Params; Body: { operations?: BulkOperation[] } }>('/api/data/:entity/bulk', PER_ENTITY, async (req) => {
    records.entity(req.params.entity);
    validators.check(req.params.entity, 'bulk', req.body);
    return records.bulk(req.params.entity, req.body.operations ?? [], actorOf(req));
  });

  app.get<{ Params: Params; Querystring: Query }>('/api/data/:entity/deleted', PER_ENTITY, async (req) =>
    records.listDeleted(req.params.entity, req.query, actorOf(req)),
  );

  app.post<{ Params: Params }>('/api/data/:entity/:id/restore', PER_ENTITY, async (req, reply) => {
    const record = await records.restore(req.params.entity, req.params.id, actorOf(req));
    return reply.header('etag', `"${record.version}"`).send(record);
  });

  app.get<{ Params: Params; Querystring: Query }>('/api/data/:entity/:id', PER_ENTITY, async (req, reply) => {
    const record = await records.get(req.params.entity, req.params.id, req.query, actorOf(req));
    return reply.header('etag', `"${record.version}"`).send(record);
  });

  app.patch<{ Params: Params; Body: unknown }>('/api/data/:entity/:id', PER_ENTITY, async (req, reply) => {
    records.entity(req.params.entity);
    validators.check(req.params.entity, 'patch', req.body);
    const record = await records.update(req.params.entity, req.params.id, req.body, ifMatch(req.headers['if-match']), actorOf(req));
    return reply.header('etag', `"${record.version}"`).send(record);
  });

  app.delete<{ Params: Params }>('/api/data/:entity/:id', PER_ENTITY, async (req, reply) => {
    await records.remove(req.params.entity, req.params.id, ifMatch(req.headers['if-match']), actorOf(req));
    return reply.status(204).send();
  });

  app.get<{ Params: Params; Querystring: Query }>('/api/data/:entity/:id/related/:relation', PER_ENTITY, async (req) =>
    records.related(req.params.entity, req.params.id, req.params.relation, req.query, actorOf(req)),
  );

  app.post<{ Params: Params; Body: { ids?: string[]; owner?: string } }>('/api/data/:entity/transfer', PER_ENTITY, async (req) =>
    records.transfer(req.params.entity, req.body?.ids as string[], req.body?.owner as string, actorOf(req)),
  );

  app.post<{ Body: { from?: string; to?: string } }>('/api/ownership/transfer', { ...checkedByHand, schema: transferAllSchema }, async (req) =>
    records.transferAll(String(req.body?.from), req.body?.to as string, actorOf(req)),
  );

  app.get<{ Params: Params }>('/api/data/:entity/:id/shares', PER_ENTITY, async (req) => ({
    data: await records.shares(req.params.entity, req.params.id, actorOf(req)),
  }));

  app.post<{ Params: Params; Body: Record<string, unknown> }>('/api/data/:entity/:id/shares', PER_ENTITY, async (req, reply) =>
    reply.status(201).send(await records.share(req.params.entity, req.params.id, req.body ?? {}, actorOf(req))),
  );

  app.delete<{ Params: Params & { share: string } }>('/api/data/:entity/:id/shares/:share', PER_ENTITY, async (req, reply) => {
    await records.unshare(req.params.entity, req.params.id, req.params.share, actorOf(req));
    return reply.status(204).send();
  });

  app.get<{ Params: Params; Querystring: Query }>('/api/data/:entity/:id/history', PER_ENTITY, async (req) => {
    if (Object.keys(req.query).length)
      throw loomErrors(
        'LOOM_ERR_HTTP_BAD_QUERY',
        Object.keys(req.query).map((k) => ({ path: `/query/${k}`, message: `unknown query parameter "${k}"` })),
      );
    return { data: await records.history(req.params.entity, req.params.id, actorOf(req)) };
  });
}

/** `If-Match: "3"`, `If-Match: 3` or a weak `W/"3"` all name version 3. */
function ifMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const text = (Array.isArray(header) ? header[0] : header).trim().replace(/^W\//, '').replace(/"/g, '');
  const version = Number(text);
  if (!Number.isInteger(version) || version < 1)
    throw loomErrors('LOOM_ERR_HTTP_BAD_REQUEST', [{ path: '/headers/if-match', message: 'must be the record version, e.g. "3"' }]);
  return version;
}
