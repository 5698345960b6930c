import fs from 'node:fs';
import type { FieldType, MetadataKind } from './types.ts';

/** A parsed JSON Schema (draft 2020-12), deep-frozen. */
export type JsonSchemaObject = Readonly<Record<string, unknown>>;

/** Every metadata kind, in the order documents are usually installed. */
export const metadataKinds = Object.freeze([
  'entity',
  'form',
  'view',
  'menu',
  'approval',
  'reminder',
  'automation',
  'action',
  'report',
  'dashboard',
  'role',
  'pack',
] as const satisfies readonly MetadataKind[]);

/** Every entity field type, in the order of the entity schema's `type` enum. */
export const fieldTypes = Object.freeze([
  'text',
  'longtext',
  'richtext',
  'integer',
  'number',
  'decimal',
  'money',
  'percent',
  'boolean',
  'date',
  'datetime',
  'select',
  'multiselect',
  'email',
  'phone',
  'url',
  'lookup',
  'lines',
  'user',
  'file',
  'image',
  'geo',
  'autonumber',
  'formula',
  'rollup',
  'json',
] as const satisfies readonly FieldType[]);

// Compile-time check that both lists are complete (a missing member makes `true` unassignable).
const kindsComplete: MetadataKind extends (typeof metadataKinds)[number] ? true : never = true;
const fieldTypesComplete: FieldType extends (typeof fieldTypes)[number] ? true : never = true;
void kindsComplete;
void fieldTypesComplete;

/** The `$id` every schema carries: `https://loom.dev/schemas/<name>.schema.json`. */
export const schemaBaseUri = 'https://loom.dev/schemas/';

export function isMetadataKind(value: unknown): value is MetadataKind {
  return typeof value === 'string' && (metadataKinds as readonly string[]).includes(value);
}

export function isFieldType(value: unknown): value is FieldType {
  return typeof value === 'string' && (fieldTypes as readonly string[]).includes(value);
}

const cache = new Map<string, JsonSchemaObject>();

function loadSchema(file: string): JsonSchemaObject {
  let schema = cache.get(file);
  if (!schema) {
    const text = fs.readFileSync(new URL(`../schemas/${file}.schema.json`, import.meta.url), 'utf8');
    schema = deepFreeze(JSON.parse(text) as Record<string, unknown>);
    cache.set(file, schema);
  }
  return schema;
}

/**
 * The JSON Schema of one kind, as served by `GET /api/meta/schemas/:kind`. It refers to
 * shared definitions in `common.schema.json` (see `getCommonSchema`). Throws for an unknown kind.
 */
export function getKindSchema(kind: MetadataKind): JsonSchemaObject {
  if (!isMetadataKind(kind)) {
    throw new RangeError(`Unknown metadata kind "${String(kind)}"; expected one of ${metadataKinds.join(', ')}`);
  }
  return loadSchema(kind);
}

/** The shared definitions (`https://loom.dev/schemas/common.schema.json`) the kind schemas refer to. */
export function getCommonSchema(): JsonSchemaObject {
  return loadSchema('common');
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
