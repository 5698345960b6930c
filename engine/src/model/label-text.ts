/**
 * A label is a string or a locale map (`{ "en": "Account", "zh-CN": "账户" }`). The API
 * description is written for integrators, so it uses English, falling back to the first locale.
 */
export function labelText(label: unknown): string | undefined {
  if (typeof label === 'string') return label || undefined;
  if (!label || typeof label !== 'object' || Array.isArray(label)) return undefined;
  const map = label as Record<string, unknown>;
  const text = typeof map.en === 'string' ? map.en : Object.values(map).find((v) => typeof v === 'string');
  return (text as string | undefined) || undefined;
}
