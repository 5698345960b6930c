import type { FastifyRequest } from 'fastify';
import type { Actor } from '../data/actor.ts';
import { loomError } from '../errors/loom-error.ts';

/**
 * Who a request acts for: the signed-in user that the auth hook (auth.plugin.ts) loaded for
 * this request. Routes that reach here unauthenticated are a bug, refused rather than run
 * as anyone.
 */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw loomError('LOOM_ERR_AUTH_REQUIRED');
  return request.actor;
}

/** Platform administration (metadata, people, teams) is for administrators only. */
export function requireAdmin(request: FastifyRequest, what: string): Actor {
  const actor = actorOf(request);
  if (!actor.admin) throw loomError('LOOM_ERR_AUTH_ADMIN_ONLY', `Only administrators may ${what}.`);
  return actor;
}
