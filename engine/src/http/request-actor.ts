import type { FastifyRequest } from 'fastify';
import type { Actor } from '../data/record-service.ts';

/**
 * Who a request acts for. Until sign-in exists every request acts as the
 * unauthenticated system actor; identity replaces this one function.
 */
export function actorOf(_request: FastifyRequest): Actor {
  return { id: null, roles: [] };
}
