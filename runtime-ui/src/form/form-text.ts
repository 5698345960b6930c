import type { UiLocale } from '@loom/metadata';
import { translatorFor, useI18n, type MessageKey, type TranslateParams } from '../i18n/i18n.tsx';

/** The form and record pages' words are the catalogue's `form.*` keys; here by their short name. */
export type FormTextKey = MessageKey extends infer K ? (K extends `form.${infer Short}` ? Short : never) : never;

/** Takes a short form key ("save") or any catalogue key ("value.yes"). */
export type FormText = (key: FormTextKey | MessageKey, params?: TranslateParams) => string;

const byLocale = new Map<UiLocale, FormText>();

function isMessageKey(key: string): key is MessageKey {
  return key.includes('.');
}

/** One function per locale, so what is handed `t` (memoised lines rows) does not redraw for a new one. */
export function formText(locale: UiLocale): FormText {
  let t = byLocale.get(locale);
  if (!t) {
    const translate = translatorFor(locale);
    byLocale.set(locale, (t = (key, params) => translate(isMessageKey(key) ? key : (`form.${key}` as MessageKey), params)));
  }
  return t;
}

/** The form and record pages' words in the app's locale. */
export function useFormText(): FormText {
  return formText(useI18n().locale);
}
