import { UI_LOCALES } from '@loom/metadata';
import { json, problems } from '../openapi/openapi-parts.ts';

/** `GET /api/meta/ui` (ui.plugin.ts), which checks its query by hand (`parseLocale`) as described here. */

export const uiBundleSchema = {
  operationId: 'meta_ui',
  tags: ['Screens'],
  summary: 'The UI bundle for the signed-in user',
  description:
    'Entities, views, forms (JSON Schema + uiSchema) and menus the caller may use, labels in the locale. Its TypeScript type is `UiBundle` in metadata/src/ui-bundle.ts. Any other query parameter is a 400.',
  querystring: {
    type: 'object',
    properties: { locale: { type: 'string', enum: [...UI_LOCALES], default: 'en', description: 'The language of every label.' } },
    additionalProperties: false,
  },
  response: { 200: json({ type: 'object', description: 'A `UiBundle`.' }, 'The bundle.'), ...problems(400, 401, 503) },
};
