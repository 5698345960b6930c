import type { FieldType, JsonValue, SelectOption, UiField, UiLocale, UiSelectOption } from '@loom/metadata';
import type { CompiledField } from '../model/compiled-model.ts';
import { resolveLabel, resolveOptionalLabel } from './resolve-label.ts';

/** Keys of a field definition that screens need as they are (besides options, which get their labels resolved). */
const COPIED_KEYS = ['allowNew', 'entity', 'via', 'min', 'max', 'maxLength', 'scale', 'precision', 'currency', 'currencies', 'accept', 'maxSize', 'pattern', 'result', 'expr', 'fn', 'field', 'filter'] as const;

/** The record id is shown (when at all) as plain read-only text. */
export function uiFieldType(field: CompiledField): FieldType {
  return (field.type === 'id' ? 'text' : field.type) as FieldType;
}

/**
 * A field's label in the locale. The compiler fills a missing label with the bare name;
 * here a field without one gets its name humanized ("closeDate" → "Close date").
 */
export function fieldLabel(field: CompiledField, locale: UiLocale): string {
  const label = field.system ? field.label : (field.definition as { label?: unknown }).label;
  return resolveLabel(label, locale, field.name);
}

/**
 * One field of the actor's view of an entity (hidden fields never get here; fields the
 * actor may only read are already read-only) as the screens need it, labels in the locale.
 */
export function uiField(field: CompiledField, locale: UiLocale): UiField {
  const def = field.definition as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {
    name: field.name,
    type: uiFieldType(field),
    label: fieldLabel(field, locale),
    required: field.required,
    readOnly: field.readOnly,
    system: field.system,
    sortable: field.logicType !== undefined && field.logicType !== 'array',
  };
  const help = resolveOptionalLabel(def.help ?? def.description, locale);
  if (help) out.help = help;
  if (def.default !== undefined) out.default = def.default as JsonValue;
  if (Array.isArray(def.options)) out.options = (def.options as SelectOption[]).map((o) => uiOption(o, locale));
  for (const key of COPIED_KEYS) if (def[key] !== undefined) out[key] = def[key];
  return out as unknown as UiField;
}

function uiOption(option: SelectOption, locale: UiLocale): UiSelectOption {
  const out: { value: string; label: string; color?: string } = { value: option.value, label: resolveLabel(option.label ?? option.value, locale, option.value) };
  if (option.color) out.color = option.color;
  return out;
}
