import type { UiBundle, UiEntity, UiField } from '@loom/metadata';
import { apiValue, isComputedField, isLinesField } from '../fields/field-traits.ts';

export type Data = Record<string, unknown>;

/** May the form write this field? Not computed, not system (except owner), not read-only for the user. */
export function isWritable(field: UiField | undefined): field is UiField {
  if (!field || isComputedField(field) || field.readOnly) return false;
  return !field.system || field.name === 'owner';
}

/** A value as the API accepts it: ids for lookups, null for empty, money without an amount is empty. */
export const writeValue = apiValue;

/** The key of a lines row that deletes the existing row named by its `id`. */
export const DELETE_ROW = '$delete';

/** The child's writable fields of a row, as the API takes them (the link back to the parent is the server's). */
function rowValues(child: UiEntity | undefined, via: string | undefined, row: Data): Data {
  const out: Data = {};
  for (const [name, value] of Object.entries(row ?? {})) {
    const field = child?.fields[name];
    if (name === via || !isWritable(field) || field.system) continue;
    out[name] = writeValue(field, value);
  }
  return out;
}

/** New child rows as a create takes them: the child's writable fields that have a value. */
export function writeLines(child: UiEntity | undefined, via: string | undefined, rows: unknown): Data[] {
  if (!Array.isArray(rows)) return [];
  return rows.map((row: Data) => Object.fromEntries(Object.entries(rowValues(child, via, row)).filter(([, v]) => v !== null)));
}

const idOf = (row: unknown) => (row && typeof row === 'object' && typeof (row as Data).id === 'string' ? ((row as Data).id as string) : undefined);

/**
 * What a PATCH sends for a lines field, or undefined when the rows are as loaded. The server
 * deletes no row it is not told to: every loaded row goes back by its id (`{ id }` alone when
 * unchanged, with only its changed fields when edited), a removed row as `{ id, $delete: true }`,
 * and a new row with its filled fields.
 */
export function patchLines(child: UiEntity | undefined, via: string | undefined, initial: unknown, rows: unknown): Data[] | undefined {
  const before = new Map<string, Data>();
  for (const row of Array.isArray(initial) ? initial : []) {
    const id = idOf(row);
    if (id) before.set(id, rowValues(child, via, row));
  }
  let changed = false;
  const out: Data[] = [];
  const kept = new Set<string>();
  for (const row of Array.isArray(rows) ? (rows as Data[]) : []) {
    const id = idOf(row);
    if (!id) {
      out.push(writeLines(child, via, [row])[0]);
      changed = true;
      continue;
    }
    kept.add(id);
    const was = before.get(id) ?? {};
    const now = rowValues(child, via, row);
    const edits: Data = {};
    for (const name of new Set([...Object.keys(was), ...Object.keys(now)])) {
      const value = now[name] ?? null;
      if (JSON.stringify(value) !== JSON.stringify(was[name] ?? null)) edits[name] = value;
    }
    if (Object.keys(edits).length) changed = true;
    out.push({ id, ...edits });
  }
  for (const id of before.keys()) {
    if (kept.has(id)) continue;
    out.push({ id, [DELETE_ROW]: true });
    changed = true;
  }
  return changed ? out : undefined;
}

/**
 * The lines rows of a body brought up to the rows the server holds now, for "overwrite" after
 * someone else changed them: rows added meanwhile are kept (`{ id }`; this client never saw
 * them, so it cannot mean to delete them), and rows deleted meanwhile are no longer named
 * when this client only kept or deleted them. An edited row that is gone stays, so the
 * server says which one.
 */
export function linesOnto(rows: readonly Data[], current: readonly string[]): Data[] {
  const now = new Set(current);
  const named = new Set(rows.map(idOf).filter((id): id is string => !!id));
  const gone = (row: Data) => {
    const id = idOf(row);
    return id !== undefined && !now.has(id) && Object.keys(row).every((k) => k === 'id' || k === DELETE_ROW);
  };
  return [...rows.filter((row) => !gone(row)), ...current.filter((id) => !named.has(id)).map((id) => ({ id }))];
}

function writeField(bundle: UiBundle, field: UiField, value: unknown): unknown {
  if (isLinesField(field)) return writeLines(field.entity ? bundle.entities[field.entity] : undefined, field.via, value);
  return writeValue(field, value);
}

/** The body of a create: every writable form field that has a value. */
export function createBody(bundle: UiBundle, entity: UiEntity, fields: readonly string[], data: Data): Data {
  const body: Data = {};
  for (const name of fields) {
    const field = entity.fields[name];
    if (!isWritable(field)) continue;
    const value = writeField(bundle, field, data[name]);
    if (value === null || (Array.isArray(value) && value.length === 0 && isLinesField(field))) continue;
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
    if (isLinesField(field)) {
      const rows = patchLines(field.entity ? bundle.entities[field.entity] : undefined, field.via, initial[name], data[name]);
      if (rows) body[name] = rows;
      continue;
    }
    const before = writeField(bundle, field, initial[name]);
    const after = writeField(bundle, field, data[name]);
    if (JSON.stringify(before) !== JSON.stringify(after)) body[name] = after;
  }
  return body;
}
