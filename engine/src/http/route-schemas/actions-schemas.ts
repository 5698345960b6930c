import { json, problems } from '../openapi/openapi-parts.ts';
import type { JsonSchema } from '../openapi/record-schemas.ts';

/** Record actions (actions.plugin.ts): run an `action` document on records. */

const TAG = ['Actions'];

export const ACTION_INPUT: JsonSchema = {
  type: 'object',
  maxProperties: 50,
  description: 'Values for the fields the action takes from the caller (its `input` list); any other field is refused (400).',
};

const created: JsonSchema = {
  type: 'object',
  properties: {
    name: { type: 'string', description: 'The target\'s name in the action ("$created.<name>").' },
    entity: { type: 'string' },
    id: { type: 'string', format: 'uuid' },
  },
  required: ['name', 'entity', 'id'],
};

export const ACTION_RESULTS: JsonSchema = {
  type: 'object',
  properties: {
    results: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid', description: 'The record the action ran on.' },
          created: { type: 'array', items: created, description: 'convert: the records made from it, in creation order.' },
        },
        required: ['id'],
      },
    },
  },
  required: ['results'],
};

export const ACTION_DESCRIPTION =
  "All or nothing, in one transaction. A role must grant the action (administrators run every action); each record must be one the caller may read (404 otherwise) and the action's `visibleWhen` must hold for it (409). The action writes exactly the fields it declares, even where the caller could not edit them, and nothing else; its limits are checked after the writes (409 with the limit's message).";

export const runActionSchema = {
  operationId: 'actions_run',
  tags: TAG,
  summary: 'Run a record action on records',
  description: `${ACTION_DESCRIPTION} Several records only for a \`bulk\` action, at most 200.`,
  params: { type: 'object', properties: { name: { type: 'string', description: "The action document's name." } }, required: ['name'] },
  body: {
    type: 'object',
    required: ['records'],
    additionalProperties: false,
    properties: {
      records: { type: 'array', minItems: 1, maxItems: 200, items: { type: 'string', format: 'uuid' }, description: "Ids of records of the action's entity." },
      input: ACTION_INPUT,
    },
  },
  response: { 200: json(ACTION_RESULTS, 'One result per record, in the order given.'), ...problems(400, 401, 403, 404, 409, 422, 503) },
};

/**
 * The same on one record under its entity's path: validated here, described per entity with
 * the entity's actions (openapi/action-paths.ts), like the other record routes.
 */
export const runRecordActionSchema = {
  hide: true,
  params: {
    type: 'object',
    properties: { entity: { type: 'string' }, id: { type: 'string' }, action: { type: 'string' } },
    required: ['entity', 'id', 'action'],
  },
  body: { type: ['object', 'null'], additionalProperties: false, properties: { input: ACTION_INPUT } },
};
