import type { UiBundle, UiField } from '@loom/metadata';
import type { Formatters, Translate } from '../i18n/i18n.tsx';
import { fieldText } from '../fields/field-value.tsx';
import type { Titles } from '../fields/field-type.ts';

export type { Titles };
export { isEmpty, refId } from '../fields/value-parts.ts';

export interface FormatContext {
  readonly format: Formatters;
  readonly bundle: UiBundle;
  readonly titles?: Titles;
  /** The app's words; without them yes/no read from the two below. */
  readonly t?: Translate;
  readonly yes?: string;
  readonly no?: string;
}

/** A field value as plain text for people, through the field registry (fields/). */
export function formatValue(field: UiField, value: unknown, ctx: FormatContext): string {
  const t: Translate = ctx.t ?? ((key) => (key === 'value.yes' ? (ctx.yes ?? 'Yes') : key === 'value.no' ? (ctx.no ?? 'No') : key));
  return fieldText(field, value, { bundle: ctx.bundle, format: ctx.format, titles: ctx.titles, t });
}

/** The text a record shows as its name: its title field, formatted. */
export function recordTitle(bundle: UiBundle, entityName: string, record: Record<string, unknown> | undefined, ctx?: Omit<FormatContext, 'bundle'>): string {
  const entity = bundle.entities[entityName];
  if (!entity || !record) return '';
  const value = record[entity.titleField];
  const field = entity.fields[entity.titleField];
  if (field && ctx && value !== undefined) return formatValue(field, value, { ...ctx, bundle });
  return value === null || value === undefined ? '' : String(value);
}
