import type { UiField } from '@loom/metadata';
import { useUiBundle } from '../app/bundle-context.ts';
import { fieldView, useValueContext } from '../fields/field-value.tsx';
import type { Titles } from '../fields/field-type.ts';

export { Avatar } from '../fields/Avatar.tsx';
export { initials } from '../fields/initials.ts';

interface Props {
  readonly field: UiField;
  readonly value: unknown;
  readonly titles?: Titles;
}

/** A field value for reading (record pages, read-only form fields), as the field registry draws it. */
export function FieldValue({ field, value, titles }: Props) {
  return <>{fieldView(field, value, useValueContext(useUiBundle(), titles))}</>;
}
