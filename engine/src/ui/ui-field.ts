import type { FieldType, SelectOption, UiField, UiLocale, UiSelectOption } from '@loom/metadata';
import type { CompiledField } from '../model/compiled-model.ts';
import { isChoiceField } from '../model/field-types/field-predicates.ts';
import { fieldTypeOf } from '../model/field-types/index.ts';
import { resolveLabel, resolveOptionalLabel } from './resolve-label.ts';

/** Keys of a field definition that screens need as they are (besides options, which get their labels resolved). */
const COPIED_KEYS = [
  'allowNew',
  'entity',
  'via',
  'min',
  'max',
  'maxLength',
  'scale',
  'precision',
  'currency',
  'currencies',
  'accept',
  'maxSize',
  'pattern',
  'result',
  'expr',
  'fn',
  'field',
  'filter',
] as const;

/** The type the screens show: the field's own, or the one its type is shown as (the record id is plain read-only text). */
export function uiFieldType(field: CompiledField): FieldType {
  return (fieldTypeOf(field.type).shownAs ?? field.type) as FieldType;
}

/** The definition's keys among `keys`, in that order, that the definition sets. */
export function definitionKeys(field: CompiledField, keys: readonly string[]): Record<string, unknown> {
  const set = new Map<string, unknown>(Object.entries(field.definition));
  const out: Record<string, unknown> = {};
  for (const key of keys) if (set.get(key) !== undefined) out[key] = set.get(key);
  return out;
}

/**
 * A field's label in the locale. The compiler fills a missing label with the bare name;
 * here a field without one gets its name humanized ("closeDate" → "Close date").
 */
export function fieldLabel(field: CompiledField, locale: UiLocale): string {
  const label = field.system ? field.label : field.definition.label;
  return resolveLabel(label, locale, field.name);
}

/**
 * One field of the actor's view of an entity (hidden fields never get here; fields the
 * actor may only read are already read-only) as the screens need it, labels in the locale.
 */
export function uiField(field: CompiledField, locale: UiLocale): UiField {
  const def = field.definition;
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
  if (def.default !== undefined) out.default = def.default;
  if (isChoiceField(field)) out.options = field.options.map((o) => uiOption(o, locale));
  Object.assign(out, definitionKeys(field, COPIED_KEYS));
  return out as unknown as UiField;
}

function uiOption(option: SelectOption, locale: UiLocale): UiSelectOption {
  const out: { value: string; label: string; color?: string } = {
    value: option.value,
    label: resolveLabel(option.label ?? option.value, locale, option.value),
  };
  if (option.color) out.color = option.color;
  return out;
}
