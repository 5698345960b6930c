import type { UiBundle, UiEntity, UiField } from '@loom/metadata';

/**
 * Formulas and rollups answer a bare number (or text, a date…); they read like the field
 * they compute. A sum of money is money in the summed field's currency, so a rollup over
 * the child records' amounts shows "¥52,000.00" like the parent's own money fields, and a
 * formula that adds or subtracts money fields of one currency is money in that currency.
 */
export function resultField(field: UiField, bundle: UiBundle, entity?: UiEntity): UiField {
  if (field.type === 'rollup') return rollupResult(field, bundle);
  if (field.type !== 'formula') return field;
  const currency = entity ? formulaCurrency(field.expr, entity, bundle, 0) : undefined;
  if (currency && field.result === 'number') return { ...field, type: 'money', currency };
  return { ...field, type: formulaType(field.result) };
}

function formulaType(result: string | undefined): UiField['type'] {
  if (result === 'number') return 'number';
  if (result === 'boolean' || result === 'date' || result === 'datetime') return result;
  return 'text';
}

function rollupResult(field: UiField, bundle: UiBundle): UiField {
  if (field.fn === 'count') return { ...field, type: 'integer' };
  const child = field.entity ? bundle.entities[field.entity] : undefined;
  const summed = child && field.field ? child.fields[field.field] : undefined;
  if (!summed) return { ...field, type: 'number' };
  const inner = resultField(summed, bundle, child);
  // An average of whole numbers is not a whole number.
  if (inner.type === 'integer' && field.fn === 'avg') return { ...field, type: 'number' };
  return {
    ...inner,
    name: field.name,
    label: field.label,
    readOnly: true,
    type: inner.type === 'money' || inner.type === 'decimal' || inner.type === 'integer' ? inner.type : 'number',
  };
}

const MONEY_OPS = new Set(['+', '-', 'min', 'max']);

/**
 * The one currency of a formula built only from `+ - min max` over money fields (and
 * plain numbers), else undefined: "amount - paid" is money; "amount * 0.1" is a number.
 */
function formulaCurrency(expr: unknown, entity: UiEntity, bundle: UiBundle, depth: number): string | undefined {
  if (depth > 8 || !expr || typeof expr !== 'object' || Array.isArray(expr)) return undefined;
  const [op] = Object.keys(expr);
  const args = (expr as Record<string, unknown>)[op];
  if (op === 'var') {
    const field = typeof args === 'string' ? entity.fields[args] : undefined;
    if (!field) return undefined;
    const result = field.type === 'formula' ? resultField(field, bundle, entity) : field.type === 'rollup' ? rollupResult(field, bundle) : field;
    return result.type === 'money' ? result.currency : undefined;
  }
  if (!MONEY_OPS.has(op) || !Array.isArray(args)) return undefined;
  const currencies = new Set<string | undefined>();
  for (const arg of args) {
    if (typeof arg === 'number') continue;
    currencies.add(formulaCurrency(arg, entity, bundle, depth + 1));
  }
  return currencies.size === 1 ? [...currencies][0] : undefined;
}
