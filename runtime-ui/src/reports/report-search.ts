/**
 * A report's parameters live in the page's address (`/app/r/funnel?period=2026-01-01..2026-06-30`),
 * so a reload, Back and a shared link show the same figures. The address is checked loosely
 * here (text values only, sane length); the server checks each value against its parameter
 * and answers problems at `/query/<name>`.
 */
const NAME = /^[A-Za-z_][\w]{0,99}$/;
const MAX = 1000;

/** The route's validateSearch: every parameter as text (the router hands numbers and booleans over parsed). */
export function validateReportSearch(raw: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!NAME.test(key)) continue;
    const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
    if (text !== undefined && text !== '' && text.length <= MAX) out[key] = text;
  }
  return out;
}
