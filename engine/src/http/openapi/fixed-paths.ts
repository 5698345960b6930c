import { schemaRef } from './component-names.ts';
import { json, jsonBody, pathParameter, problems, type Operation, type PathItem } from './openapi-parts.ts';
import type { JsonSchema } from './record-schemas.ts';
import { UI_TAG, uiPaths } from './ui-paths.ts';

/** Tags of the routes that are the same in every model (entity tags are entity names, lower camelCase). */
export const FIXED_TAGS = [
  { name: 'System', description: 'Health and this description.' },
  { name: 'Metadata', description: 'The metadata documents that define entities, forms, views and the rest.' },
  { name: 'Files', description: 'Uploads for file and image fields.' },
  UI_TAG,
];

/** A metadata document: `kind`, `name` and the keys of its kind (see `GET /api/meta/schemas/{kind}`). */
export function metaDocumentSchema(): JsonSchema {
  return {
    type: 'object',
    properties: { kind: { type: 'string' }, name: { type: 'string' } },
    required: ['kind', 'name'],
    description: 'A metadata document; its full shape is the JSON Schema of its kind.',
  };
}

const op = (operationId: string, tag: string, summary: string, rest: Operation): Operation => ({ operationId, tags: [tag], summary, ...rest });
const anyObject: JsonSchema = { type: 'object' };
const healthSchema: JsonSchema = {
  type: 'object',
  properties: {
    status: { const: 'ok' },
    database: { enum: ['postgres', 'pglite'] },
    revision: { type: 'integer', description: 'The model revision this instance serves.' },
    catchingUp: { type: 'boolean', description: 'The instance is loading a newer revision another instance published.' },
  },
  required: ['status', 'database'],
};
const healthDownSchema: JsonSchema = {
  type: 'object',
  properties: { status: { const: 'unavailable' }, database: { enum: ['postgres', 'pglite'] }, detail: { type: 'string' } },
  required: ['status', 'database'],
};
const documentsBody: JsonSchema = {
  type: 'object',
  properties: { documents: { type: 'array', items: schemaRef('MetaDocument') } },
  required: ['documents'],
};
const kindParameter = pathParameter('kind', { type: 'string', pattern: '^[a-z]+$' }, 'The metadata kind: entity, form, view, menu, approval, reminder, automation, action, report, dashboard, role or pack.');

/** Routes that do not depend on the model: health, this document, metadata, files and the screens' own. */
export function fixedPaths(): Record<string, PathItem> {
  return { ...systemPaths(), ...metaPaths(), ...filePaths(), ...uiPaths() };
}

function systemPaths(): Record<string, PathItem> {
  return {
    '/api/health': {
      get: op('health', 'System', 'Liveness and database reachability', {
        responses: {
          '200': json(healthSchema, 'The server is up and reaches its database.'),
          '503': json(healthDownSchema, 'The server is up but its database does not answer; requests that need it are answered 503 with Retry-After until it is back.'),
        },
      }),
    },
    '/api/openapi.json': {
      get: op('openapi', 'System', 'This OpenAPI document', {
        description: 'Generated from the current metadata; it changes when metadata is published.',
        responses: { '200': json(anyObject, 'An OpenAPI 3.1 document.') },
      }),
    },
  };
}

function metaPaths(): Record<string, PathItem> {
  const one = { parameters: [kindParameter, pathParameter('name', { type: 'string', maxLength: 100 }, 'The document name.')] };
  const list: JsonSchema = { type: 'object', properties: { revision: { type: 'integer', minimum: 0 }, documents: { type: 'array', items: schemaRef('MetaDocument') } } };
  return {
    '/api/meta': { get: op('meta_list', 'Metadata', 'Every metadata document, with the model revision', { responses: { '200': json(list, 'The documents.') } }) },
    '/api/meta/{kind}/{name}': {
      ...one,
      get: op('meta_get', 'Metadata', 'One metadata document', { responses: { '200': json(schemaRef('MetaDocument'), 'The document.'), ...problems(404) } }),
      put: op('meta_put', 'Metadata', 'Create or replace a metadata document', {
        description: 'Validates the document and applies it with the database changes it needs; on any error nothing changes.',
        requestBody: jsonBody(schemaRef('MetaDocument')),
        responses: { '200': json(anyObject, 'Applied.'), ...problems(400, 404, 409, 413) },
      }),
      delete: op('meta_delete', 'Metadata', 'Delete a metadata document', { responses: { '200': json(anyObject, 'Deleted.'), ...problems(400, 404, 409) } }),
    },
    '/api/meta/plan': {
      post: op('meta_plan', 'Metadata', 'Validate documents and preview the database plan', {
        description: 'Returns the validation result and the DDL it would run, with data-loss warnings, without changing anything.',
        requestBody: jsonBody(documentsBody),
        responses: { '200': json(anyObject, 'The validation result and the plan.'), ...problems(400, 413) },
      }),
    },
    '/api/meta/publish': {
      post: op('meta_publish', 'Metadata', 'Apply a set of documents atomically', {
        description: 'Plan, DDL and storing the documents happen in one transaction: all or nothing.',
        requestBody: jsonBody(documentsBody),
        responses: { '200': json(anyObject, 'Published; the model revision increased.'), ...problems(400, 409, 413) },
      }),
    },
    '/api/meta/schemas/{kind}': {
      parameters: [kindParameter],
      get: op('meta_schema', 'Metadata', 'The JSON Schema of a metadata kind', { responses: { '200': json(anyObject, 'A JSON Schema (draft 2020-12).'), ...problems(404) } }),
    },
  };
}

function filePaths(): Record<string, PathItem> {
  const upload: JsonSchema = {
    type: 'object',
    properties: {
      entity: { type: 'string', description: 'The entity of the file or image field.' },
      field: { type: 'string', description: 'The file or image field; its `accept` and `maxSize` apply.' },
      file: { type: 'string', contentMediaType: 'application/octet-stream', description: 'The file content.' },
    },
    required: ['entity', 'field', 'file'],
  };
  const stored: JsonSchema = { type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] };
  return {
    '/api/files': {
      post: op('files_upload', 'Files', 'Upload a file for a file or image field', {
        description: 'Multipart upload for a field the caller may write (403 otherwise). Write the returned `id` into that field to attach the file to a record; until then only the uploader may read it.',
        requestBody: { required: true, content: { 'multipart/form-data': { schema: upload } } },
        responses: { '201': json(stored, 'The stored file.'), ...problems(400, 403, 404, 413, 415) },
      }),
    },
    '/api/files/{id}': {
      parameters: [pathParameter('id', { type: 'string', format: 'uuid' }, 'The file id.')],
      get: op('files_get', 'Files', 'Download a file', {
        description: 'Readable when a record the caller may read holds the file in a field they see (or, not yet attached, by its uploader); otherwise 404, like a missing file.',
        responses: { '200': { description: 'The file content, served with the content type it was stored with.', content: { '*/*': {} } }, ...problems(404) },
      }),
    },
  };
}
