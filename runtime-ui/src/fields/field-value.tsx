import { useMemo, type ReactNode } from 'react';
import type { UiBundle, UiField } from '@loom/metadata';
import { useI18n } from '../i18n/i18n.tsx';
import type { Titles, ValueContext } from './field-type.ts';
import { fieldTypeOf } from './registry.tsx';
import { isEmpty } from './value-parts.ts';

/** A field value as plain text for people, in the user's locale; empty values are "". */
export function fieldText(field: UiField, value: unknown, ctx: ValueContext): string {
  return isEmpty(value) ? '' : fieldTypeOf(field).text(field, value, ctx);
}

/** A list cell: one line; an empty value is a dash. */
export function fieldCell(field: UiField, value: unknown, ctx: ValueContext): ReactNode {
  if (isEmpty(value)) return <span className="cell-empty">—</span>;
  const type = fieldTypeOf(field);
  return type.cell ? type.cell(field, value, ctx) : <span className="truncate">{type.text(field, value, ctx)}</span>;
}

/** The value for reading on a record page or a read-only form field. */
export function fieldView(field: UiField, value: unknown, ctx: ValueContext): ReactNode {
  if (isEmpty(value)) return <span className="lf-empty">—</span>;
  const type = fieldTypeOf(field);
  return type.view ? type.view(field, value, ctx) : <span>{type.text(field, value, ctx)}</span>;
}

/** The formatting context of the app's current locale. */
export function useValueContext(bundle: UiBundle, titles?: Titles): ValueContext {
  const { format, t } = useI18n();
  return useMemo(() => ({ bundle, format, t, titles }), [bundle, format, t, titles]);
}
