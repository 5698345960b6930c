import type { CompiledField } from '../../model/compiled-model.ts';
import { isChoiceField, isUserField } from '../../model/field-types/field-predicates.ts';
import { labelIn } from './locale-text.ts';

export interface FormatContext {
  readonly locale: string;
  readonly defaultLocale: string;
  /** The installation's time zone: instants are shown in it. */
  readonly timeZone: string;
  /** Names of the users that user fields point to. */
  readonly userNames: ReadonlyMap<string, string>;
}

const BOOLEAN: Record<string, [string, string]> = { en: ['Yes', 'No'], 'zh-CN': ['是', '否'] };

/**
 * A field's API value as text for a notification in one locale: dates and instants in the
 * locale's format (instants in the installation's time zone), money with its currency,
 * numbers with the locale's separators, choices by their label, users by their name.
 */
export function formatValue(field: CompiledField | undefined, value: unknown, ctx: FormatContext): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map((item) => formatValue(field, item, ctx)).join(ctx.locale === 'zh-CN' ? '、' : ', ');
  if (field && isChoiceField(field)) {
    const option = field.options.find((o) => o.value === value);
    return option ? labelIn(option.label ?? String(option.value), ctx.locale, ctx.defaultLocale) : String(value);
  }
  if (field && isUserField(field) && typeof value === 'string') return ctx.userNames.get(value) ?? '';
  if (typeof value === 'object' && 'amount' in value && 'currency' in value) return money(value as { amount: string; currency: string }, ctx.locale);
  switch (field?.logicType) {
    case 'date':
      return typeof value === 'string' ? date(value, ctx.locale) : String(value);
    case 'datetime':
      return typeof value === 'string' ? instant(value, ctx) : String(value);
    case 'boolean':
      return (BOOLEAN[ctx.locale] ?? BOOLEAN.en)[value ? 0 : 1];
    case 'number':
      return typeof value === 'number' || typeof value === 'string' ? number(value, ctx.locale) : String(value);
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

// Making an Intl formatter costs far more than using one, and a sweep formats thousands of values.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${locale}|${JSON.stringify(options)}`;
  let format = formatters.get(key) as Intl.DateTimeFormat | undefined;
  if (!format) formatters.set(key, (format = new Intl.DateTimeFormat(locale, options)));
  return format;
}

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${locale}|${JSON.stringify(options)}`;
  let format = formatters.get(key) as Intl.NumberFormat | undefined;
  if (!format) formatters.set(key, (format = new Intl.NumberFormat(locale, options)));
  return format;
}

function date(value: string, locale: string): string {
  const at = new Date(`${value.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(at.getTime()) ? value : dateFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(at);
}

function instant(value: string, ctx: FormatContext): string {
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? value : dateFormat(ctx.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: ctx.timeZone }).format(at);
}

function number(value: number | string, locale: string): string {
  const n = Number(value);
  return Number.isFinite(n) ? numberFormat(locale, { maximumFractionDigits: 20 }).format(n) : String(value);
}

function money(value: { amount: string; currency: string }, locale: string): string {
  const n = Number(value.amount);
  try {
    return numberFormat(locale, { style: 'currency', currency: value.currency }).format(n);
  } catch {
    return `${value.amount} ${value.currency}`;
  }
}
