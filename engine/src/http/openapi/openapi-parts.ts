import { schemaRef } from './component-names.ts';
import type { JsonSchema } from './record-schemas.ts';

/** Small builders shared by the record and fixed routes of the OpenAPI document. */

export type Operation = Record<string, unknown>;
export type PathItem = Record<string, unknown>;

/** Error responses by status; each is application/problem+json with the Problem schema. */
const PROBLEM_RESPONSES = {
  400: ['BadRequest', 'The request is malformed: a bad query parameter, or a body that does not match the schema.'],
  401: ['Unauthorized', 'Sign in, or send a valid API token (`Authorization: Bearer`); on sign-in, a wrong email or password.'],
  403: ['Forbidden', "The caller's roles do not allow this action or field."],
  404: ['NotFound', 'No such record, entity, document or route.'],
  409: ['Conflict', 'Stale version (someone else changed it), a unique value already taken, or a change that could lose data.'],
  413: ['PayloadTooLarge', 'The request body or file is too large.'],
  415: ['UnsupportedMediaType', 'The file type is not accepted by the field.'],
  422: ['UnprocessableContent', 'The record breaks a field check or a rule; `errors` lists each problem with its JSON pointer.'],
  429: ['TooManyRequests', 'Too many attempts; `Retry-After` or the detail says when to try again.'],
  503: [
    'ServiceUnavailable',
    'The database could not be reached, or rolled the request back (a deadlock, or a publish that overtook it); nothing was written unless the connection was lost during the commit itself. Send it again after `Retry-After` (1 second).',
  ],
} as const satisfies Record<number, readonly [name: string, description: string]>;

export type ProblemStatus = keyof typeof PROBLEM_RESPONSES;

export function problemResponseComponents(): Record<string, unknown> {
  const components: Record<string, unknown> = {};
  for (const [name, description] of Object.values(PROBLEM_RESPONSES)) {
    components[name] = { description, content: { 'application/problem+json': { schema: schemaRef('Problem') } } };
  }
  return components;
}

/**
 * `{ "400": { $ref }, "404": { $ref } }` for the statuses an operation can answer with. The same
 * object is a fastify route's `schema.response` entry (the response serializer ignores it,
 * response-serializer.ts) and an OpenAPI response, so routes carry it as it is.
 */
export function problems(...statuses: ProblemStatus[]): Record<string, unknown> {
  return Object.fromEntries(statuses.map((s) => [String(s), { $ref: `#/components/responses/${PROBLEM_RESPONSES[s][0]}` }]));
}

export function json(schema: JsonSchema, description: string): Record<string, unknown> {
  return { description, content: { 'application/json': { schema } } };
}

export function jsonBody(schema: JsonSchema, description?: string): Record<string, unknown> {
  return { required: true, ...(description ? { description } : {}), content: { 'application/json': { schema } } };
}

export function pathParameter(name: string, schema: JsonSchema, description: string): Record<string, unknown> {
  return { name, in: 'path', required: true, description, schema };
}

export function parameterRef(name: string): { $ref: string } {
  return { $ref: `#/components/parameters/${name}` };
}
