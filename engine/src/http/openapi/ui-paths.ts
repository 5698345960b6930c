import { json, jsonBody, pathParameter, problems, type PathItem } from './openapi-parts.ts';
import type { JsonSchema } from './record-schemas.ts';

/** The screens' routes: the UI bundle and the caller's saved views. */
export const UI_TAG = { name: 'Screens', description: 'What the web app reads: the UI bundle for the signed-in user, and their own saved views.' };

const query = (name: string, schema: JsonSchema, description: string, required = false) => ({ name, in: 'query', required, description, schema });
const op = (operationId: string, summary: string, rest: Record<string, unknown>) => ({ operationId, tags: [UI_TAG.name], summary, ...rest });

const PATH: JsonSchema = { type: 'string', minLength: 1, maxLength: 200, description: 'A field name or a lookup path ("account.tier").' };
const viewValues: Record<string, JsonSchema> = {
  name: { type: 'string', minLength: 1, maxLength: 100 },
  columns: { type: 'array', minItems: 1, maxItems: 50, items: PATH },
  filter: { type: ['object', 'boolean', 'null'], description: 'JSON Logic, as the list `filter` parameter takes it.' },
  sort: { type: 'array', maxItems: 5, items: PATH, description: 'Field paths; "-" for descending.' },
};
const personalView: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    entity: { type: 'string' },
    ...viewValues,
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
  required: ['id', 'entity', 'name', 'columns', 'filter', 'sort', 'createdAt', 'updatedAt'],
};

export function uiPaths(): Record<string, PathItem> {
  const id = { parameters: [pathParameter('id', { type: 'string', format: 'uuid' }, 'The saved view id.')] };
  return {
    '/api/meta/ui': {
      get: op('meta_ui', 'The UI bundle for the signed-in user', {
        description: 'Entities, views, forms (JSON Schema + uiSchema) and menus the caller may use, labels in the locale. Its TypeScript type is `UiBundle` in metadata/src/ui-bundle.ts.',
        parameters: [query('locale', { enum: ['en', 'zh-CN'], default: 'en' }, 'The language of every label.')],
        responses: { '200': json({ type: 'object' }, 'The bundle.'), ...problems(400) },
      }),
    },
    '/api/me/views': {
      get: op('me_views_list', "The caller's saved views", {
        parameters: [query('entity', { type: 'string' }, 'Only the views of this entity.')],
        responses: { '200': json({ type: 'object', properties: { data: { type: 'array', items: personalView } }, required: ['data'] }, 'The views, by entity and name.'), ...problems(400) },
      }),
      post: op('me_views_create', 'Save a view', {
        requestBody: jsonBody({ type: 'object', properties: { entity: { type: 'string' }, ...viewValues }, required: ['entity', 'name', 'columns'], additionalProperties: false }),
        responses: { '201': json(personalView, 'The saved view.'), ...problems(400, 409) },
      }),
    },
    '/api/me/views/{id}': {
      ...id,
      patch: op('me_views_update', 'Change a saved view', {
        description: '`entity` may be sent back unchanged; a view never moves to another entity.',
        requestBody: jsonBody({ type: 'object', properties: { entity: { type: 'string' }, ...viewValues }, minProperties: 1, additionalProperties: false }),
        responses: { '200': json(personalView, 'The changed view.'), ...problems(400, 404, 409) },
      }),
      delete: op('me_views_delete', 'Delete a saved view', { responses: { '204': { description: 'Deleted.' }, ...problems(404) } }),
    },
  };
}
