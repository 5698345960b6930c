import type { ComponentType } from 'react';
import type { UiField } from '@loom/metadata';
import { widgetNameOf } from '../../fields/field-traits.ts';
import type { WidgetProps } from '../form-context.ts';
import { BooleanInput, DateInput, JsonInput, LongTextInput, NumberInput, TextInput } from './BasicInputs.tsx';
import { FileInput } from './FileInput.tsx';
import { GeoInput } from './GeoInput.tsx';
import { LookupInput } from './LookupInput.tsx';
import { MoneyInput } from './MoneyInput.tsx';
import { RichTextInput } from './RichTextInput.tsx';
import { MultiSelectInput, SelectInput } from './SelectInput.tsx';

type AnyWidget = ComponentType<WidgetProps<any>>;

/**
 * The inputs by widget name: the field registry (fields/) names one per field type, and a
 * form's uiSchema `ui:widget` may name another ("textarea", "tags", "checkbox"). Lines are
 * a table of their own.
 */
export const widgets: Readonly<Record<string, AnyWidget>> = {
  text: TextInput,
  email: TextInput,
  phone: TextInput,
  url: TextInput,
  longtext: LongTextInput,
  textarea: LongTextInput,
  richtext: RichTextInput,
  integer: (props) => <NumberInput {...props} kind="integer" />,
  number: NumberInput,
  decimal: (props) => <NumberInput {...props} kind="decimal" />,
  percent: (props) => <NumberInput {...props} kind="percent" />,
  money: MoneyInput,
  boolean: BooleanInput,
  checkbox: BooleanInput,
  date: DateInput,
  datetime: (props) => <DateInput {...props} withTime />,
  select: SelectInput,
  multiselect: MultiSelectInput,
  tags: MultiSelectInput,
  lookup: LookupInput,
  user: (props) => <LookupInput {...props} person />,
  file: FileInput,
  image: (props) => <FileInput {...props} imageOnly />,
  geo: GeoInput,
  json: JsonInput,
};

/** The widget's name for a field: the uiSchema's when it names one, else the one its type names. */
function widgetKey(widgetName: unknown, field: UiField): string {
  return typeof widgetName === 'string' && widgets[widgetName] ? widgetName : widgetNameOf(field);
}

/**
 * The input for a field: by the uiSchema's widget name (`widget`), else the one its type
 * names, else a text box. One component, so that the chosen input is a stable component
 * type from the table above and keeps its state across renders.
 */
export function FieldWidget({ widget, ...props }: WidgetProps<any> & { widget?: unknown }) {
  const Input = widgets[widgetKey(widget, props.field)] ?? TextInput;
  return <Input {...props} />;
}
