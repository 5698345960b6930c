import type { CompiledReport, CompiledReportParam } from '../model/compiled-model.ts';
import { problemAt, loomErrors, type ProblemItem } from '../errors/loom-error.ts';
import { message } from '../errors/messages.ts';
import { shiftDate, todayIn } from './zoned-time.ts';

/** A date range parameter's value: either end may be open. Dates are 'YYYY-MM-DD' in the installation's calendar. */
export interface DateRange {
  readonly from?: string;
  readonly to?: string;
}

export type ParamValue = string | number | boolean | readonly string[] | DateRange | null;

export interface ParamContext {
  readonly now: Date;
  readonly timeZone: string;
  /** The caller, for a user parameter whose default is `$user.id`. */
  readonly userId: string | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TODAY = /^\$today(?:([+-])(\d{1,4})([dwMy]))?$/;
/** Query keys that are not parameters of any report (the export's format). */
const RESERVED = new Set(['format']);

/**
 * The report's parameters from a query string (or a dashboard widget's values): each
 * parsed by its type, defaults filled (`$today-12M`, `$user.id`), required ones present,
 * unknown ones refused. Every problem at once, at `/query/<name>`: a 400, never a 500.
 */
export function readParams(report: CompiledReport, query: Readonly<Record<string, unknown>>, ctx: ParamContext, base = '/query'): Map<string, ParamValue> {
  const problems: ProblemItem[] = [];
  const known = new Map(report.params.map((p) => [p.name, p]));
  for (const key of Object.keys(query)) {
    if (!known.has(key) && !RESERVED.has(key)) problems.push(problemAt(`${base}/${key}`, message('report.unknownParam', { name: key, report: report.name })));
  }
  const values = new Map<string, ParamValue>();
  for (const param of report.params) {
    const given = query[param.name];
    const raw = given === undefined || given === '' ? param.default : given;
    if (raw === undefined || raw === null || raw === '') {
      if (param.required) problems.push(problemAt(`${base}/${param.name}`, message('report.paramRequired', { name: param.name })));
      values.set(param.name, null);
      continue;
    }
    const parsed = parseParam(param, raw, ctx);
    if (parsed === undefined)
      problems.push(problemAt(`${base}/${param.name}`, message('report.paramInvalid', { name: param.name, expected: EXPECTED[param.type] })));
    else values.set(param.name, parsed);
  }
  if (problems.length) throw loomErrors('LOOM_ERR_REPORT_BAD_PARAMS', problems);
  return values;
}

const EXPECTED: Record<CompiledReportParam['type'], string> = {
  text: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  date: 'a date (YYYY-MM-DD)',
  datetime: 'a date and time (ISO 8601)',
  user: 'a user id',
  select: 'one of the options',
  dateRange: 'a date range (YYYY-MM-DD..YYYY-MM-DD)',
};

function parseParam(param: CompiledReportParam, raw: unknown, ctx: ParamContext): ParamValue | undefined {
  const text = typeof raw === 'string' ? raw.trim() : raw;
  // A parameter's type, not a field type.
  const kind: CompiledReportParam['type'] = param.type;
  switch (kind) {
    case 'text':
      return typeof text === 'string' && text.length <= 500 ? text : undefined;
    case 'number':
    case 'integer': {
      const n = typeof text === 'number' ? text : typeof text === 'string' && text !== '' ? Number(text) : NaN;
      if (!Number.isFinite(n) || (kind === 'integer' && !Number.isInteger(n))) return undefined;
      return n;
    }
    case 'boolean':
      return text === true || text === 'true' ? true : text === false || text === 'false' ? false : undefined;
    case 'date':
      return typeof text === 'string' ? dateValue(text, ctx) : undefined;
    case 'datetime':
      return typeof text === 'string' && !Number.isNaN(Date.parse(text)) && /^\d{4}-\d{2}-\d{2}T/.test(text) ? new Date(text).toISOString() : undefined;
    case 'user':
      if (text === '$user.id') return ctx.userId ?? undefined;
      return typeof text === 'string' && UUID.test(text) ? text.toLowerCase() : undefined;
    case 'select': {
      const list = Array.isArray(text) ? text : typeof text === 'string' ? text.split(',').map((v) => v.trim()) : [];
      const allowed = new Set((param.options ?? []).map((o) => o.value));
      if (!list.length || !list.every((v) => typeof v === 'string' && allowed.has(v))) return undefined;
      return list.length === 1 ? (list[0] as string) : (list as string[]);
    }
    case 'dateRange':
      return rangeValue(text, ctx);
  }
}

function rangeValue(raw: unknown, ctx: ParamContext): DateRange | undefined {
  let from: unknown;
  let to: unknown;
  if (typeof raw === 'string') {
    const parts = raw.split('..');
    if (parts.length !== 2) return undefined;
    [from, to] = parts.map((p) => p.trim());
  } else if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    ({ from, to } = raw as { from?: unknown; to?: unknown });
  } else return undefined;
  const end = (v: unknown) => (v === undefined || v === null || v === '' ? null : typeof v === 'string' ? (dateValue(v, ctx) ?? undefined) : undefined);
  const a = end(from);
  const b = end(to);
  if (a === undefined || b === undefined || (a && b && a > b)) return undefined;
  return { ...(a ? { from: a } : {}), ...(b ? { to: b } : {}) };
}

/** 'YYYY-MM-DD' (a real day), or `$today`, `$today-12M` (d, w, M, y) in the installation's calendar. */
function dateValue(text: string, ctx: ParamContext): string | undefined {
  const relative = TODAY.exec(text);
  if (relative) {
    const today = todayIn(ctx.now, ctx.timeZone);
    if (!relative[1]) return today;
    return shiftDate(today, Number(relative[2]) * (relative[1] === '-' ? -1 : 1), relative[3] as 'd' | 'w' | 'M' | 'y');
  }
  if (!DATE.test(text)) return undefined;
  const t = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === text ? text : undefined;
}

/** `$params.<name>` in the report's filter and measures: texts, numbers, booleans or a list of texts (a range is read through its field). */
export function logicParams(values: ReadonlyMap<string, ParamValue>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of values) out[name] = value !== null && typeof value === 'object' && !Array.isArray(value) ? null : value;
  return out;
}
