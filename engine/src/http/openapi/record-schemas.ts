import type { CompiledEntity, CompiledField, CompiledFieldOf, CompiledModel } from '../../model/compiled-model.ts';
import type { JsonSchema } from '../../model/field-types/field-type.ts';
import { annotate, expandedSchema, hasDefault, inputValueSchema, isReference, isWritable, plainValueSchema } from '../../model/field-schemas.ts';
import { labelText } from '../../model/label-text.ts';
import { isLinesField } from '../../model/field-types/field-predicates.ts';
import { DELETE_KEY } from '../../data/write/lines-plan.ts';

export type { JsonSchema };

/** The record service refuses more rows than this per lines field, and more operations per bulk call. */
export const MAX_LINES = 1000;
export const MAX_BULK_OPERATIONS = 1000;

export type SchemaKind = 'record' | 'create' | 'patch';

export interface SchemaOptions {
  /**
   * A `$ref` to an entity's schema (the OpenAPI document uses its components). Without it,
   * other entities' schemas are inlined, so the result compiles on its own (ajv, request checks).
   */
  readonly ref?: (entity: string, kind: SchemaKind) => string;
}

const UUID: JsonSchema = { type: 'string', format: 'uuid' };

/**
 * `required` inside if/then/else. The names are repeated under `properties` (as `true`)
 * because ajv's strictRequired looks for them there and, through nested schemas,
 * can lose track of the ones the enclosing schema defines.
 */
function requires(names: string[]): JsonSchema {
  return { properties: Object.fromEntries(names.map((n) => [n, true])), required: names };
}
const VERSION: JsonSchema = { type: 'integer', minimum: 1, description: 'The version you read; a stale version is refused with 409.' };

// ------------------------------------------------------------------ records as answered

/** A record as returned: every field (system fields too); lookups are ids or, with `expand`, objects. */
export function recordSchema(entity: CompiledEntity, model: CompiledModel, options: SchemaOptions = {}): JsonSchema {
  return buildRecord(entity, model, options, [entity.name]);
}

function buildRecord(entity: CompiledEntity, model: CompiledModel, options: SchemaOptions, stack: string[]): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const field of entity.fieldList) properties[field.name] = recordField(entity, field, model, options, stack);
  const title = labelText(entity.label);
  // `fields=` may narrow a record, but `id` and `version` are always there.
  return { type: 'object', ...(title ? { title } : {}), properties, required: ['id', 'version'], additionalProperties: false };
}

function recordField(entity: CompiledEntity, field: CompiledField, model: CompiledModel, options: SchemaOptions, stack: string[]): JsonSchema {
  let schema: JsonSchema;
  if (isLinesField(field)) schema = { type: 'array', items: childRecord(field, model, options, stack), maxItems: MAX_LINES };
  else if (isReference(field)) schema = { anyOf: [plainValueSchema(field), expandedSchema(field, model)] };
  else schema = plainValueSchema(field);
  if (!isWritable(entity, field)) schema.readOnly = true;
  return annotate(field, schema);
}

function childRecord(field: CompiledField, model: CompiledModel, options: SchemaOptions, stack: string[]): JsonSchema {
  const child = field.target ? model.entities.get(field.target) : undefined;
  if (!child) return { type: 'object' };
  if (options.ref) return { $ref: options.ref(child.name, 'record') };
  if (stack.includes(child.name)) return { type: 'object' }; // lines that loop back: stop, do not recurse forever
  return buildRecord(child, model, options, [...stack, child.name]);
}

/** `{ data, next, total? }`: one page of records and the keyset cursor of the next. */
export function listResponseSchema(entity: CompiledEntity, model: CompiledModel, options: SchemaOptions = {}): JsonSchema {
  return {
    type: 'object',
    properties: {
      data: { type: 'array', items: options.ref ? { $ref: options.ref(entity.name, 'record') } : recordSchema(entity, model, options) },
      next: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page; null on the last page.' },
      total: { type: 'integer', minimum: 0, description: 'Number of matching records; only with `count=true`.' },
    },
    required: ['data', 'next'],
    additionalProperties: false,
  };
}

// ------------------------------------------------------------------ request bodies

interface WriteMode {
  readonly creating: boolean;
  /** The child's lookup to its parent inside lines: the parent sets it, so it is not sent. */
  readonly omit?: string;
  /** Entities whose schema is being built (lines inside lines), to stop at a loop. */
  readonly stack: readonly string[];
}

/** Writable fields; `required` lists the required ones without a default. */
export function createBodySchema(entity: CompiledEntity, model: CompiledModel): JsonSchema {
  return buildWrite(entity, model, { creating: true, stack: [entity.name] });
}

/** Writable fields, none required, plus the optional `version` for optimistic concurrency. */
export function patchBodySchema(entity: CompiledEntity, model: CompiledModel): JsonSchema {
  const schema = buildWrite(entity, model, { creating: false, stack: [entity.name] });
  (schema.properties as Record<string, JsonSchema>).version = VERSION;
  return schema;
}

function buildWrite(entity: CompiledEntity, model: CompiledModel, mode: WriteMode): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const field of entity.fieldList) {
    if (!isWritable(entity, field) || field.name === mode.omit) continue;
    properties[field.name] = annotate(field, isLinesField(field) ? linesInput(field, model, mode) : inputValueSchema(field));
    if (mode.creating && field.required && !hasDefault(field)) required.push(field.name);
  }
  return { type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: false };
}

