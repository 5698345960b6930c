import type { UiLocale } from '@loom/metadata';

/** Where the app keeps the language the user picked. */
export const LOCALE_STORAGE_KEY = 'loom.locale';

/** The language the user picked last, else the browser's (Chinese or English). */
export function initialLocale(): UiLocale {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(LOCALE_STORAGE_KEY);
  if (stored === 'en' || stored === 'zh-CN') return stored;
  return typeof navigator !== 'undefined' && navigator.language?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}
