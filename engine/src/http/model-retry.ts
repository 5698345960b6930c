import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LoomError } from '../errors/loom-error.ts';
import type { MetadataRegistry } from '../meta/metadata-registry.ts';

/**
 * What PostgreSQL answers a statement built for a model the database no longer has: a column
 * or table a publish removed (archived), or a prepared statement whose result type a publish
 * changed.
 */
const STALE_MODEL_CODES = new Set(['42703', '42P01', '0A000']);

export function isStaleModelError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && STALE_MODEL_CODES.has(code);
}

/**
 * A request takes the model once, when it starts; a publish (here or on another instance)
 * may commit its DDL before the request's statement runs, and the statement then names a
 * column that is gone. Such a statement failed, so nothing of the request was written (each
 * write is one statement or one transaction, and the failure rolled it back): the request is
 * caught up with the published revision and run again, once, on the new model, which is
 * what it would have met had it started a moment later. A request that touches nothing the
 * publish changed so never sees it; one that named a removed field gets the new model's
 * answer (a 400 or 422). Only when the revision moved since the request began is this a
 * stale model; otherwise the error is what it is. A request that cannot be sent again (its
 * body was a stream, already read) or meets another publish on its second run answers 503
 * with Retry-After. Retrying here, around the route, rather than around each statement,
 * lets every route (records, files, views) be run again whole on one model.
 */
export function retryOnNewModel(app: FastifyInstance, registry: MetadataRegistry): void {
  app.addHook('onRoute', (route) => {
    const handler = route.handler;
    route.handler = async function (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
      const started = registry.current().revision;
      try {
        return await handler.call(this, request, reply);
      } catch (error) {
        if (!isStaleModelError(error)) throw error;
        await registry.catchUp();
        if (registry.current().revision === started) throw error;
        if (reply.sent || isStream(request)) throw moved(reply);
        const again = registry.current().revision;
        try {
          return await handler.call(this, request, reply);
        } catch (second) {
          if (!isStaleModelError(second)) throw second;
          await registry.catchUp();
          if (registry.current().revision === again) throw second;
          throw moved(reply);
        }
      }
    };
  });
}

/** Multipart bodies are read as the handler goes: a second run would find them consumed. */
function isStream(request: FastifyRequest): boolean {
  return String(request.headers['content-type'] ?? '')
    .toLowerCase()
    .startsWith('multipart/');
}

function moved(reply: FastifyReply): LoomError {
  reply.header('retry-after', '1');
  return new LoomError('LOOM_ERR_DATA_RETRY', 'The data model was published anew while this request ran, and nothing of it was written. Send it again.');
}
