import type { FilterClause } from './filters.ts';

/**
 * What of a list lives in its address, so Back, a reload and a shared link open the same
 * list: `?q=` the search text, `sort=-amount,name`, `cols=name,amount` (the shown columns),
 * `filter=` the filter chips (JSON), `saved=` the saved view they came from. Anything absent
 * means "as the view defines it". There is no page in the address: the list is one virtual
 * scroll that loads pages as it goes.
 *
 * An address can be edited by hand, so every value is checked here and dropped when it is
 * not what it should be; whether a path names a column is checked later, against the view.
 */
export interface ListSearch {
  readonly q?: string;
  readonly sort?: readonly string[];
  readonly cols?: readonly string[];
  readonly filter?: readonly FilterClause[];
  readonly saved?: string;
}

const PATH = /^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/;
const SORT_KEY = /^-?[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/;
const MAX_TEXT = 200;

const isString = (v: unknown): v is string => typeof v === 'string';
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A comma-separated list (or an array, as the router may hand it over) of names matching `pattern`. */
function names(raw: unknown, pattern: RegExp, max: number): string[] | undefined {
  const items = Array.isArray(raw) ? raw : isString(raw) ? raw.split(',') : [];
  const kept = [
    ...new Set(
      items
        .filter(isString)
        .map((s) => s.trim())
        .filter((s) => pattern.test(s)),
    ),
  ].slice(0, max);
  return kept.length > 0 ? kept : undefined;
}

function optionalString(v: unknown): v is string | undefined {
  return v === undefined || (isString(v) && v.length <= MAX_TEXT);
}

/** One filter chip, checked field by field; anything else is dropped. */
export function parseClause(raw: unknown): FilterClause | undefined {
  if (!isObject(raw) || !isString(raw.kind)) return undefined;
  if (raw.kind === 'raw') return isObject(raw.logic) ? { kind: 'raw', path: '', logic: raw.logic as never } : undefined;
  if (!isString(raw.path) || !PATH.test(raw.path)) return undefined;
  const path = raw.path;
  switch (raw.kind) {
    case 'contains':
      return isString(raw.text) && raw.text.length <= MAX_TEXT ? { kind: 'contains', path, text: raw.text } : undefined;
    case 'oneOf':
      return Array.isArray(raw.values) && raw.values.every(isString) ? { kind: 'oneOf', path, values: raw.values.slice(0, 100) } : undefined;
    case 'range':
      return optionalString(raw.min) && optionalString(raw.max)
        ? { kind: 'range', path, ...(raw.min ? { min: raw.min } : {}), ...(raw.max ? { max: raw.max } : {}) }
        : undefined;
    case 'flag':
      return typeof raw.value === 'boolean' ? { kind: 'flag', path, value: raw.value } : undefined;
    case 'ref':
      return isString(raw.id) && raw.id.length <= MAX_TEXT && optionalString(raw.title) ? { kind: 'ref', path, id: raw.id, title: raw.title ?? '' } : undefined;
    default:
      return undefined;
  }
}

function clauses(raw: unknown): FilterClause[] | undefined {
  let value = raw;
  if (isString(value)) {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (!Array.isArray(value)) return undefined;
  const kept = value
    .slice(0, 50)
    .map(parseClause)
    .filter((c): c is FilterClause => c !== undefined);
  return kept.length > 0 ? kept : undefined;
}

/** The list's search params from an address (the router's validateSearch). Never throws. */
export function parseListSearch(raw: Record<string, unknown>): ListSearch {
  const out: { -readonly [K in keyof ListSearch]: ListSearch[K] } = {};
  const q = typeof raw.q === 'number' ? String(raw.q) : raw.q;
  if (isString(q) && q.trim() && q.length <= MAX_TEXT) out.q = q;
  const sort = names(raw.sort, SORT_KEY, 5);
  if (sort) out.sort = sort;
  const cols = names(raw.cols, PATH, 100);
  if (cols) out.cols = cols;
  const filter = clauses(raw.filter);
  if (filter) out.filter = filter;
  if (isString(raw.saved) && /^[\w-]{1,100}$/.test(raw.saved)) out.saved = raw.saved;
  return out;
}

/** The list's search params as the address holds them: lists as comma-separated text, empty values left out. */
export interface ListSearchParams {
  readonly q?: string;
  readonly sort?: string;
  readonly cols?: string;
  readonly filter?: FilterClause[];
  readonly saved?: string;
}

export function listSearchParams(search: ListSearch): ListSearchParams {
  const out: { -readonly [K in keyof ListSearchParams]: ListSearchParams[K] } = {};
  if (search.q) out.q = search.q;
  if (search.sort?.length) out.sort = search.sort.join(',');
  if (search.cols?.length) out.cols = search.cols.join(',');
  if (search.filter?.length) out.filter = [...search.filter];
  if (search.saved) out.saved = search.saved;
  return out;
}

/** The route's validateSearch: whatever the address holds, checked, in the address's form. */
export function validateListSearch(raw: Record<string, unknown>): ListSearchParams {
  return listSearchParams(parseListSearch(raw));
}
