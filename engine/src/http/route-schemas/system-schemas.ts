import { json, problems } from '../openapi/openapi-parts.ts';
import type { JsonSchema } from '../openapi/record-schemas.ts';

/** Health and the OpenAPI document (server.ts). */

const TAG = ['System'];
const DATABASE: JsonSchema = { enum: ['postgres', 'pglite'] };

const healthy: JsonSchema = {
  type: 'object',
  properties: {
    status: { const: 'ok' },
    database: DATABASE,
    revision: { type: 'integer', description: 'The model revision this instance serves.' },
    catchingUp: { type: 'boolean', description: 'The instance is loading a newer revision another instance published.' },
  },
  required: ['status', 'database'],
};
const unavailable: JsonSchema = {
  type: 'object',
  properties: { status: { const: 'unavailable' }, database: DATABASE, detail: { type: 'string' } },
  required: ['status', 'database'],
};

export const healthSchema = {
  operationId: 'health',
  tags: TAG,
  summary: 'Liveness and database reachability',
  description: 'Open to anyone.',
  response: {
    200: json(healthy, 'The server is up and reaches its database.'),
    503: json(unavailable, 'The server is up but its database does not answer; requests that need it are answered 503 with Retry-After until it is back.'),
  },
};

export const openApiSchema = {
  operationId: 'openapi',
  tags: TAG,
  summary: 'This OpenAPI document',
  description:
    'Generated from the routes and the current metadata, as the caller may use it; it changes when metadata is published. Open to anyone: without credentials it describes the platform routes only.',
  response: { 200: json({ type: 'object', description: 'An OpenAPI 3.1 document.' }, 'An OpenAPI 3.1 document.'), ...problems(401, 503) },
};
