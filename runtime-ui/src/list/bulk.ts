import { post } from '../api/index.ts';

const CHUNK = 1000;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** Deletes records through the bulk route, 1000 per transaction. */
export async function bulkDelete(entity: string, ids: readonly string[]): Promise<number> {
  for (const part of chunks(ids)) {
    await post(`/api/data/${encodeURIComponent(entity)}/bulk`, { operations: part.map((id) => ({ op: 'delete', id })) });
  }
  return ids.length;
}

/** Sets one field on many records through the bulk route. */
export async function bulkUpdate(entity: string, ids: readonly string[], field: string, value: unknown): Promise<number> {
  for (const part of chunks(ids)) {
    await post(`/api/data/${encodeURIComponent(entity)}/bulk`, { operations: part.map((id) => ({ op: 'update', id, data: { [field]: value } })) });
  }
  return ids.length;
}

/** Gives records a new owner (all or nothing per 1000). */
export async function bulkTransfer(entity: string, ids: readonly string[], owner: string): Promise<number> {
  for (const part of chunks(ids)) {
    await post(`/api/data/${encodeURIComponent(entity)}/transfer`, { ids: part, owner });
  }
  return ids.length;
}
