import type { ComponentType } from 'react';
import type { WidgetProps } from '../form-context.ts';
import { BooleanInput, DateInput, JsonInput, LongTextInput, NumberInput, TextInput } from './BasicInputs.tsx';
import { FileInput } from './FileInput.tsx';
import { GeoInput } from './GeoInput.tsx';
import { LookupInput } from './LookupInput.tsx';
import { MoneyInput } from './MoneyInput.tsx';
import { RichTextInput } from './RichTextInput.tsx';
import { MultiSelectInput, SelectInput } from './SelectInput.tsx';

type AnyWidget = ComponentType<WidgetProps<any>>;

/** The input for each field type (the uiSchema's `ui:widget` names one of these); lines are a table of their own. */
export const widgets: Readonly<Record<string, AnyWidget>> = {
  text: TextInput,
  email: TextInput,
  phone: TextInput,
  url: TextInput,
  longtext: LongTextInput,
  textarea: LongTextInput,
  richtext: RichTextInput,
  integer: NumberInput,
  number: NumberInput,
  decimal: NumberInput,
  percent: NumberInput,
  money: MoneyInput,
  boolean: BooleanInput,
  checkbox: BooleanInput,
  date: DateInput,
  datetime: DateInput,
  select: SelectInput,
  multiselect: MultiSelectInput,
  tags: MultiSelectInput,
  lookup: LookupInput,
  user: LookupInput,
  file: FileInput,
  image: FileInput,
  geo: GeoInput,
  json: JsonInput,
};

/** The widget for a field: by the uiSchema's widget name, else by the field type, else a text box. */
export function widgetFor(widgetName: unknown, fieldType: string): AnyWidget {
  return (typeof widgetName === 'string' && widgets[widgetName]) || widgets[fieldType] || TextInput;
}
