import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { createApiToken, listApiTokens, revokeApiToken } from '../auth/api-tokens.ts';
import type { tokenSchemas } from './route-schemas/token-schemas.ts';
import { useStrictValidation } from './strict-validation.ts';

export interface TokenRouteOptions {
  readonly db: Kysely<any>;
  readonly clock: () => Date;
  /** Whose tokens the request manages (and whether it may): throws to refuse. */
  readonly owner: (request: FastifyRequest) => string | Promise<string>;
  /** The routes' schemas for this mount (their operationIds differ per mount). */
  readonly schemas: ReturnType<typeof tokenSchemas>;
}

// The mount's path itself, without a second route for it with a trailing slash.
const AT_PREFIX = { prefixTrailingSlash: 'no-slash' } as const;

/**
 * API tokens of one user, mounted under a prefix (/api/auth/tokens for one's own,
 * /api/users/:id/tokens for administrators). The secret is in the creation answer only.
 */
export async function tokenRoutes(app: FastifyInstance, opts: TokenRouteOptions) {
  useStrictValidation(app);
  app.post<{ Body: { name: string; expiresAt?: string | null } }>('/', { ...AT_PREFIX, schema: opts.schemas.create }, async (req, reply) => {
    const created = await createApiToken(opts.db, await opts.owner(req), req.body, opts.clock());
    return reply.status(201).header('cache-control', 'no-store').send(created);
  });
  app.get('/', { ...AT_PREFIX, schema: opts.schemas.list }, async (req) => ({ data: await listApiTokens(opts.db, await opts.owner(req)) }));
  app.delete<{ Params: { tokenId: string } }>('/:tokenId', { schema: opts.schemas.revoke }, async (req, reply) => {
    await revokeApiToken(opts.db, await opts.owner(req), req.params.tokenId);
    return reply.status(204).send();
  });
}
