import type { FastifyInstance, FastifySchema } from 'fastify';

/** One method and URL pattern fastify serves (`/api/users/:id`), with the route's schema. */
export interface CollectedRoute {
  readonly method: string;
  readonly url: string;
  readonly schema?: RouteSchema;
}

declare module 'fastify' {
  /** A route's schema: what fastify validates with, plus what the OpenAPI document says of the route. */
  interface FastifySchema {
    readonly operationId?: string;
    readonly tags?: readonly string[];
    readonly summary?: string;
    readonly description?: string;
    /** Described elsewhere: the record routes, generated per entity from the model (entity-paths.ts). */
    readonly hide?: boolean;
  }
}

export type RouteSchema = FastifySchema;

/**
 * Records every route as it is registered (an onRoute hook on the root sees the routes of
 * every plugin registered after it). Fastify adds a HEAD route beside each GET; it is the
 * same operation and left out.
 */
export function collectRoutes(app: FastifyInstance): { readonly routes: readonly CollectedRoute[] } {
  const routes: CollectedRoute[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routes.push({ method, url: route.url, schema: route.schema as RouteSchema | undefined });
    }
  });
  return { routes };
}
