import type { CompiledEntity, CompiledField, CompiledModel } from '../../model/compiled-model.ts';
import type { JsonSchema } from '../../model/field-types/field-type.ts';
import { fieldTypeOf } from '../../model/field-types/index.ts';
import { labelText } from './label-text.ts';

/** System fields a caller may set; Loom fills the others (the record service refuses them too). */
const WRITABLE_SYSTEM = new Set(['owner']);

/** What `expand=<userField>` puts in place of a user id (see data/expand-joins.ts). */
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
  return field.type === 'lookup' || field.type === 'user';
}

export function hasDefault(field: CompiledField): boolean {
  return (field.definition as { default?: unknown }).default !== undefined;
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
  const description = (field.definition as { description?: unknown }).description;
  return {
    ...(title && title !== field.name ? { title } : {}),
    ...(typeof description === 'string' && description ? { description } : {}),
    ...schema,
  };
}

/** The field's value in responses, exactly as its type describes it. */
export function plainValueSchema(field: CompiledField): JsonSchema {
  return copy(fieldTypeOf(field.type).valueSchema(field.definition as any));
}

/**
 * `expand=<field>` replaces a lookup's id with the target record (its stored and
 * computed fields, never its lines; `fields=<field>.<name>` narrows it, so only `id` is sure).
 */
export function expandedSchema(field: CompiledField, model: CompiledModel): JsonSchema {
  if (field.type === 'user') return copy(EXPANDED_USER);
  const target = field.target ? model.entities.get(field.target) : undefined;
  const properties: Record<string, JsonSchema> = {};
  for (const f of target?.fieldList ?? []) {
    if (f.type !== 'lines') properties[f.name] = annotate(f, plainValueSchema(f));
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
  const schema = copy(type.inputSchema?.(field.definition as any) ?? type.valueSchema(field.definition as any));
  delete schema.readOnly;
  const fallback = (field.definition as { default?: unknown }).default;
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
