import type { CompiledEntity, CompiledField, CompiledModel } from './compiled-model.ts';
import { isLinesField, isReferenceField, isUserField } from './field-types/field-predicates.ts';
import type { JsonSchema } from './field-types/field-type.ts';
import { fieldTypeOf } from './field-types/index.ts';
import { labelText } from './label-text.ts';

/*
 * JSON Schemas of field values, built from the field types: the OpenAPI document (http/)
 * and the forms of the UI bundle (ui/) both describe records with these.
 */

/** System fields a caller may set; Loom fills the others (the record service refuses them too). */
const WRITABLE_SYSTEM = new Set(['owner']);

/** What `expand=<userField>` puts in place of a user id (see data/read/expand-joins.ts). */
const EXPANDED_USER: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    name: { type: ['string', 'null'] },
    email: { type: ['string', 'null'] },
  },
  required: ['id'],
  additionalProperties: false,
};

export function isWritable(entity: CompiledEntity, field: CompiledField): boolean {
  if (field.system) return entity.owned && WRITABLE_SYSTEM.has(field.name);
  return !field.readOnly;
}

export function isReference(field: CompiledField): boolean {
  return isReferenceField(field);
}

export function hasDefault(field: CompiledField): boolean {
  return field.definition.default !== undefined;
}

/**
 * Field types build their schemas from the (frozen) definition and may leave keys
 * undefined (`minimum: def.min`); a JSON copy drops those, which ajv would reject.
 */
function copy(schema: JsonSchema): JsonSchema {
  return JSON.parse(JSON.stringify(schema)) as JsonSchema;
}

/** Adds the field's label and description, which is what clients show as help. */
export function annotate(field: CompiledField, schema: JsonSchema): JsonSchema {
  const title = labelText(field.label);
  const description = field.definition.description;
  return {
    ...(title && title !== field.name ? { title } : {}),
    ...(typeof description === 'string' && description ? { description } : {}),
    ...schema,
  };
}

/** The field's value in responses, exactly as its type describes it. */
export function plainValueSchema(field: CompiledField): JsonSchema {
  return copy(fieldTypeOf(field.type).valueSchema(field.definition));
}

/**
 * `expand=<field>` replaces a lookup's id with the target record (its stored and
 * computed fields, never its lines; `fields=<field>.<name>` narrows it, so only `id` is sure).
 */
export function expandedSchema(field: CompiledField, model: CompiledModel): JsonSchema {
  if (isUserField(field)) return copy(EXPANDED_USER);
  const target = field.target ? model.entities.get(field.target) : undefined;
  const properties: Record<string, JsonSchema> = {};
  for (const f of target?.fieldList ?? []) {
    if (!isLinesField(f)) properties[f.name] = annotate(f, plainValueSchema(f));
  }
  if (!properties.id) properties.id = { type: 'string', format: 'uuid' };
  const title = target ? labelText(target.label) : undefined;
  return { type: 'object', ...(title ? { title } : {}), properties, required: ['id'], additionalProperties: false };
}

/**
 * The value a write accepts. A required field cannot be cleared, so `null` is taken
 * out of its type here, where the error still points at the field.
 */
export function inputValueSchema(field: CompiledField): JsonSchema {
  const type = fieldTypeOf(field.type);
  const schema = copy(type.inputSchema?.(field.definition) ?? type.valueSchema(field.definition));
  delete schema.readOnly;
  const fallback = field.definition.default;
  if (fallback !== undefined) schema.default = copy({ v: fallback }).v;
  return field.required ? withoutNull(schema) : schema;
}

function withoutNull(schema: JsonSchema): JsonSchema {
  const out = { ...schema };
  if (Array.isArray(out.type)) {
    const types = (out.type as string[]).filter((t) => t !== 'null');
    out.type = types.length === 1 ? types[0] : types;
  }
  if (Array.isArray(out.enum)) out.enum = (out.enum as unknown[]).filter((v) => v !== null);
  return out;
}
