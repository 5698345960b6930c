import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { UiLocale } from '@loom/metadata';
import { setRequestLanguage } from '../api/client.ts';
import { formattersFor, type Formatters } from '../fields/formatters.ts';
import { makeTranslate, type MessageKey, type Translate, type TranslateParams } from './catalog.ts';
import { initialLocale, LOCALE_STORAGE_KEY } from './initial-locale.ts';

export type { Formatters, MessageKey, Translate, TranslateParams };
export { makeFormatters } from '../fields/formatters.ts';
export { initialLocale, makeTranslate };

export const LOCALES: readonly { readonly code: UiLocale; readonly label: string }[] = [
  { code: 'en', label: 'English' },
  { code: 'zh-CN', label: '简体中文' },
];

/** The app's current locale, its words and its number and date formats (one set for the whole app). */
export interface I18n {
  readonly locale: UiLocale;
  readonly t: Translate;
  readonly format: Formatters;
  setLocale(locale: UiLocale): void;
}

const I18nContext = createContext<I18n | null>(null);

/** One translate function per locale, so what is handed `t` (memoised rows) does not redraw for a new one. */
const translators = new Map<UiLocale, Translate>();

export function translatorFor(locale: UiLocale): Translate {
  let t = translators.get(locale);
  if (!t) translators.set(locale, (t = makeTranslate(locale)));
  return t;
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<UiLocale>(() => {
    const first = initialLocale();
    setRequestLanguage(first);
    return first;
  });
  const setLocale = useCallback((next: UiLocale) => {
    setRequestLanguage(next);
    localStorage.setItem(LOCALE_STORAGE_KEY, next);
    document.documentElement.lang = next;
    setLocaleState(next);
  }, []);
  const value = useMemo<I18n>(() => ({ locale, t: translatorFor(locale), format: formattersFor(locale), setLocale }), [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
