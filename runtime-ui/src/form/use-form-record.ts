import { useQuery } from '@tanstack/react-query';
import type { UiBundle, UiForm } from '@loom/metadata';
import { get, type RecordData } from '../api/index.ts';
import { keys } from '../api/keys.ts';
import { absorbRefs, fetchLines, fetchRecord, lineRow, type Data } from '../record/record-load.ts';
import { formFields } from './form-model.ts';
import { isLinesField, isRecordLookup } from '../fields/field-traits.ts';

export interface FormRecord {
  readonly status: 'loading' | 'ready' | 'missing' | 'error';
  readonly data: Data;
  readonly version?: number;
  readonly titles: Map<string, string>;
  readonly error?: unknown;
  /** Bumped on every (re)load so the form starts over from the loaded data. */
  readonly generation: number;
}

/** Values for a new record from `?field=value` in the address (e.g. a related list's "New"). */
export function prefillFromQuery(search: string, fields: readonly string[]): Data {
  const params = new URLSearchParams(search);
  const out: Data = {};
  for (const name of fields) if (params.has(name)) out[name] = params.get(name);
  return out;
}

async function loadExisting(bundle: UiBundle, form: UiForm, entity: string, id: string, signal: AbortSignal) {
  const titles = new Map<string, string>();
  const record = await fetchRecord(bundle, entity, id, titles, signal);
  const uiEntity = bundle.entities[entity];
  const data: Data = {};
  for (const name of formFields(form)) {
    const field = uiEntity.fields[name];
    if (isLinesField(field)) {
      const child = field.entity ? bundle.entities[field.entity] : undefined;
      const rows = await fetchLines(bundle, field, entity, id, titles, signal);
      data[name] = child ? rows.map((r) => lineRow(child, field.via, r)) : rows;
    } else if (name in record) data[name] = record[name];
  }
  return { data, version: record.version, titles };
}

/** Titles of prefilled lookups, so the form shows names instead of ids. */
async function loadPrefillTitles(bundle: UiBundle, entity: string, data: Data, signal: AbortSignal) {
  const titles = new Map<string, string>();
  const uiEntity = bundle.entities[entity];
  for (const [name, value] of Object.entries(data)) {
    const field = uiEntity.fields[name];
    const target = isRecordLookup(field) && field.entity ? bundle.entities[field.entity] : undefined;
    if (!target || typeof value !== 'string') continue;
    const record = await get<RecordData>(
      `/api/data/${encodeURIComponent(target.name)}/${encodeURIComponent(value)}`,
      { fields: target.titleField },
      signal,
    ).catch(() => undefined);
    if (record) absorbRefs(bundle, uiEntity, { [name]: record }, titles);
  }
  return titles;
}

/**
 * Loads what the form edits: an existing record (with its lines) or a new record's prefill.
 * A form always reads afresh when it opens (its `If-Match` must be the current version) and
 * is never refreshed under the user's hands: writes elsewhere do not touch it (a stale save
 * is answered 409 and offered a reload).
 */
export function useFormRecord(
  bundle: UiBundle,
  form: UiForm | undefined,
  entity: string,
  id: string | undefined,
  prefill: Data,
): FormRecord & { reload(): void } {
  const prefillKey = JSON.stringify(prefill);
  const query = useQuery({
    queryKey: keys.form(entity, id, prefillKey),
    queryFn: ({ signal }) =>
      id
        ? loadExisting(bundle, form!, entity, id, signal)
        : loadPrefillTitles(bundle, entity, prefill, signal).then((titles) => ({ data: { ...prefill }, version: undefined as number | undefined, titles })),
    enabled: form !== undefined,
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
  });
  const reload = () => void query.refetch();
  // Each (re)load is a new generation: the form starts over from the loaded data.
  const generation = query.dataUpdatedAt;
  if (query.isFetching && query.data)
    return { status: 'loading', data: query.data.data, version: query.data.version, titles: query.data.titles, generation, reload };
  if (query.data) return { status: 'ready', ...query.data, generation, reload };
  const status = (query.error as { status?: number } | null)?.status;
  if (query.error)
    return { status: status === 404 || status === 403 ? 'missing' : 'error', data: {}, titles: new Map(), error: query.error, generation, reload };
  return { status: 'loading', data: {}, titles: new Map(), generation, reload };
}
