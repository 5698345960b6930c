import { schemaRef } from './component-names.ts';
import type { JsonSchema } from './record-schemas.ts';

/** Small builders shared by the record and fixed routes of the OpenAPI document. */

export type Operation = Record<string, unknown>;
export type PathItem = Record<string, unknown>;

/** Error responses by status; each is application/problem+json with the Problem schema. */
const PROBLEM_RESPONSES = {
  400: ['BadRequest', 'The request is malformed: a bad query parameter, or a body that does not match the schema.'],
  403: ['Forbidden', 'The caller\'s roles do not allow this action or field.'],
  404: ['NotFound', 'No such record, entity, document or route.'],
  409: ['Conflict', 'Stale version (someone else changed it), a unique value already taken, or a change that could lose data.'],
  413: ['PayloadTooLarge', 'The request body or file is too large.'],
  415: ['UnsupportedMediaType', 'The file type is not accepted by the field.'],
  422: ['UnprocessableContent', 'The record breaks a field check or a rule; `errors` lists each problem with its JSON pointer.'],
} as const satisfies Record<number, readonly [name: string, description: string]>;

export type ProblemStatus = keyof typeof PROBLEM_RESPONSES;

export function problemResponseComponents(): Record<string, unknown> {
  const components: Record<string, unknown> = {};
  for (const [name, description] of Object.values(PROBLEM_RESPONSES)) {
    components[name] = { description, content: { 'application/problem+json': { schema: schemaRef('Problem') } } };
  }
  return components;
}

/** `{ "400": { $ref }, "404": { $ref } }` for the statuses an operation can answer with. */
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
