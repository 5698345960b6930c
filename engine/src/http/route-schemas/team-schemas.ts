import { json, problems } from '../openapi/openapi-parts.ts';
import type { JsonSchema } from '../openapi/record-schemas.ts';
import { DATE_TIME, dataList, idParams, UUID } from './common-schemas.ts';

/** Teams (users.plugin.ts), for administrators. */

const TAG = ['People'];

const teamSchema: JsonSchema = {
  type: 'object',
  properties: {
    id: UUID,
    name: { type: 'string' },
    createdAt: DATE_TIME,
    members: { type: 'array', items: UUID, description: "The ids of the team's users." },
  },
  required: ['id', 'name', 'createdAt', 'members'],
};
const teamBody = { type: 'object', required: ['name'], additionalProperties: false, properties: { name: { type: 'string', maxLength: 100 } } } as const;
const teamParams = idParams('The team id.');
const team = (description: string) => json(teamSchema, description);

export const listTeamsSchema = {
  operationId: 'teams_list',
  tags: TAG,
  summary: 'Teams (administrators)',
  response: { 200: json(dataList(teamSchema), 'Every team.'), ...problems(401, 403, 503) },
};

export const createTeamSchema = {
  operationId: 'teams_create',
  tags: TAG,
  summary: 'Create a team (administrators)',
  body: teamBody,
  response: { 201: team('The team.'), ...problems(400, 401, 403, 409, 503) },
};

export const getTeamSchema = {
  operationId: 'teams_get',
  tags: TAG,
  summary: 'One team (administrators)',
  params: teamParams,
  response: { 200: team('The team.'), ...problems(401, 403, 404, 503) },
};

export const renameTeamSchema = {
  operationId: 'teams_rename',
  tags: TAG,
  summary: 'Rename a team (administrators)',
  params: teamParams,
  body: teamBody,
  response: { 200: team('The team.'), ...problems(400, 401, 403, 404, 409, 503) },
};

export const teamMembersSchema = {
  operationId: 'teams_members',
  tags: TAG,
  summary: 'Set the members of a team (administrators)',
  description: 'The list replaces the members.',
  params: teamParams,
  body: {
    type: 'object',
    required: ['members'],
    additionalProperties: false,
    properties: { members: { type: 'array', maxItems: 10_000, items: { type: 'string', format: 'uuid' } } },
  },
  response: { 200: team('The team.'), ...problems(400, 401, 403, 404, 503) },
};
