import type { UiField } from '@loom/metadata';
import type { ValueContext } from './field-type.ts';

export function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

/** The id of a lookup value (an id or an expanded record). */
export function refId(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string') return (value as { id: string }).id;
  return undefined;
}

/**
 * The name of a referenced record or user: from the expanded value (its title field, a
 * user's name or e-mail), else from the names seen so far, else a short id.
 */
export function refTitle(field: UiField, value: unknown, ctx: ValueContext): string {
  const id = refId(value);
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (field.type === 'user') {
      const name = obj.name || obj.email;
      if (typeof name === 'string' && name) return name;
    }
    const target = field.entity ? ctx.bundle.entities[field.entity] : undefined;
    const title = target ? obj[target.titleField] : undefined;
    if (title !== undefined && title !== null && title !== '') return String(title);
  }
  if (id && ctx.titles?.has(id)) return ctx.titles.get(id)!;
  if (id && id === ctx.bundle.user.id) return ctx.bundle.user.name;
  return id ? `#${id.slice(-6)}` : '';
}

export function optionLabel(field: UiField, value: unknown): string {
  return field.options?.find((o) => o.value === value)?.label ?? String(value);
}

/** A number in the locale; a decimal string keeps the places it was given ("2700.00" reads 2,700.00). */
export function numberText(value: unknown, ctx: ValueContext, places?: number): string {
  const n = typeof value === 'number' ? value : Number(value);
  if (value === '' || !Number.isFinite(n)) return String(value);
  if (places === undefined && typeof value === 'string' && value.includes('.')) places = value.split('.')[1].length;
  return places === undefined ? ctx.format.number(n) : ctx.format.number(n, { minimumFractionDigits: places, maximumFractionDigits: places });
}

/** A money value is `{ amount, currency }`; a bare number (rollups, totals) takes the field's currency. */
export function moneyParts(field: UiField, value: unknown): { amount: string | number; currency?: string } {
  if (value && typeof value === 'object') {
    const money = value as { amount?: string | number; currency?: string };
    return { amount: money.amount ?? '', currency: money.currency || field.currency };
  }
  return { amount: value as string | number, currency: field.currency };
}

export const yesNo = (value: unknown, ctx: ValueContext) => (value ? ctx.t('value.yes') : ctx.t('value.no'));
