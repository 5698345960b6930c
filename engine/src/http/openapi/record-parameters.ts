/** Names of the list query parameters, in the order the document lists them. */
export const LIST_PARAMETERS = ['filter', 'q', 'sort', 'limit', 'cursor', 'fields', 'expand', 'count'] as const;

/** Query parameters a single record read accepts (any other is a 400). */
export const READ_PARAMETERS = ['fields', 'expand'] as const;

const FIELD_LIST = { type: 'array', items: { type: 'string', pattern: '^[a-zA-Z][a-zA-Z0-9]*(\\.[a-zA-Z][a-zA-Z0-9]*)?$' } };

/**
 * The query parameters shared by every entity's record routes (components.parameters).
 * Comma-separated lists are `style: form, explode: false`, which is how they are sent.
 */
export function recordParameterComponents(): Record<string, unknown> {
  const query = (name: string, description: string, schema: object, extra: object = {}) => ({
    name,
    in: 'query',
    required: false,
    description,
    schema,
    ...extra,
  });
  const list = { style: 'form', explode: false };
  return {
    filter: query(
      'filter',
      'A JSON Logic condition, URL-encoded, e.g. `{"and":[{"==":[{"var":"grade"},"A"]},{">":[{"var":"revenue"},1000]}]}`. ' +
        'Fields of looked-up records are reached with paths (`account.tier`). Simple conditions can also be given as ' +
        '`field=value` or `field[op]=value` with op one of eq ne lt lte gt gte in like null (`in` takes comma-separated values, `null` takes true or false).',
      { type: 'string' },
    ),
    q: query('q', "Full-text search over the entity's search fields (at most 200 characters).", { type: 'string', maxLength: 200 }),
    sort: query(
      'sort',
      'Comma-separated fields, `-` for descending (e.g. `-updatedAt,name`); at most 5. Default `-updatedAt`.',
      { type: 'array', maxItems: 5, items: { type: 'string', pattern: '^-?[a-zA-Z][a-zA-Z0-9]*$' } },
      list,
    ),
    limit: query('limit', 'Page size.', { type: 'integer', minimum: 1, maximum: 500, default: 50 }),
    cursor: query('cursor', 'The `next` value of the previous page (opaque keyset cursor, valid for the same filter and sort).', { type: 'string' }),
    fields: query(
      'fields',
      'Comma-separated fields to return (`id` and `version` always are); `lookup.field` selects fields of an expanded lookup.',
      FIELD_LIST,
      list,
    ),
    expand: query(
      'expand',
      'Comma-separated lookup or user fields to return as objects instead of ids.',
      { type: 'array', items: { type: 'string', pattern: '^[a-zA-Z][a-zA-Z0-9]*$' } },
      list,
    ),
    count: query('count', 'Also return `total`, the number of matching records.', { type: 'boolean', default: false }),
    recordId: { name: 'id', in: 'path', required: true, description: 'The record id.', schema: { type: 'string', format: 'uuid' } },
    ifMatch: {
      name: 'If-Match',
      in: 'header',
      required: false,
      description: 'The `version` you read (e.g. `3`); if the record has changed since, the request is refused with 409.',
      schema: { type: 'string' },
    },
  };
}
