import type { UiBundle, UiField } from '@loom/metadata';
import type { Formatters } from '../i18n/i18n.tsx';

/** Names of records and users seen so far, by id (lookups show a title, not an id). */
export type Titles = ReadonlyMap<string, string>;

export interface FormatContext {
  readonly format: Formatters;
  readonly bundle: UiBundle;
  readonly titles?: Titles;
  readonly yes: string;
  readonly no: string;
}

export function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
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

/** The id of a lookup value (an id or an expanded record). */
export function refId(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string') return (value as { id: string }).id;
  return undefined;
}

function refTitle(field: UiField, value: unknown, ctx: FormatContext): string {
  const id = refId(value);
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (field.type === 'user' && typeof obj.name === 'string' && obj.name) return obj.name;
    const target = field.entity ? ctx.bundle.entities[field.entity] : undefined;
    const title = target ? obj[target.titleField] : undefined;
    if (title !== undefined && title !== null && title !== '') return String(title);
  }
  if (id && ctx.titles?.has(id)) return ctx.titles.get(id)!;
  if (id && id === ctx.bundle.user.id) return ctx.bundle.user.name;
  return id ? `#${id.slice(-6)}` : '';
}

function numberText(value: unknown, ctx: FormatContext, digits?: number): string {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) return String(value);
  // A decimal string keeps the places it was given ("2700.00" reads 2,700.00).
  if (digits === undefined && typeof value === 'string' && value.includes('.')) digits = value.split('.')[1].length;
  return digits === undefined ? ctx.format.number(n) : ctx.format.number(n, { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function optionLabel(field: UiField, value: unknown): string {
  return field.options?.find((o) => o.value === value)?.label ?? String(value);
}

/** A field value as plain text for people, in the bundle's locale; empty values are "". */
export function formatValue(field: UiField, value: unknown, ctx: FormatContext): string {
  if (isEmpty(value)) return '';
  switch (field.type) {
    case 'integer':
    case 'number':
      return numberText(value, ctx);
    case 'decimal':
      return numberText(value, ctx, field.scale ?? 2);
    case 'percent':
      return `${numberText(value, ctx)}%`;
    case 'money': {
      const { amount, currency } = (typeof value === 'object' ? value : { amount: value, currency: field.currency }) as { amount: string; currency?: string };
      return currency ? ctx.format.money(amount, currency) : numberText(amount, ctx, 2);
    }
    case 'boolean':
      return value ? ctx.yes : ctx.no;
    case 'date':
      return ctx.format.date(String(value));
    case 'datetime':
      return ctx.format.dateTime(String(value));
    case 'select':
      return optionLabel(field, value);
    case 'multiselect':
      return (Array.isArray(value) ? value : [value]).map((v) => optionLabel(field, v)).join(', ');
    case 'lookup':
    case 'user':
      return refTitle(field, value, ctx);
    case 'geo': {
      const geo = value as { lat?: number; lng?: number; address?: string };
      return geo.address || `${geo.lat}, ${geo.lng}`;
    }
    case 'richtext':
      return String(value).replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
    case 'formula':
      return formatValue({ ...field, type: formulaType(field.result) }, value, ctx);
    case 'rollup':
      return typeof value === 'object' ? formatValue({ ...field, type: 'money' }, value, ctx) : numberText(value, ctx);
    case 'json':
      return JSON.stringify(value);
    default:
      return String(value);
  }
}

function formulaType(result: string | undefined): UiField['type'] {
  if (result === 'number') return 'number';
  if (result === 'boolean' || result === 'date' || result === 'datetime') return result;
  return 'text';
}
