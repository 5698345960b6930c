import { useCallback, useEffect, useState } from 'react';
import type { UiBundle, UiForm } from '@loom/metadata';
import { get, type RecordData } from '../api/index.ts';
import { absorbRefs, fetchLines, fetchRecord, lineRow, type Data } from '../record/record-load.ts';
import { formFields } from './form-model.ts';

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
    if (field?.type === 'lines') {
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
    const target = field?.type === 'lookup' && field.entity ? bundle.entities[field.entity] : undefined;
    if (!target || typeof value !== 'string') continue;
    const record = await get<RecordData>(`/api/data/${encodeURIComponent(target.name)}/${encodeURIComponent(value)}`, { fields: target.titleField }, signal).catch(() => undefined);
    if (record) absorbRefs(bundle, uiEntity, { [name]: record }, titles);
  }
  return titles;
}

/** Loads what the form edits: an existing record (with its lines) or a new record's prefill. */
export function useFormRecord(bundle: UiBundle, form: UiForm | undefined, entity: string, id: string | undefined, prefill: Data): FormRecord & { reload(): void } {
  const [state, setState] = useState<FormRecord>({ status: 'loading', data: {}, titles: new Map(), generation: 0 });
  const [counter, setCounter] = useState(0);
  const prefillKey = JSON.stringify(prefill);
  useEffect(() => {
    if (!form) return;
    const abort = new AbortController();
    setState((s) => ({ ...s, status: 'loading' }));
    const job = id ? loadExisting(bundle, form, entity, id, abort.signal) : loadPrefillTitles(bundle, entity, prefill, abort.signal).then((titles) => ({ data: { ...prefill }, version: undefined, titles }));
    job
      .then((loaded) => setState((s) => ({ status: 'ready', ...loaded, generation: s.generation + 1 })))
      .catch((error) => {
        if (abort.signal.aborted) return;
        const status = (error as { status?: number }).status;
        setState((s) => ({ ...s, status: status === 404 || status === 403 ? 'missing' : 'error', error }));
      });
    return () => abort.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [bundle, form, entity, id, prefillKey, counter]);
  const reload = useCallback(() => setCounter((c) => c + 1), []);
  return { ...state, reload };
}
