import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { createApiToken, listApiTokens, revokeApiToken } from '../auth/api-tokens.ts';
import { useStrictValidation } from './strict-validation.ts';

export interface TokenRouteOptions {
  readonly db: Kysely<any>;
  readonly clock: () => Date;
  /** Whose tokens the request manages (and whether it may): throws to refuse. */
  readonly owner: (request: FastifyRequest) => string | Promise<string>;
}

const createBody = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: { name: { type: 'string', minLength: 1, maxLength: 100 }, expiresAt: { type: ['string', 'null'], format: 'date-time' } },
} as const;

/**
 * API tokens of one user, mounted under a prefix (/api/auth/tokens for one's own,
 * /api/users/:id/tokens for administrators). The secret is in the creation answer only.
 */
export async function tokenRoutes(app: FastifyInstance, opts: TokenRouteOptions) {
  useStrictValidation(app);
  app.post<{ Body: { name: string; expiresAt?: string | null } }>('/', { schema: { body: createBody } }, async (req, reply) => {
    const created = await createApiToken(opts.db, await opts.owner(req), req.body, opts.clock());
    return reply.status(201).header('cache-control', 'no-store').send(created);
  });
  app.get('/', async (req) => ({ data: await listApiTokens(opts.db, await opts.owner(req)) }));
  app.delete<{ Params: { tokenId: string } }>('/:tokenId', async (req, reply) => {
    await revokeApiToken(opts.db, await opts.owner(req), req.params.tokenId);
    return reply.status(204).send();
  });
}
