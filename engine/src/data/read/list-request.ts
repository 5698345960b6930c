import type { ProblemItem } from '../../errors/loom-error.ts';
import { loomErrors } from '../../errors/loom-error.ts';
import type { CompiledEntity, CompiledModel } from '../../model/compiled-model.ts';
import { resolveFieldPath } from '../../model/resolve-field-path.ts';
import { isLookupField, isReferenceField } from '../../model/field-types/field-predicates.ts';

export interface SortKey {
  readonly field: string;
  readonly descending: boolean;
}

/** A list request, checked against the model: every name in it exists. */
export interface ListRequest {
  readonly conditions: unknown[];
  readonly q?: string;
  readonly sort: SortKey[];
  readonly limit: number;
  readonly cursor?: string;
  /** Top-level fields to return (undefined: all) and, per expanded lookup, its fields (undefined: all). */
  readonly fields?: string[];
  readonly expand: Map<string, string[] | undefined>;
  readonly count: boolean;
}

export const MAX_LIMIT = 500;
const DEFAULT_LIMIT = 50;
const CONTROL_KEYS = new Set(['filter', 'q', 'sort', 'limit', 'cursor', 'fields', 'expand', 'count']);
const OPS: Record<string, string> = { eq: '==', ne: '!=', lt: '<', lte: '<=', gt: '>', gte: '>=' };
const FIELD_KEY = /^([a-zA-Z][a-zA-Z0-9.]*)(?:\[(eq|ne|lt|lte|gt|gte|in|like|null)\])?$/;

/** Parses a list query string; every unknown key or name is a 400, never ignored. */
export function parseListRequest(model: CompiledModel, entity: CompiledEntity, query: Record<string, unknown>, defaultSort: SortKey[] = [{ field: 'updatedAt', descending: true }]): ListRequest {
  const errors: ProblemItem[] = [];
  const bad = (key: string, message: string) => errors.push({ path: `/query/${key}`, message });
  const text = (key: string): string | undefined => {
    const v = query[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') return bad(key, 'must be given once'), undefined;
    return v;
  };
  const conditions: unknown[] = [];
  const filter = text('filter');
  if (filter !== undefined) {
    try {
      conditions.push(JSON.parse(filter));
    } catch {
      bad('filter', 'must be a JSON Logic expression (URL-encoded JSON)');
    }
  }
  for (const key of Object.keys(query)) {
    if (CONTROL_KEYS.has(key)) continue;
    const m = FIELD_KEY.exec(key);
    if (!m) {
      bad(key, `unknown query parameter "${key}"`);
      continue;
    }
    const value = text(key);
    if (value === undefined) continue;
    const condition = simpleCondition(model, entity, m[1], m[2] ?? 'eq', value);
    if (typeof condition === 'string') bad(key, condition);
    else conditions.push(condition);
  }
  const limitText = text('limit');
  const limit = limitText === undefined ? DEFAULT_LIMIT : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) bad('limit', `must be a whole number from 1 to ${MAX_LIMIT}`);
  const sort = parseSort(model, entity, text('sort'), bad) ?? defaultSort;
  const { fields, expand } = parseFieldsAndExpand(model, entity, text('fields'), text('expand'), bad);
  const countText = text('count');
  if (countText !== undefined && countText !== 'true' && countText !== 'false') bad('count', 'must be true or false');
  const q = text('q')?.trim();
  if (q && q.length > 200) bad('q', 'must be at most 200 characters');
  if (errors.length) throw loomErrors('LOOM_ERR_HTTP_BAD_QUERY', errors);
  return { conditions, q: q || undefined, sort, limit, cursor: text('cursor'), fields, expand, count: countText === 'true' };
}

