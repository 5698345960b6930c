import { json, problems } from '../openapi/openapi-parts.ts';
import { UUID } from './common-schemas.ts';

/**
 * `POST /api/ownership/transfer` (data.plugin.ts); the record service checks the body by hand
 * (data/record-ownership.ts) as described here.
 */
export const transferAllSchema = {
  operationId: 'ownership_transfer',
  tags: ['People'],
  summary: 'Give everything one user owns to another (administrators)',
  description: "Every record `from` owns, in every owned entity, in one transaction; each move is in the record's history.",
  body: {
    type: 'object',
    properties: { from: { ...UUID, description: 'The user whose records move.' }, to: { ...UUID, description: 'An active user.' } },
    required: ['from', 'to'],
  },
  response: {
    200: json(
      {
        type: 'object',
        properties: { moved: { type: 'object', additionalProperties: { type: 'integer', minimum: 0 }, description: 'Records moved, by entity.' } },
        required: ['moved'],
      },
      'Moved.',
    ),
    ...problems(400, 401, 403, 503),
  },
};
