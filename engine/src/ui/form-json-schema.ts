import type { JsonValue } from '@loom/metadata';
import type { CompiledEntity, CompiledField, CompiledFieldOf } from '../model/compiled-model.ts';
import type { JsonSchema } from '../model/field-types/field-type.ts';
import { hasDefault, inputValueSchema, isWritable, plainValueSchema } from '../model/field-schemas.ts';
import type { UiContext } from './ui-context.ts';
import { isChoiceField, isFileField, isLinesField, isReferenceField } from '../model/field-types/field-predicates.ts';
import { definitionKeys, fieldLabel, uiFieldType } from './ui-field.ts';
import { resolveLabel, resolveOptionalLabel } from './resolve-label.ts';

export interface FormSchemas {
  readonly schema: Record<string, JsonValue>;
  readonly uiSchema: Record<string, JsonValue>;
}

/** Definition keys a widget needs besides the JSON Schema (`ui:options`). */
const WIDGET_OPTIONS = ['entity', 'via', 'currency', 'currencies', 'accept', 'maxSize', 'scale', 'precision', 'pattern', 'result', 'allowNew'] as const;

/**
 * A form's fields as one JSON Schema (the record body the form edits) and an RJSF uiSchema.
 * The schema keeps to keywords draft-07 and 2020-12 share (`type` lists, `enum`, `format`,
 * `minimum`, `items`, `readOnly`…), so RJSF's validator and ajv 2020 both accept it.
 * Fields the actor may only read, system and computed fields are `readOnly` and never required.
 */
export function formJsonSchema(ctx: UiContext, entity: CompiledEntity, fieldNames: readonly string[]): FormSchemas {
  const properties: Record<string, JsonSchema> = {};
  const uiSchema: Record<string, unknown> = { 'ui:order': [...fieldNames] };
  const required: string[] = [];
  for (const name of fieldNames) {
    const field = entity.fields[name];
    const writable = isWritable(entity, field);
    properties[name] = fieldSchema(ctx, field, writable, [entity.name]);
    uiSchema[name] = fieldUiSchema(ctx, field, writable);
    if (writable && field.required && !hasDefault(field) && !isLinesField(field)) required.push(name);
  }
  const schema: JsonSchema = { type: 'object', title: resolveLabel(entity.label, ctx.locale, entity.name), properties };
  if (required.length) schema.required = required;
  return { schema: schema as Record<string, JsonValue>, uiSchema: uiSchema as Record<string, JsonValue> };
}

function fieldSchema(ctx: UiContext, field: CompiledField, writable: boolean, stack: string[]): JsonSchema {
  let schema: JsonSchema;
  if (isLinesField(field)) schema = linesSchema(ctx, field, writable, stack);
  else if (!writable) schema = { ...plainValueSchema(field), readOnly: true };
  // The form value is an id: the widget picks a record, a user or an uploaded file.
  else if (isReferenceField(field) || isFileField(field))
    schema = field.required ? { type: 'string', format: 'uuid' } : { type: ['string', 'null'], format: 'uuid' };
  else schema = inputValueSchema(field);
  const description = resolveOptionalLabel(field.definition.help, ctx.locale);
  return { title: fieldLabel(field, ctx.locale), ...(description ? { description } : {}), ...schema };
}

/** Lines: an array of the child's rows; each row is the child's form minus its link back to the parent. */
function linesSchema(ctx: UiContext, field: CompiledFieldOf<'lines'>, writable: boolean, stack: string[]): JsonSchema {
  const child = ctx.readable.get(field.target);
  if (!child || stack.includes(child.name)) return { type: 'array', items: { type: 'object' }, readOnly: true };
  const via = field.via;
  const properties: Record<string, JsonSchema> = { id: { type: 'string', format: 'uuid', readOnly: true } };
  const required: string[] = [];
  for (const f of child.fieldList) {
    if (f.system || f.name === via) continue;
    const rowWritable = writable && isWritable(child, f);
    properties[f.name] = fieldSchema(ctx, f, rowWritable, [...stack, child.name]);
    if (rowWritable && f.required && !hasDefault(f) && !isLinesField(f)) required.push(f.name);
  }
  const items: JsonSchema = { type: 'object', properties, ...(required.length ? { required } : {}) };
  return { type: 'array', items, ...(writable ? {} : { readOnly: true }) };
}

function fieldUiSchema(ctx: UiContext, field: CompiledField, writable: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { 'ui:widget': uiFieldType(field) };
  if (!writable) out['ui:readonly'] = true;
  const options = definitionKeys(field, WIDGET_OPTIONS);
  if (isChoiceField(field)) {
    options.options = field.options.map((o) => ({
      value: o.value,
      label: resolveLabel(o.label ?? o.value, ctx.locale, o.value),
      ...(o.color ? { color: o.color } : {}),
    }));
  }
  if (Object.keys(options).length) out['ui:options'] = options;
  return out;
}
