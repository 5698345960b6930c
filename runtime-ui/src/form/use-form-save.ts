import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { UiBundle, UiForm } from '@loom/metadata';
import { api, ApiError, type RecordData } from '../api/index.ts';
import { invalidateAfterWrite } from '../api/invalidate.ts';
import { formFields } from './form-model.ts';
import { placeProblem, type PlacedError } from './problem-errors.ts';
import { fetchLineIds } from '../record/record-load.ts';
import { createBody, linesOnto, patchBody, type Data } from './record-payload.ts';
import { isLinesField } from '../fields/field-traits.ts';

export interface SaveState {
  readonly saving: boolean;
  readonly serverErrors: PlacedError[];
  /** The record changed on the server since it was loaded (409). */
  readonly stale: boolean;
  save(data: Data, options?: { overwrite?: boolean }): Promise<string | undefined>;
  setServerErrors(errors: PlacedError[]): void;
  dismissStale(): void;
}

const recordPath = (entity: string, id?: string) => `/api/data/${encodeURIComponent(entity)}${id ? `/${encodeURIComponent(id)}` : ''}`;

/** Answers that mean "someone else changed this record since it was loaded". */
const STALE_CODES = new Set(['LOOM_ERR_DATA_STALE_VERSION', 'LOOM_ERR_DATA_LINES_INCOMPLETE']);

/**
 * Saving: a create POSTs the filled fields; an edit PATCHes only what changed, with
 * `If-Match` of the loaded version. Problems come back placed on fields; a stale
 * version, or lines someone else added meanwhile, set `stale`. "Overwrite" re-reads the
 * current version and lines and sends the same changes. A save is a mutation: what it
 * changes is read again afterwards (api/invalidate.ts), so lists, open record pages and
 * their roll-ups show it without a reload.
 */
export function useFormSave(
  bundle: UiBundle,
  form: UiForm | undefined,
  entity: string,
  id: string | undefined,
  initial: Data,
  version: number | undefined,
): SaveState {
  const [serverErrors, setServerErrors] = useState<PlacedError[]>([]);
  const [stale, setStale] = useState(false);
  const client = useQueryClient();
  const uiEntity = bundle.entities[entity];
  const names = form ? formFields(form) : [];

  const write = async ({ data, overwrite }: { data: Data; overwrite: boolean }): Promise<string> => {
    if (!id) {
      const created = await api<RecordData>(recordPath(entity), { method: 'POST', body: createBody(bundle, uiEntity, names, data) });
      return created.id;
    }
    const body = patchBody(bundle, uiEntity, names, initial, data);
    if (!Object.keys(body).length) return id;
    let ifMatch = version;
    if (overwrite) {
      ifMatch = (await api<RecordData>(recordPath(entity, id), { query: { fields: 'id' } })).version;
      for (const [name, rows] of Object.entries(body)) {
        const field = uiEntity.fields[name];
        if (isLinesField(field)) body[name] = linesOnto(rows as Data[], await fetchLineIds(bundle, field, entity, id));
      }
    }
    await api<RecordData>(recordPath(entity, id), { method: 'PATCH', body, headers: ifMatch ? { 'if-match': String(ifMatch) } : undefined });
    return id;
  };
  const mutation = useMutation({ mutationFn: write, onSuccess: () => invalidateAfterWrite(client, entity) });

  const save = async (data: Data, options: { overwrite?: boolean } = {}) => {
    setServerErrors([]);
    try {
      const savedId = await mutation.mutateAsync({ data, overwrite: options.overwrite === true });
      setStale(false);
      return savedId;
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && STALE_CODES.has(error.code)) setStale(true);
      else if (error instanceof ApiError) setServerErrors(placeProblem({ ...error, errors: [...error.errors] }, new Set(names)));
      else setServerErrors([{ path: [], message: error instanceof Error ? error.message : String(error) }]);
      return undefined;
    }
  };
  return { saving: mutation.isPending, serverErrors, stale, save, setServerErrors, dismissStale: () => setStale(false) };
}
