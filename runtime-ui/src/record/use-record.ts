import { useQuery } from '@tanstack/react-query';
import type { UiBundle, UiForm } from '@loom/metadata';
import { keys } from '../api/keys.ts';
import { useUiBundle } from '../app/bundle-context.ts';
import { formFields } from '../form/form-model.ts';
import { fetchLines, fetchRecord, lineRow, type Data } from './record-load.ts';
import { isLinesField } from '../fields/field-traits.ts';

export interface LoadedRecord {
  readonly status: 'loading' | 'ready' | 'missing' | 'error';
  readonly record?: Data & { id: string; version: number };
  /** Child rows of the form's lines fields, by field name. */
  readonly lines: Record<string, Data[]>;
  readonly titles: Map<string, string>;
  readonly error?: unknown;
}

async function loadRecordPage(bundle: UiBundle, form: UiForm | undefined, entity: string, id: string, signal: AbortSignal) {
  const titles = new Map<string, string>();
  const record = (await fetchRecord(bundle, entity, id, titles, signal)) as NonNullable<LoadedRecord['record']>;
  const lines: Record<string, Data[]> = {};
  const uiEntity = bundle.entities[entity];
  for (const name of form ? formFields(form) : []) {
    const field = uiEntity.fields[name];
    const child = isLinesField(field) && field.entity ? bundle.entities[field.entity] : undefined;
    if (child) lines[name] = (await fetchLines(bundle, field, entity, id, titles, signal)).map((r) => lineRow(child, field.via, r));
  }
  return { record, lines, titles };
}

/**
 * One record for the record page: its fields (lookups expanded into titles, roll-ups as the
 * server computes them) and its lines. A write anywhere in the app marks it stale
 * (api/invalidate.ts), so an added related record shows in its roll-ups without a reload.
 */
export function useRecord(form: UiForm | undefined, entity: string, id: string): LoadedRecord {
  const bundle = useUiBundle();
  const query = useQuery({
    queryKey: keys.record(entity, id),
    queryFn: ({ signal }) => loadRecordPage(bundle, form, entity, id, signal),
  });
  if (query.data) return { status: 'ready', ...query.data };
  const status = (query.error as { status?: number } | null)?.status;
  if (query.error) return { status: status === 404 || status === 403 ? 'missing' : 'error', lines: {}, titles: new Map(), error: query.error };
  return { status: 'loading', lines: {}, titles: new Map() };
}
