import type { UiLocale } from '@loom/metadata';

/**
 * A metadata label as text in one locale: a plain string is the same in every locale; a
 * locale map gives the locale's text, else English, else the name humanized ("closeDate"
 * → "Close date"), so a screen never shows an empty label.
 */
export function resolveLabel(label: unknown, locale: UiLocale, name: string): string {
  if (typeof label === 'string' && label) return label;
  if (label && typeof label === 'object' && !Array.isArray(label)) {
    const map = label as Record<string, unknown>;
    for (const key of [locale, 'en']) if (typeof map[key] === 'string' && map[key]) return map[key] as string;
  }
  return humanize(name);
}

/** Like resolveLabel, but undefined when there is no label at all (optional texts: help, section titles). */
export function resolveOptionalLabel(label: unknown, locale: UiLocale): string | undefined {
  if (label === undefined || label === null) return undefined;
  const text = resolveLabel(label, locale, '');
  return text || undefined;
}

/** "closeDate" → "Close date", "account.tier" → "Account tier", "lost_reason" → "Lost reason". */
export function humanize(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[._-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
