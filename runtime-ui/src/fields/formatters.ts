import type { UiLocale } from '@loom/metadata';

/**
 * The locale's number and date formats, all through `Intl`, made once per locale and
 * cached. Every value the app shows goes through these (via the field registry), so a
 * number reads the same on a list, a record page and a form.
 */
export interface Formatters {
  readonly locale: UiLocale;
  number(value: number, options?: Intl.NumberFormatOptions): string;
  /**
   * An amount in a currency ("¥104,000.00", "US$1,200.00" in zh-CN; "CN¥104,000.00",
   * "$1,200.00" in en). The standard symbol, not the narrow one: "¥" alone would not
   * tell yuan from yen in English, nor "$" US from Hong Kong dollars. Without a currency
   * the amount is a plain number with `scale` places (never a guessed currency).
   */
  money(amount: string | number, currency: string | undefined, scale?: number): string;
  /** A 0–100 value as a percentage ("35.5%"). */
  percent(value: number, scale?: number): string;
  /** A calendar date ("2026-12-03" → "Dec 3, 2026" / "2026年12月3日"), never shifted by the time zone. */
  date(value: string): string;
  dateTime(value: string): string;
  relative(value: string, now?: number): string;
}

const byLocale = new Map<UiLocale, Formatters>();

export function formattersFor(locale: UiLocale): Formatters {
  let formatters = byLocale.get(locale);
  if (!formatters) byLocale.set(locale, (formatters = makeFormatters(locale)));
  return formatters;
}

/** Decimal strings keep their exact places: Number("104000.10") would print "104,000.1". */
function placesOf(amount: string | number): number | undefined {
  if (typeof amount !== 'string') return undefined;
  const dot = amount.indexOf('.');
  return dot < 0 ? 0 : amount.length - dot - 1;
}

export function makeFormatters(locale: UiLocale): Formatters {
  const cache = new Map<string, Intl.NumberFormat>();
  const numberFormat = (options: Intl.NumberFormatOptions = {}) => {
    const key = JSON.stringify(options);
    let format = cache.get(key);
    if (!format) cache.set(key, (format = new Intl.NumberFormat(locale, options)));
    return format;
  };
  const dateFormat = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
  const dateTimeFormat = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  const relativeFormat = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });

  return {
    locale,
    number: (value, options) => numberFormat(options).format(value),
    money(amount, currency, scale) {
      const value = typeof amount === 'number' ? amount : Number(amount);
      if (amount === '' || !Number.isFinite(value)) return String(amount);
      if (currency) {
        try {
          return numberFormat({ style: 'currency', currency }).format(value);
        } catch {
          // A code Intl does not know: the number, then the code as written.
        }
      }
      const places = scale ?? Math.max(2, placesOf(amount) ?? 2);
      const text = numberFormat({ minimumFractionDigits: places, maximumFractionDigits: places }).format(value);
      return currency ? `${text} ${currency}` : text;
    },
    percent(value, scale) {
      return numberFormat({ style: 'percent', maximumFractionDigits: scale ?? 2 }).format(value / 100);
    },
    date(value) {
      const parsed = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
      return Number.isNaN(parsed.getTime()) ? value : dateFormat.format(parsed);
    },
    dateTime(value) {
      const parsed = new Date(value);
      return Number.isNaN(parsed.getTime()) ? value : dateTimeFormat.format(parsed);
    },
    relative(value, now = Date.now()) {
      const parsed = new Date(value);
      if (Number.isNaN(parsed.getTime())) return value;
      let amount = (parsed.getTime() - now) / 1000;
      const steps: [Intl.RelativeTimeFormatUnit, number][] = [
        ['second', 60],
        ['minute', 60],
        ['hour', 24],
        ['day', 30],
        ['month', 12],
        ['year', Infinity],
      ];
      for (const [unit, size] of steps) {
        if (Math.abs(amount) < size) return relativeFormat.format(Math.round(amount), unit);
        amount /= size;
      }
      return dateTimeFormat.format(parsed);
    },
  };
}
