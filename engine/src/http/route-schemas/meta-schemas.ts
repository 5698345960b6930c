import { json, problems } from '../openapi/openapi-parts.ts';
import type { JsonSchema } from '../openapi/record-schemas.ts';
import { DATE_TIME } from './common-schemas.ts';

/**
 * The metadata routes (meta.plugin.ts). They check their input by hand (meta/metadata-change.ts,
 * then the registry validates each document with pointers into the request), and these
 * schemas describe exactly what those checks accept.
 */

const TAG = ['Metadata'];
const KINDS = 'entity, form, view, menu, approval, reminder, automation, action, report, dashboard, role or pack';

/** A metadata document: `kind`, `name` and the keys of its kind (see `GET /api/meta/schemas/{kind}`). */
export const metaDocumentSchema: JsonSchema = {
  type: 'object',
  properties: { kind: { type: 'string' }, name: { type: 'string' } },
  required: ['kind', 'name'],
  additionalProperties: true,
  description: 'A metadata document; its full shape is the JSON Schema of its kind (`GET /api/meta/schemas/{kind}`).',
};

const storedDocument: JsonSchema = {
  type: 'object',
  properties: { kind: { type: 'string' }, name: { type: 'string' }, revision: { type: 'integer' }, document: metaDocumentSchema },
  required: ['kind', 'name', 'revision', 'document'],
};
const documentRevision: JsonSchema = {
  type: 'object',
  properties: { revision: { type: 'integer' }, action: { type: 'string' }, author: { type: ['string', 'null'] }, at: DATE_TIME, publish: { type: 'integer' } },
  required: ['revision', 'action', 'author', 'at', 'publish'],
};
const changed: JsonSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: { kind: { type: 'string' }, name: { type: 'string' }, action: { enum: ['put', 'delete'] } },
    required: ['kind', 'name', 'action'],
  },
};
const planOutcome = (extra: Record<string, JsonSchema>): JsonSchema => ({
  type: 'object',
  properties: {
    ok: { const: true },
    ...extra,
    changed,
    plan: { type: 'object', description: 'The database plan: its steps (the DDL) and data-loss warnings.' },
    text: { type: 'string', description: 'The plan for people.' },
  },
  required: ['ok', ...Object.keys(extra), 'changed', 'plan', 'text'],
});
const published = json(
  planOutcome({ revision: { type: 'integer', description: 'The model revision now served.' } }),
  'Applied; the model revision increased (or stayed, when nothing changed).',
);

const docParams = {
  type: 'object',
  properties: { kind: { type: 'string', description: `The metadata kind: ${KINDS}.` }, name: { type: 'string', description: 'The document name.' } },
  required: ['kind', 'name'],
};
const changesBody = {
  type: 'object',
  properties: {
    documents: { type: 'array', items: metaDocumentSchema, description: 'Documents to create or replace.' },
    delete: {
      type: 'array',
      items: { type: 'object', properties: { kind: { type: 'string' }, name: { type: 'string' } }, required: ['kind', 'name'] },
      description: 'Documents to delete.',
    },
    purge: { description: '`true`: drop what deleted entities and fields leave in the database instead of archiving it; anything else archives.' },
  },
  additionalProperties: false,
};

export const listMetaSchema = {
  operationId: 'meta_list',
  tags: TAG,
  summary: 'Every metadata document, with the model revision',
  response: {
    200: json(
      {
        type: 'object',
        properties: { revision: { type: 'integer', minimum: 0 }, documents: { type: 'array', items: storedDocument } },
        required: ['revision', 'documents'],
      },
      'The documents.',
    ),
    ...problems(401, 503),
  },
};

export const kindSchemaSchema = {
  operationId: 'meta_schema',
  tags: TAG,
  summary: 'The JSON Schema of a metadata kind',
  description: "`common` is the shared definitions every kind's schema refers to.",
  params: { type: 'object', properties: { kind: { type: 'string', description: `${KINDS}, or common.` } }, required: ['kind'] },
  response: { 200: json({ type: 'object' }, 'A JSON Schema (draft 2020-12).'), ...problems(401, 404, 503) },
};

export const getMetaSchema = {
  operationId: 'meta_get',
  tags: TAG,
  summary: 'One metadata document, with its last revisions',
  params: docParams,
  response: {
    200: json(
      {
        ...storedDocument,
        properties: { ...(storedDocument.properties as object), history: { type: 'array', items: documentRevision } },
        required: [...(storedDocument.required as string[]), 'history'],
      },
      'The document.',
    ),
    ...problems(401, 404, 503),
  },
};

export const putMetaSchema = {
  operationId: 'meta_put',
  tags: TAG,
  summary: 'Create or replace a metadata document (administrators)',
  description: 'Validates the document and applies it with the database changes it needs; on any error nothing changes. `kind` and `name` must match the URL.',
  params: docParams,
  body: metaDocumentSchema,
  response: { 200: published, ...problems(400, 401, 403, 404, 409, 413, 503) },
};

export const deleteMetaSchema = {
  operationId: 'meta_delete',
  tags: TAG,
  summary: 'Delete a metadata document (administrators)',
  params: docParams,
  querystring: {
    type: 'object',
    properties: { purge: { type: 'string', description: '`true`: drop what a deleted entity leaves in the database instead of archiving it.' } },
  },
  response: { 200: published, ...problems(400, 401, 403, 404, 409, 503) },
};

export const planMetaSchema = {
  operationId: 'meta_plan',
  tags: TAG,
  summary: 'Validate documents and preview the database plan (administrators)',
  description: 'Returns the validation result and the DDL it would run, with data-loss warnings, without changing anything.',
  body: changesBody,
  response: { 200: json(planOutcome({}), 'The documents are valid; the plan.'), ...problems(400, 401, 403, 409, 413, 503) },
};

export const publishMetaSchema = {
  operationId: 'meta_publish',
  tags: TAG,
  summary: 'Apply a set of documents atomically (administrators)',
  description: 'Plan, DDL and storing the documents happen in one transaction: all or nothing.',
  body: changesBody,
  response: { 200: published, ...problems(400, 401, 403, 409, 413, 503) },
};
