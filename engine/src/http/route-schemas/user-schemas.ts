import { json, problems } from '../openapi/openapi-parts.ts';
import type { JsonSchema } from '../openapi/record-schemas.ts';
import { DATE_TIME, idParams, UUID } from './common-schemas.ts';

/** People (users.plugin.ts): what the user routes take and answer. */

const TAG = ['People'];

const userSchema: JsonSchema = {
  type: 'object',
  properties: {
    id: UUID,
    email: { type: 'string' },
    name: { type: 'string' },
    active: { type: 'boolean' },
    admin: { type: 'boolean' },
    roles: { type: 'array', items: { type: 'string' } },
    manager: { type: ['string', 'null'], format: 'uuid' },
    teams: { type: 'array', items: { type: 'object', properties: { id: UUID, name: { type: 'string' } }, required: ['id', 'name'] } },
    createdAt: DATE_TIME,
    updatedAt: DATE_TIME,
    deactivatedAt: { type: ['string', 'null'], format: 'date-time' },
  },
  required: ['id', 'email', 'name', 'active', 'admin', 'roles', 'manager', 'teams', 'createdAt', 'updatedAt', 'deactivatedAt'],
};

/** What a non-administrator sees of a colleague. */
const directoryEntry: JsonSchema = {
  type: 'object',
  properties: { id: UUID, name: { type: 'string' }, email: { type: 'string' } },
  required: ['id', 'name', 'email'],
};

const userProperties = {
  email: { type: 'string', maxLength: 254 },
  name: { type: 'string', maxLength: 200 },
  password: { type: 'string', maxLength: 1024 },
  admin: { type: 'boolean' },
  active: { type: 'boolean' },
  roles: { type: 'array', maxItems: 50, items: { type: 'string', maxLength: 100 } },
  manager: { type: ['string', 'null'], format: 'uuid' },
} as const;

const userParams = idParams('The user id.');
const page: JsonSchema = {
  type: 'object',
  properties: {
    data: {
      type: 'array',
      items: { anyOf: [userSchema, directoryEntry] },
      description: "Accounts for administrators; for everyone else the active users' id, name and email.",
    },
    next: { type: ['string', 'null'], description: 'The `cursor` of the next page.' },
  },
  required: ['data', 'next'],
};

export const listUsersSchema = {
  operationId: 'users_list',
  tags: TAG,
  summary: 'Users, or the directory of active colleagues',
  querystring: {
    type: 'object',
    additionalProperties: false,
    properties: {
      q: { type: 'string', maxLength: 200, description: 'Part of the email or the name.' },
      active: { type: 'boolean' },
      limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
      cursor: { type: 'string', maxLength: 254 },
    },
  },
  response: { 200: json(page, 'One page, by email.'), ...problems(400, 401, 503) },
};

export const createUserSchema = {
  operationId: 'users_create',
  tags: TAG,
  summary: 'Create a user (administrators)',
  body: { type: 'object', required: ['email', 'name'], additionalProperties: false, properties: userProperties },
  response: { 201: json(userSchema, 'The user.'), ...problems(400, 401, 403, 409, 503) },
};

export const getUserSchema = {
  operationId: 'users_get',
  tags: TAG,
  summary: 'One user (oneself, or anyone for administrators)',
  params: userParams,
  response: { 200: json(userSchema, 'The user.'), ...problems(401, 403, 404, 503) },
};

export const updateUserSchema = {
  operationId: 'users_update',
  tags: TAG,
  summary: 'Change a user (administrators)',
  description: "A new password, deactivation or a role taken away ends the user's sessions and tokens.",
  params: userParams,
  body: { type: 'object', additionalProperties: false, minProperties: 1, properties: userProperties },
  response: { 200: json(userSchema, 'The user.'), ...problems(400, 401, 403, 404, 409, 503) },
};
