import { UI_LOCALES, type Label, type UiLocale } from '@loom/metadata';

/** A locale the engine renders in: one the web app speaks, else the installation's default. */
export function knownLocale(value: unknown, fallback: UiLocale): UiLocale {
  return typeof value === 'string' && (UI_LOCALES as readonly string[]).includes(value) ? (value as UiLocale) : fallback;
}

/** The text of a label in a locale: that locale's, else the default locale's, else English, else any. */
export function labelIn(label: Label | undefined, locale: string, fallback: string): string {
  if (label === undefined || label === null) return '';
  if (typeof label === 'string') return label;
  const map = label as Record<string, string | undefined>;
  return map[locale] ?? map[fallback] ?? map.en ?? Object.values(map).find((v) => typeof v === 'string') ?? '';
}
