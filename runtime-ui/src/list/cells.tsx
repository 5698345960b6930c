import type { UiBundle, UiField } from '@loom/metadata';
import type { Formatters, Translate } from '../i18n/i18n.tsx';
import { fieldCell, fieldText } from '../fields/field-value.tsx';

/** What a list cell needs to format its value (the field registry does the formatting). */
export interface CellContext {
  readonly bundle: UiBundle;
  readonly format: Formatters;
  readonly t: Translate;
}

/** Text for a value (cards, titles, tooltips). */
export function textOf(field: UiField, value: unknown, ctx: CellContext): string {
  return fieldText(field, value, ctx);
}

/** A cell's content for a value of this field. */
export function Cell({ field, value, ctx }: { field: UiField; value: unknown; ctx: CellContext }) {
  return <>{fieldCell(field, value, ctx)}</>;
}
