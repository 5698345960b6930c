import type { UiBundle, UiEntity, UiField } from '@loom/metadata';
import { get, type ListAnswer, type RecordData } from '../api/index.ts';
import { isReferenceField, isUserField } from '../fields/field-traits.ts';

export type Data = Record<string, unknown>;

const isRef = (f: UiField | undefined): f is UiField => !!f && isReferenceField(f);

/** The lookup and user fields among `names` (all of the entity's when not given), to `expand` them. */
export function expandable(entity: UiEntity, names?: readonly string[]): string[] {
  return (names ?? entity.fieldOrder).filter((n) => isRef(entity.fields[n]));
}

/** The title of an expanded lookup or user value, when it carries one. */
function expandedTitle(bundle: UiBundle, field: UiField, value: Data): string | undefined {
  if (isUserField(field)) return (value.name as string) || (value.email as string) || undefined;
  const target = field.entity ? bundle.entities[field.entity] : undefined;
  const title = target ? value[target.titleField] : undefined;
  return title === undefined || title === null || title === '' ? undefined : String(title);
}

/** The record with expanded lookups turned back into ids; their titles go into `titles`. */
export function absorbRefs(bundle: UiBundle, entity: UiEntity, record: Data, titles: Map<string, string>): Data {
  const out: Data = {};
  for (const [name, value] of Object.entries(record)) {
    const field = entity.fields[name];
    if (isRef(field) && value && typeof value === 'object' && typeof (value as Data).id === 'string') {
      const title = expandedTitle(bundle, field, value as Data);
      if (title) titles.set((value as Data).id as string, title);
      out[name] = (value as Data).id;
    } else out[name] = value;
  }
  return out;
}

const path = (entity: string, id: string) => `/api/data/${encodeURIComponent(entity)}/${encodeURIComponent(id)}`;

/** One record with its lookups and users expanded (titles collected, values as ids). */
export async function fetchRecord(bundle: UiBundle, entityName: string, id: string, titles: Map<string, string>, signal?: AbortSignal): Promise<RecordData> {
  const entity = bundle.entities[entityName];
  const expand = expandable(entity).join(',');
  const record = await get<RecordData>(path(entityName, id), expand ? { expand } : undefined, signal);
  return absorbRefs(bundle, entity, record, titles) as RecordData;
}

/** The largest page the list routes answer. */
const PAGE = 500;

/**
 * Every page of a related list, following `next`. A form must hold all of a record's lines:
 * saving names each one (kept, changed or deleted), and the server refuses a save that
 * leaves one out, so a first page alone could never be saved.
 */
async function allPages(url: string, query: Record<string, string | number>, signal?: AbortSignal): Promise<Data[]> {
  const rows: Data[] = [];
  let cursor: string | null = null;
  do {
    const answer: ListAnswer = await get<ListAnswer>(url, cursor ? { ...query, cursor } : query, signal);
    rows.push(...answer.data);
    cursor = answer.next;
  } while (cursor);
  return rows;
}

const linesUrl = (field: UiField, child: UiEntity, parent: string, parentId: string) =>
  `${path(parent, parentId)}/related/${encodeURIComponent(`${child.name}.${field.via}`)}`;

/** All child rows of a `lines` field, oldest first, lookups as ids. */
export async function fetchLines(
  bundle: UiBundle,
  field: UiField,
  parent: string,
  parentId: string,
  titles: Map<string, string>,
  signal?: AbortSignal,
): Promise<Data[]> {
  const child = field.entity ? bundle.entities[field.entity] : undefined;
  if (!child || !field.via) return [];
  const expand = expandable(child)
    .filter((n) => n !== field.via)
    .join(',');
  const query: Record<string, string | number> = { limit: PAGE };
  if (expand) query.expand = expand;
  if (child.fields.createdAt?.sortable) query.sort = 'createdAt';
  const rows = await allPages(linesUrl(field, child, parent, parentId), query, signal);
  return rows.map((row) => absorbRefs(bundle, child, row, titles));
}

/** The ids of the child rows a `lines` field holds now. */
export async function fetchLineIds(bundle: UiBundle, field: UiField, parent: string, parentId: string, signal?: AbortSignal): Promise<string[]> {
  const child = field.entity ? bundle.entities[field.entity] : undefined;
  if (!child || !field.via) return [];
  const rows = await allPages(linesUrl(field, child, parent, parentId), { limit: PAGE, fields: 'id' }, signal);
  return rows.map((row) => row.id as string);
}

/** Only the child's own fields and id: what the lines table edits. */
export function lineRow(child: UiEntity, via: string | undefined, row: Data): Data {
  const out: Data = { id: row.id };
  for (const [name, value] of Object.entries(row)) {
    const f = child.fields[name];
    if (f && !f.system && name !== via) out[name] = value;
  }
  return out;
}
