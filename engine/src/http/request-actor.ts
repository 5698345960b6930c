import type { FastifyRequest } from 'fastify';
import { SYSTEM_ACTOR, type Actor } from '../data/actor.ts';

/**
 * Who a request acts for. Until sign-in exists every request acts as the
 * unauthenticated system actor; identity replaces this one function.
 */
export function actorOf(_request: FastifyRequest): Actor {
  return SYSTEM_ACTOR;
}
