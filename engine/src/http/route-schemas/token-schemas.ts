import { json, problems } from '../openapi/openapi-parts.ts';
import type { JsonSchema } from '../openapi/record-schemas.ts';
import { DATE_TIME, dataList, UUID } from './common-schemas.ts';

/** API tokens (token-routes.ts), mounted for one's own tokens and, for administrators, any user's. */

const tokenSchema: JsonSchema = {
  type: 'object',
  properties: {
    id: UUID,
    name: { type: 'string' },
    createdAt: DATE_TIME,
    lastUsedAt: { type: ['string', 'null'], format: 'date-time' },
    expiresAt: { type: ['string', 'null'], format: 'date-time' },
  },
  required: ['id', 'name', 'createdAt', 'lastUsedAt', 'expiresAt'],
};

const createdToken: JsonSchema = {
  ...tokenSchema,
  properties: {
    ...(tokenSchema.properties as object),
    token: { type: 'string', description: 'The secret: send it as `Authorization: Bearer <token>`. Shown in this answer only.' },
  },
  required: [...(tokenSchema.required as string[]), 'token'],
};

const createBody = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: { name: { type: 'string', minLength: 1, maxLength: 100 }, expiresAt: { type: ['string', 'null'], format: 'date-time' } },
} as const;

/** Whose tokens a mount manages: one's own (`auth_tokens`) or a user's (`users_tokens`, with the `id` parameter). */
export interface TokenMount {
  readonly operationPrefix: string;
  readonly tag: string;
  readonly whose: string;
  /** The mount's own path parameters (`id` of the user), besides `tokenId`. */
  readonly params?: Readonly<Record<string, JsonSchema>>;
  /** Statuses every route of the mount may answer besides its own: an administrators-only mount's 403, an unknown user's 404. */
  readonly problems: readonly (403 | 404)[];
}

function paramsSchema(properties: Readonly<Record<string, JsonSchema>>): JsonSchema {
  return { type: 'object', properties, required: Object.keys(properties) };
}

export function tokenSchemas(mount: TokenMount) {
  const base = { tags: [mount.tag], ...(mount.params ? { params: paramsSchema(mount.params) } : {}) };
  return {
    create: {
      ...base,
      operationId: `${mount.operationPrefix}_create`,
      summary: `Create an API token for ${mount.whose}`,
      body: createBody,
      response: { 201: json(createdToken, 'The token, with its secret.'), ...problems(400, 401, 403, ...mount.problems, 503) },
    },
    list: {
      ...base,
      operationId: `${mount.operationPrefix}_list`,
      summary: `The API tokens of ${mount.whose}`,
      response: { 200: json(dataList(tokenSchema), 'The tokens, without their secrets.'), ...problems(401, ...mount.problems, 503) },
    },
    revoke: {
      ...base,
      operationId: `${mount.operationPrefix}_revoke`,
      summary: `Revoke an API token of ${mount.whose}`,
      params: paramsSchema({ ...mount.params, tokenId: { type: 'string', description: 'The token id.' } }),
      response: { 204: { description: 'Revoked.' }, ...problems(401, 403, 404, 503) },
    },
  };
}
