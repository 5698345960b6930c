import type { UiBundle, UiEntity, UiField } from '@loom/metadata';

export type Data = Record<string, unknown>;

const COMPUTED = new Set(['formula', 'rollup', 'autonumber']);

/** May the form write this field? Not computed, not system (except owner), not read-only for the user. */
export function isWritable(field: UiField | undefined): field is UiField {
  if (!field || COMPUTED.has(field.type) || field.readOnly) return false;
  return !field.system || field.name === 'owner';
}

/** A value as the API accepts it: ids for lookups, null for empty, money without an amount is empty. */
export function writeValue(field: UiField, value: unknown): unknown {
  if (value === undefined || value === '') return null;
  if ((field.type === 'lookup' || field.type === 'user') && value && typeof value === 'object') return (value as { id?: unknown }).id ?? null;
  if (field.type === 'money' && value && typeof value === 'object') {
    const { amount, currency } = value as { amount?: unknown; currency?: unknown };
    if (amount === undefined || amount === null || amount === '') return null;
    return currency ? { amount: String(amount), currency } : { amount: String(amount) };
  }
  if (field.type === 'geo' && value && typeof value === 'object') {
    const { lat, lng, address } = value as { lat?: unknown; lng?: unknown; address?: unknown };
    if (lat === undefined || lat === null || lat === '' || lng === undefined || lng === null || lng === '') return null;
    return address ? { lat: Number(lat), lng: Number(lng), address } : { lat: Number(lat), lng: Number(lng) };
  }
  if (field.type === 'multiselect' && Array.isArray(value) && value.length === 0) return null;
  return value;
}

/** Child rows as the lines field takes them: the id of kept rows and the child's writable fields. */
export function writeLines(child: UiEntity | undefined, via: string | undefined, rows: unknown): Data[] {
  if (!Array.isArray(rows)) return [];
  return rows.map((row: Data) => {
    const out: Data = {};
    if (typeof row.id === 'string') out.id = row.id;
    for (const [name, value] of Object.entries(row ?? {})) {
      const field = child?.fields[name];
      if (name === via || !isWritable(field) || field.system) continue;
      const v = writeValue(field, value);
      if (v !== null || typeof row.id === 'string') out[name] = v;
    }
    return out;
  });
}

function writeField(bundle: UiBundle, field: UiField, value: unknown): unknown {
  if (field.type === 'lines') return writeLines(field.entity ? bundle.entities[field.entity] : undefined, field.via, value);
  return writeValue(field, value);
}

/** The body of a create: every writable form field that has a value. */
export function createBody(bundle: UiBundle, entity: UiEntity, fields: readonly string[], data: Data): Data {
  const body: Data = {};
  for (const name of fields) {
    const field = entity.fields[name];
    if (!isWritable(field)) continue;
    const value = writeField(bundle, field, data[name]);
    if (value === null || (Array.isArray(value) && value.length === 0 && field.type === 'lines')) continue;
    body[name] = value;
  }
  return body;
}

/** The body of a PATCH: the writable form fields whose value differs from what was loaded. */
export function patchBody(bundle: UiBundle, entity: UiEntity, fields: readonly string[], initial: Data, data: Data): Data {
  const body: Data = {};
  for (const name of fields) {
    const field = entity.fields[name];
    if (!isWritable(field)) continue;
    const before = writeField(bundle, field, initial[name]);
    const after = writeField(bundle, field, data[name]);
    if (JSON.stringify(before) !== JSON.stringify(after)) body[name] = after;
  }
  return body;
}
