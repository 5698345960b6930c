import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { UiLocale } from '@loom/metadata';
import { en, zhCN, type MessageKey } from './messages.ts';

export type { MessageKey };
export const LOCALES: readonly { readonly code: UiLocale; readonly label: string }[] = [
  { code: 'en', label: 'English' },
  { code: 'zh-CN', label: '简体中文' },
];

const STORAGE_KEY = 'loom.locale';
const dictionaries: Record<UiLocale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

export function initialLocale(): UiLocale {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'zh-CN') return stored;
  return typeof navigator !== 'undefined' && navigator.language?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export interface Formatters {
  number(value: number, options?: Intl.NumberFormatOptions): string;
  money(amount: string | number, currency: string): string;
  date(value: string): string;
  dateTime(value: string): string;
  relative(value: string): string;
}

export interface I18n {
  readonly locale: UiLocale;
  readonly t: Translate;
  readonly format: Formatters;
  setLocale(locale: UiLocale): void;
}

const I18nContext = createContext<I18n | null>(null);

export function makeTranslate(locale: UiLocale): Translate {
  const dictionary = dictionaries[locale];
  return (key, params) => {
    let text = dictionary[key] ?? en[key] ?? key;
    if (params) for (const [name, value] of Object.entries(params)) text = text.replaceAll(`{${name}}`, String(value));
    return text;
  };
}

export function makeFormatters(locale: UiLocale): Formatters {
  const numberFormats = new Map<string, Intl.NumberFormat>();
  const dateFormat = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
  const dateTimeFormat = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  const relativeFormat = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const numberFormat = (options: Intl.NumberFormatOptions = {}) => {
    const key = JSON.stringify(options);
    let format = numberFormats.get(key);
    if (!format) {
      format = new Intl.NumberFormat(locale, options);
      numberFormats.set(key, format);
    }
    return format;
  };
  return {
    number: (value, options) => numberFormat(options).format(value),
    money(amount, currency) {
      const value = typeof amount === 'number' ? amount : Number(amount);
      if (!Number.isFinite(value)) return String(amount);
      try {
        return numberFormat({ style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).format(value);
      } catch {
        return `${numberFormat({ minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value)} ${currency}`;
      }
    },
    date(value) {
      const parsed = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
      return Number.isNaN(parsed.getTime()) ? value : dateFormat.format(parsed);
    },
    dateTime(value) {
      const parsed = new Date(value);
      return Number.isNaN(parsed.getTime()) ? value : dateTimeFormat.format(parsed);
    },
    relative(value) {
      const parsed = new Date(value);
      if (Number.isNaN(parsed.getTime())) return value;
      const seconds = (parsed.getTime() - Date.now()) / 1000;
      const steps: [Intl.RelativeTimeFormatUnit, number][] = [['second', 60], ['minute', 60], ['hour', 24], ['day', 30], ['month', 12], ['year', Infinity]];
      let amount = seconds;
      for (const [unit, size] of steps) {
        if (Math.abs(amount) < size) return relativeFormat.format(Math.round(amount), unit);
        amount /= size;
      }
      return dateTimeFormat.format(parsed);
    },
  };
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<UiLocale>(initialLocale);
  const setLocale = useCallback((next: UiLocale) => {
    localStorage.setItem(STORAGE_KEY, next);
    document.documentElement.lang = next;
    setLocaleState(next);
  }, []);
  const value = useMemo<I18n>(() => ({ locale, t: makeTranslate(locale), format: makeFormatters(locale), setLocale }), [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