function simpleCondition(model: CompiledModel, entity: CompiledEntity, path: string, op: string, raw: string): unknown | string {
  const steps = resolveFieldPath(entity, path, model.entities);
  const field = steps?.[steps.length - 1].field;
  if (!field) return `"${path}" is not a field of ${entity.name}`;
  if (!field.logicType) return `"${path}" (${field.type}) cannot be filtered`;
  const v = { var: path };
  if (op === 'null') {
    if (raw !== 'true' && raw !== 'false') return 'must be true or false';
    return { [raw === 'true' ? '==' : '!=']: [v, null] };
  }
  const values = op === 'in' ? raw.split(',') : [raw];
  const typed: unknown[] = [];
  for (const item of values) {
    const value = coerce(field.logicType === 'array' ? 'text' : field.logicType, item);
    if (value === undefined) return `"${item}" is not a valid ${field.logicType} value`;
    typed.push(value);
  }
  if (field.logicType === 'array') {
    if (op !== 'eq' && op !== 'in') return `multiselect fields support eq and in`;
    return { or: typed.map((t) => ({ in: [t, v] })) };
  }
  if (op === 'in') return typed.length > 1000 ? 'at most 1000 values' : { in: [v, typed] };
  if (op === 'like') return field.logicType === 'text' ? { in: [typed[0], v] } : 'like works on text fields';
  return { [OPS[op]]: [v, typed[0]] };
}

function coerce(type: string, raw: string): unknown {
  if (type === 'number') return raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : undefined;
  if (type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : undefined;
  if (type === 'datetime') return Number.isNaN(Date.parse(raw)) ? undefined : new Date(raw).toISOString();
  if (type === 'date') return /^\d{4}-\d{2}-\d{2}$/.test(raw) ? raw : undefined;
  return raw;
}

function parseSort(model: CompiledModel, entity: CompiledEntity, raw: string | undefined, bad: (k: string, m: string) => void): SortKey[] | undefined {
  if (raw === undefined) return undefined;
  const keys = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (keys.length > 5) bad('sort', 'at most 5 sort keys');
  const sort: SortKey[] = [];
  for (const key of keys) {
    const name = key.replace(/^-/, '');
    const steps = resolveFieldPath(entity, name, model.entities);
    const field = steps?.[steps.length - 1].field;
    if (!field) bad('sort', `"${name}" is not a field of ${entity.name}`);
    else if (!field.logicType || field.logicType === 'array') bad('sort', `"${name}" (${field.type}) cannot be sorted`);
    else sort.push({ field: name, descending: key.startsWith('-') });
  }
  return sort;
}

function parseFieldsAndExpand(model: CompiledModel, entity: CompiledEntity, fieldsRaw: string | undefined, expandRaw: string | undefined, bad: (k: string, m: string) => void) {
  const expand = new Map<string, string[] | undefined>();
  const addExpand = (name: string, key: string) => {
    const field = entity.fields[name];
    if (!Object.hasOwn(entity.fields, name) || !isReferenceField(field)) bad(key, `"${name}" is not a lookup field of ${entity.name}`);
    else if (!expand.has(name)) expand.set(name, undefined);
  };
  for (const name of (expandRaw ?? '').split(',').map((s) => s.trim()).filter(Boolean)) addExpand(name, 'expand');
  if (fieldsRaw === undefined) return { fields: undefined, expand };
  const fields = new Set(['id', 'version']);
  for (const path of fieldsRaw.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [head, sub, ...rest] = path.split('.');
    if (!Object.hasOwn(entity.fields, head)) {
      bad('fields', `"${head}" is not a field of ${entity.name}`);
      continue;
    }
    fields.add(head);
    if (sub === undefined) continue;
    if (rest.length) bad('fields', `"${path}": only one level of lookup fields can be selected`);
    addExpand(head, 'fields');
    const field = entity.fields[head];
    const target = isLookupField(field) ? model.entities.get(field.target) : undefined;
    const known = target ? Object.hasOwn(target.fields, sub) : ['id', 'name', 'email'].includes(sub);
    if (!known) bad('fields', `"${sub}" is not a field of ${field.target ?? 'user'}`);
    else expand.set(head, [...(expand.get(head) ?? []), sub]);
  }
  return { fields: [...fields], expand };
}
