import type { CompiledEntity } from '../../model/compiled-model.ts';
import { entityLabel as label, operation } from './entity-operation.ts';
import { json, jsonBody, parameterRef, pathParameter, problems, type PathItem } from './openapi-parts.ts';
import type { JsonSchema } from './record-schemas.ts';

const UUID: JsonSchema = { type: 'string', format: 'uuid' };
const share: JsonSchema = {
  type: 'object',
  properties: {
    id: UUID,
    user: { type: ['string', 'null'], format: 'uuid' },
    team: { type: ['string', 'null'], format: 'uuid' },
    access: { enum: ['read', 'write'] },
    createdAt: { type: 'string', format: 'date-time' },
  },
  required: ['id', 'user', 'team', 'access'],
};

/**
 * Shares of one record (every entity) and owner transfer (owned entities), keyed by path.
 * Their bodies are checked by the record service (data/record-shares.ts,
 * data/record-ownership.ts), which these schemas describe.
 */
export function sharingPaths(entity: CompiledEntity): Record<string, PathItem> {
  const base = `/api/data/${entity.name}`;
  const id = parameterRef('recordId');
  const paths: Record<string, PathItem> = {
    [`${base}/{id}/shares`]: {
      parameters: [id],
      get: operation(entity, 'shares', `Who a ${label(entity)} record is shared with`, {
        description: 'Needs read access to the record.',
        responses: {
          '200': json({ type: 'object', properties: { data: { type: 'array', items: share } }, required: ['data'] }, 'The shares, oldest first.'),
          ...problems(400, 404),
        },
      }),
      post: operation(entity, 'share', `Share a ${label(entity)} record`, {
        description:
          'With one user or one team (`user` or `team`, not both), for reading or also writing. Needs update access to the record; sharing again with the same user or team replaces the share.',
        requestBody: jsonBody({
          type: 'object',
          properties: { user: UUID, team: UUID, access: { enum: ['read', 'write'], default: 'read' } },
          oneOf: [{ required: ['user'] }, { required: ['team'] }],
        }),
        responses: { '201': json(share, 'The share.'), ...problems(400, 403, 404) },
      }),
    },
    [`${base}/{id}/shares/{share}`]: {
      parameters: [id, pathParameter('share', UUID, 'The share id.')],
      delete: operation(entity, 'unshare', `Withdraw a share of a ${label(entity)} record`, {
        description: 'Needs update access to the record.',
        responses: { '204': { description: 'Withdrawn.' }, ...problems(400, 403, 404) },
      }),
    },
  };
  if (entity.owned) {
    paths[`${base}/transfer`] = {
      post: operation(entity, 'transfer', `Give ${label(entity)} records to another owner`, {
        description: 'All or nothing: each record must be one the caller may update.',
        requestBody: jsonBody({
          type: 'object',
          properties: { ids: { type: 'array', minItems: 1, maxItems: 1000, items: UUID }, owner: { ...UUID, description: 'An active user.' } },
          required: ['ids', 'owner'],
        }),
        responses: {
          '200': json({ type: 'object', properties: { moved: { type: 'integer', minimum: 0 } }, required: ['moved'] }, 'How many records changed owner.'),
          ...problems(400, 403, 404),
        },
      }),
    };
  }
  return paths;
}
