import { useCallback, useEffect, useState } from 'react';
import type { UiBundle, UiForm } from '@loom/metadata';
import { formFields } from '../form/form-model.ts';
import { fetchLines, fetchRecord, lineRow, type Data } from './record-load.ts';

export interface LoadedRecord {
  readonly status: 'loading' | 'ready' | 'missing' | 'error';
  readonly record?: Data & { id: string; version: number };
  /** Child rows of the form's lines fields, by field name. */
  readonly lines: Record<string, Data[]>;
  readonly titles: Map<string, string>;
  readonly error?: unknown;
}

/** One record for the record page: its fields (lookups expanded into titles) and its lines. */
export function useRecord(bundle: UiBundle, form: UiForm | undefined, entity: string, id: string): LoadedRecord & { reload(): void } {
  const [state, setState] = useState<LoadedRecord>({ status: 'loading', lines: {}, titles: new Map() });
  const [counter, setCounter] = useState(0);
  useEffect(() => {
    const abort = new AbortController();
    const titles = new Map<string, string>();
    (async () => {
      const record = (await fetchRecord(bundle, entity, id, titles, abort.signal)) as LoadedRecord['record'];
      const lines: Record<string, Data[]> = {};
      const uiEntity = bundle.entities[entity];
      for (const name of form ? formFields(form) : []) {
        const field = uiEntity.fields[name];
        const child = field?.type === 'lines' && field.entity ? bundle.entities[field.entity] : undefined;
        if (child) lines[name] = (await fetchLines(bundle, field, entity, id, titles, abort.signal)).map((r) => lineRow(child, field.via, r));
      }
      return { record, lines, titles };
    })()
      .then((loaded) => setState({ status: 'ready', ...loaded }))
      .catch((error) => {
        if (abort.signal.aborted) return;
        const status = (error as { status?: number }).status;
        setState((s) => ({ ...s, status: status === 404 || status === 403 ? 'missing' : 'error', error }));
      });
    return () => abort.abort();
  }, [bundle, form, entity, id, counter]);
  const reload = useCallback(() => setCounter((c) => c + 1), []);
  return { ...state, reload };
}
