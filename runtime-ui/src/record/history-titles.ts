import type { UiBundle, UiEntity } from '@loom/metadata';
import { get, type ListAnswer } from '../api/index.ts';
import { isRecordLookup } from '../fields/field-traits.ts';

interface Entry {
  readonly changes: Record<string, [unknown, unknown]>;
}

/** Lookup ids in history changes whose titles are not known yet, grouped by target entity. */
export function unknownRefs(bundle: UiBundle, entity: UiEntity, entries: readonly Entry[], known: ReadonlyMap<string, string>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const e of entries) {
    for (const [name, values] of Object.entries(e.changes ?? {})) {
      const field = entity.fields[name];
      if (!isRecordLookup(field) || !field.entity || !bundle.entities[field.entity]) continue;
      for (const v of values) if (typeof v === 'string' && !known.has(v)) (out.get(field.entity) ?? out.set(field.entity, new Set()).get(field.entity)!).add(v);
    }
  }
  return out;
}

/** Fetches the titles of those records (one list request per entity, at most 100 ids each). */
export async function fetchTitles(bundle: UiBundle, refs: Map<string, Set<string>>): Promise<Map<string, string>> {
  const titles = new Map<string, string>();
  for (const [name, ids] of refs) {
    const target = bundle.entities[name];
    const list = [...ids].slice(0, 100);
    const answer = await get<ListAnswer>(`/api/data/${encodeURIComponent(name)}`, {
      'id[in]': list.join(','),
      fields: `id,${target.titleField}`,
      limit: list.length,
    }).catch(() => undefined);
    for (const row of answer?.data ?? [])
      if (row[target.titleField] !== null && row[target.titleField] !== undefined) titles.set(row.id, String(row[target.titleField]));
  }
  return titles;
}
