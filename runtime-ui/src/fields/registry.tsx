import type { UiBundle, UiEntity, UiField } from '@loom/metadata';
import { choiceTypes } from './choice-types.tsx';
import { resultField } from './computed-result.ts';
import { dateTypes } from './date-types.tsx';
import type { FilterEditor, UiFieldType } from './field-type.ts';
import { fileTypes } from './file-types.tsx';
import { numberTypes } from './number-types.tsx';
import { referenceTypes } from './reference-types.tsx';
import { textTypes } from './text-types.tsx';

/**
 * Computed fields show like what they compute (computed-result.ts): a formula that is
 * money reads as money, a sum of integers as an integer.
 */
function computed(widget: string, width: number): UiFieldType {
  const of = (field: UiField, bundle: UiBundle) => {
    const result = resultField(field, bundle, ownerOf(field, bundle));
    return { result, type: fieldTypes[result.type] ?? fieldTypes.text };
  };
  return {
    text(field, value, ctx) {
      const { result, type } = of(field, ctx.bundle);
      return type.text(result, value, ctx);
    },
    cell(field, value, ctx) {
      const { result, type } = of(field, ctx.bundle);
      return type.cell ? type.cell(result, value, ctx) : <span className="truncate">{type.text(result, value, ctx)}</span>;
    },
    view(field, value, ctx) {
      const { result, type } = of(field, ctx.bundle);
      return type.view ? type.view(result, value, ctx) : <span>{type.text(result, value, ctx)}</span>;
    },
    widget,
    filter(field) {
      if (field.type === 'rollup') return { kind: 'range', input: 'number', bound: (raw) => Number(raw) };
      const kind: Record<string, FilterEditor> = {
        number: { kind: 'range', input: 'number', bound: (raw) => Number(raw) },
        date: { kind: 'range', input: 'date', bound: (raw) => raw },
        boolean: { kind: 'flag' },
      };
      return kind[field.result ?? 'text'] ?? { kind: 'contains' };
    },
    width,
    numeric: true,
    computed: true,
  };
}

/** Every field type by name: the web app's only place that knows the list (the engine's is model/field-types). */
export const fieldTypes: Readonly<Record<string, UiFieldType>> = {
  ...textTypes,
  ...numberTypes,
  ...choiceTypes,
  ...dateTypes,
  ...referenceTypes,
  ...fileTypes,
  formula: computed('text', 124),
  rollup: computed('number', 130),
  lines: { text: () => '', widget: 'lines', width: 160, notInLists: true, wide: true },
};

/** The entry for a field; an unknown type (a newer server) reads as text. */
export function fieldTypeOf(field: UiField): UiFieldType {
  const type = fieldTypes[field.type] ?? fieldTypes.text;
  // A formula answers text, a date…: only number formulas are numeric.
  if (field.type === 'formula' && field.result !== 'number') return { ...type, numeric: false };
  return type;
}

const owners = new WeakMap<UiField, UiEntity | undefined>();

/**
 * The entity a field belongs to. View columns carry a copy of the field, so it is found
 * by name and definition; formulas need it to read the fields they compute from.
 */
function ownerOf(field: UiField, bundle: UiBundle): UiEntity | undefined {
  if (owners.has(field)) return owners.get(field);
  const expr = JSON.stringify(field.expr ?? null);
  const owner = Object.values(bundle.entities).find((e) => {
    const own = e.fields[field.name];
    return own === field || (own?.type === field.type && JSON.stringify(own.expr ?? null) === expr);
  });
  owners.set(field, owner);
  return owner;
}