/**
 * Lines rows: a row with an `id` updates that child (`{ id }` alone keeps it), a row without
 * one is added, `{ id, "$delete": true }` deletes the child. Every existing child must be
 * named by some row; the service refuses a set that leaves one out (409), so a client that
 * read only some of them cannot delete the rest by accident.
 */
function linesInput(field: CompiledFieldOf<'lines'>, model: CompiledModel, mode: WriteMode): JsonSchema {
  const child = model.entities.get(field.target);
  const items = child && !mode.stack.includes(child.name) ? lineItem(child, field, model, mode) : { type: 'object' };
  const atLeastOne = mode.creating && field.required && !hasDefault(field);
  return { type: 'array', items, ...(atLeastOne ? { minItems: 1 } : {}), maxItems: MAX_LINES };
}

function lineItem(child: CompiledEntity, field: CompiledFieldOf<'lines'>, model: CompiledModel, mode: WriteMode): JsonSchema {
  const via = field.via;
  const body = buildWrite(child, model, { creating: true, omit: via, stack: [...mode.stack, child.name] });
  const { required, properties, ...rest } = body;
  const item: JsonSchema = {
    ...rest,
    description:
      'Name every existing row once: `{ "id" }` keeps it, `{ "id", …fields }` updates it, `{ "id", "$delete": true }` deletes it; a row without `id` is added. Leaving an existing row out is refused with 409 LOOM_ERR_DATA_LINES_INCOMPLETE.',
    properties: {
      id: { ...UUID, description: 'An existing row: alone it keeps the row, with fields it updates them. Leave out to add a row.' },
      ...(properties as object),
      version: VERSION,
      [DELETE_KEY]: { const: true, description: 'With `id` (and nothing else): delete that existing row.' },
    },
  };
  const rules: JsonSchema[] = [];
  // A new row needs its required fields; an existing row is patched (or deleted), so it needs none.
  if (required) rules.push({ if: { anyOf: [requires(['id']), requires([DELETE_KEY])] }, else: requires(required as string[]) });
  // A row that deletes names only the row it deletes.
  rules.push({ if: requires([DELETE_KEY]), then: { ...requires(['id']), properties: { id: true, [DELETE_KEY]: true }, additionalProperties: false } });
  item.allOf = rules;
  return item;
}

/** `{ operations: [...] }`, run in one transaction: one bad operation and nothing is written. */
export function bulkBodySchema(entity: CompiledEntity, model: CompiledModel, options: SchemaOptions = {}): JsonSchema {
  const create = options.ref ? { $ref: options.ref(entity.name, 'create') } : createBodySchema(entity, model);
  const patch = options.ref ? { $ref: options.ref(entity.name, 'patch') } : patchBodySchema(entity, model);
  // if/then per `op` rather than oneOf: ajv then reports only the errors of the operation meant.
  const when = (op: string, required: string[], properties: JsonSchema) => ({
    if: { properties: { op: { const: op } }, required: ['op'] },
    then: { required, properties: { ...(requires(required).properties as object), ...properties } },
  });
  return {
    type: 'object',
    properties: {
      operations: {
        type: 'array',
        maxItems: MAX_BULK_OPERATIONS,
        items: {
          type: 'object',
          properties: { op: { enum: ['create', 'update', 'delete'] }, id: UUID, data: { type: 'object' }, version: VERSION },
          required: ['op'],
          additionalProperties: false,
          allOf: [
            when('create', ['data'], { data: create, id: false, version: false }),
            when('update', ['id', 'data'], { data: patch }),
            when('delete', ['id'], { data: false }),
          ],
        },
      },
    },
    required: ['operations'],
    additionalProperties: false,
  };
}

/** What a bulk call answers: the id each operation created, updated or deleted, in order. */
export function bulkResultSchema(): JsonSchema {
  return {
    type: 'object',
    properties: {
      results: {
        type: 'array',
        items: {
          type: 'object',
          properties: { op: { enum: ['create', 'update', 'delete'] }, id: UUID },
          required: ['op', 'id'],
          additionalProperties: false,
        },
      },
    },
    required: ['results'],
    additionalProperties: false,
  };
}

/** One change in a record's history: `changes` maps each field to `[old, new]`. */
export function historyEntrySchema(): JsonSchema {
  return {
    type: 'object',
    properties: {
      id: { type: 'integer' },
      action: { enum: ['create', 'update', 'delete'] },
      changes: { type: 'object', additionalProperties: { type: 'array', minItems: 2, maxItems: 2 } },
      actor: { type: ['string', 'null'], format: 'uuid' },
      at: { type: 'string', format: 'date-time' },
    },
    required: ['id', 'action', 'changes', 'actor', 'at'],
    additionalProperties: false,
  };
}

/** application/problem+json: every error, with a JSON pointer per problem. */
export function problemSchema(): JsonSchema {
  return {
    type: 'object',
    properties: {
      type: { type: 'string', description: 'A URI reference naming the kind of problem.' },
      title: { type: 'string' },
      status: { type: 'integer', minimum: 400, maximum: 599 },
      detail: { type: 'string' },
      code: { type: 'string', pattern: '^LOOM_ERR_[A-Z0-9_]+$', description: 'Stable error code, e.g. LOOM_ERR_DATA_VALIDATION.' },
      errors: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            path: { type: 'string', description: 'JSON pointer into the request, e.g. /phone or /query/limit.' },
            message: { type: 'string' },
          },
          required: ['path', 'message'],
          additionalProperties: false,
        },
      },
    },
    required: ['title', 'status'],
  };
}
