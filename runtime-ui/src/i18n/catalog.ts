import type { UiLocale } from '@loom/metadata';
import { en } from './en.ts';
import { zhCN } from './zh-CN.ts';

export type MessageKey = keyof typeof en;

/** A message: text, or text per plural category (`other` always there). */
export type Message = string | ({ readonly other: string } & Partial<Readonly<Record<Intl.LDMLPluralRule, string>>>);

/** One locale's words: every key of the English catalogue. */
export type Catalog = Readonly<Record<MessageKey, Message>>;

export type TranslateParams = Readonly<Record<string, string | number>>;
export type Translate = (key: MessageKey, params?: TranslateParams) => string;

export const catalogs: Readonly<Record<UiLocale, Catalog>> = { en, 'zh-CN': zhCN };

/** A count may arrive already formatted ("1,234"): the plural rule reads the number back. */
function countOf(value: string | number | undefined): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const n = Number(value.replace(/[^\d.-]/g, ''));
  return value.trim() && Number.isFinite(n) ? n : undefined;
}

/** Made on first use, then kept: setting up an `Intl` object is slow, and most messages need none. */
function once<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => (made ??= make());
}

/**
 * The translate function of a locale: picks the plural form for `count` with
 * `Intl.PluralRules`, then fills `{name}` placeholders; numbers are written in the
 * locale's digits (1,234). A key missing from a catalogue falls back to English. The
 * plural rules and the number format are made the first time a message needs them.
 */
export function makeTranslate(locale: UiLocale): Translate {
  const catalog = catalogs[locale];
  const plurals = once(() => new Intl.PluralRules(locale));
  const numbers = once(() => new Intl.NumberFormat(locale));
  return (key, params) => {
    const message: Message = catalog[key] ?? en[key] ?? key;
    let text: string;
    if (typeof message === 'string') text = message;
    else {
      const count = countOf(params?.count);
      text = (count === undefined ? undefined : message[plurals().select(count)]) ?? message.other;
    }
    if (params)
      for (const [name, value] of Object.entries(params)) text = text.replaceAll(`{${name}}`, typeof value === 'number' ? numbers().format(value) : value);
    return text;
  };
}
