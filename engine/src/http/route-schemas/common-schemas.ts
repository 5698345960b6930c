import type { JsonSchema } from '../openapi/record-schemas.ts';

/** JSON Schema pieces the fixed routes share. */

export const UUID: JsonSchema = { type: 'string', format: 'uuid' };
export const DATE_TIME: JsonSchema = { type: 'string', format: 'date-time' };

/**
 * A path parameter's schema as the route takes it: any text (the route answers 404 for an
 * unknown id itself), described for the document.
 */
export function idParams(description: string, name = 'id'): JsonSchema {
  return { type: 'object', properties: { [name]: { type: 'string', description } }, required: [name] };
}

/** `{ "data": [item, …] }`, the envelope of every fixed list. */
export function dataList(item: JsonSchema): JsonSchema {
  return { type: 'object', properties: { data: { type: 'array', items: item } }, required: ['data'] };
}
