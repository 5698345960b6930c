import { ApiError } from '../api/client.ts';
import type { ParamValues, ReportParam } from './reports-api.ts';

/** A report's parameter values between the form, the address and the API: all text, as the API's query string takes them. */

export interface DateRangeValue {
  readonly from?: string;
  readonly to?: string;
}

/** A parameter's value as sent: a range as `from..to` (either end may be open), a list comma-separated. */
export function paramText(param: Pick<ReportParam, 'type'>, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (param.type === 'dateRange') {
    const range = value as DateRangeValue;
    if (typeof value === 'string') return value;
    return range.from || range.to ? `${range.from ?? ''}..${range.to ?? ''}` : '';
  }
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}

/** A range's ends from its text (`2026-01-01..2026-06-30`, `..2026-06-30`). */
export function rangeOf(text: string): DateRangeValue {
  const [from = '', to = ''] = text.split('..');
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

/** The values a change leads to: the new value set (empty removes it, falling back to the report's default). */
export function withParam(current: ParamValues, name: string, text: string): ParamValues {
  const next: Record<string, string> = { ...current };
  if (text === '') delete next[name];
  else next[name] = text;
  return next;
}

/**
 * The values the answer was computed with, as text, for the form: what the address holds,
 * else the report's effective default (the server answers it as `value`).
 */
export function formValues(params: readonly ReportParam[], given: ParamValues): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of params) out[p.name] = given[p.name] ?? paramText(p, p.value);
  return out;
}

/** The parameters' problems of a 400, by parameter (`/query/<name>`). */
export function problemsOf(error: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!(error instanceof ApiError)) return out;
  for (const item of error.errors) {
    const match = /^\/query\/([^/]+)/.exec(item.path);
    if (match) (out[match[1]] ??= []).push(item.message);
  }
  return out;
}
