import { json, problems } from '../openapi/openapi-parts.ts';
import type { JsonSchema } from '../openapi/record-schemas.ts';
import { DATE_TIME, dataList, idParams, UUID } from './common-schemas.ts';

/** A user's own saved views (personal-views.plugin.ts). */

const TAG = ['Screens'];

const PATH = { type: 'string', minLength: 1, maxLength: 200, description: 'A field name or a lookup path ("account.tier").' } as const;
const viewProperties = {
  name: { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S' },
  columns: { type: 'array', minItems: 1, maxItems: 50, items: PATH },
  filter: { type: ['object', 'boolean', 'null'], description: 'JSON Logic, as the list `filter` parameter takes it.' },
  sort: { type: 'array', maxItems: 5, items: PATH, description: 'Field paths; "-" for descending.' },
} as const;
const ENTITY = { type: 'string', minLength: 1, maxLength: 100 } as const;

const personalView: JsonSchema = {
  type: 'object',
  properties: { id: UUID, entity: { type: 'string' }, ...viewProperties, createdAt: DATE_TIME, updatedAt: DATE_TIME },
  required: ['id', 'entity', 'name', 'columns', 'filter', 'sort', 'createdAt', 'updatedAt'],
};
const viewParams = idParams('The saved view id.');

export const listViewsSchema = {
  operationId: 'me_views_list',
  tags: TAG,
  summary: "The caller's saved views",
  description: 'Views of entities the caller can no longer read are not listed.',
  querystring: { type: 'object', additionalProperties: false, properties: { entity: { ...ENTITY, description: 'Only the views of this entity.' } } },
  response: { 200: json(dataList(personalView), 'The views, by entity and name.'), ...problems(400, 401, 503) },
};

export const createViewSchema = {
  operationId: 'me_views_create',
  tags: TAG,
  summary: 'Save a view',
  body: { type: 'object', required: ['entity', 'name', 'columns'], additionalProperties: false, properties: { entity: ENTITY, ...viewProperties } },
  response: { 201: json(personalView, 'The saved view.'), ...problems(400, 401, 403, 409, 503) },
};

export const updateViewSchema = {
  operationId: 'me_views_update',
  tags: TAG,
  summary: 'Change a saved view',
  // `entity` may be sent back as it is (clients often send the whole view), never changed.
  description: '`entity` may be sent back unchanged; a view never moves to another entity.',
  params: viewParams,
  body: { type: 'object', minProperties: 1, additionalProperties: false, properties: { entity: ENTITY, ...viewProperties } },
  response: { 200: json(personalView, 'The changed view.'), ...problems(400, 401, 403, 404, 409, 503) },
};

export const deleteViewSchema = {
  operationId: 'me_views_delete',
  tags: TAG,
  summary: 'Delete a saved view',
  params: viewParams,
  response: { 204: { description: 'Deleted.' }, ...problems(401, 403, 404, 503) },
};
