import type { UiEntity, UiField } from '@loom/metadata';
import { isMoneyField } from '../../fields/field-traits.ts';

/**
 * The currency a money input starts with when its value has none, most specific first:
 *
 * 1. the field's default (`currency`), else the first currency it allows;
 * 2. the currency of the record's other money values, when they agree on one: a record
 *    whose amounts are in US dollars takes its next amount in US dollars too;
 * 3. none. The user then picks one, and an amount saved without it is the server's to
 *    refuse or default: a currency the app made up would be a wrong amount nobody sees
 *    (a bare "CNY" on a record in dollars), while a missing one is asked for.
 *
 * The UI bundle has no app-wide default currency; if it gets one, it belongs between 1 and 2.
 */
export function startingCurrency(field: UiField, entity: UiEntity | undefined, data: Readonly<Record<string, unknown>>): string | undefined {
  const own = field.currency ?? field.currencies?.[0];
  if (own) return own;
  const used = new Set<string>();
  for (const [name, value] of Object.entries(data)) {
    const other = entity?.fields[name];
    if (!other || other === field || !isMoneyField(other)) continue;
    const currency = value && typeof value === 'object' ? (value as { currency?: unknown }).currency : undefined;
    if (typeof currency === 'string' && currency) used.add(currency);
  }
  return used.size === 1 ? [...used][0] : undefined;
}
