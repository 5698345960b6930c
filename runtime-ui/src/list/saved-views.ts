import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, get, post, type SavedView } from '../api/index.ts';
import { keys } from '../api/keys.ts';

/**
 * Personal saved views (`/api/me/views`). A server without the route (404) or any other
 * failure to list them means "not available" (null): the list still works, without the menu.
 */
async function listSavedViews(entity: string, signal: AbortSignal): Promise<SavedView[] | null> {
  try {
    const answer = await get<SavedView[] | { data: SavedView[] }>('/api/me/views', { entity }, signal);
    const views = Array.isArray(answer) ? answer : (answer?.data ?? []);
    return views.filter((v) => v.entity === entity);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) throw error;
    if ((error as Error).name === 'AbortError') throw error;
    return null;
  }
}

export type SavedViewBody = Pick<SavedView, 'entity' | 'name' | 'columns' | 'filter' | 'sort'>;

export function useSavedViews(entity: string) {
  return useQuery({ queryKey: keys.savedViews(entity), queryFn: ({ signal }) => listSavedViews(entity, signal) });
}

type SavedViewWrite = { kind: 'create'; body: SavedViewBody } | { kind: 'update'; id: string; body: Partial<SavedViewBody> } | { kind: 'delete'; id: string };

function writeSavedView(write: SavedViewWrite): Promise<SavedView | undefined> {
  const path = (id: string) => `/api/me/views/${encodeURIComponent(id)}`;
  switch (write.kind) {
    case 'create':
      return post<SavedView>('/api/me/views', write.body);
    case 'update':
      return api<SavedView>(path(write.id), { method: 'PATCH', body: write.body });
    case 'delete':
      return api<undefined>(path(write.id), { method: 'DELETE' });
  }
}

/** Saving, updating and deleting a saved view; the entity's saved views are read again after each. */
export function useSavedViewWrite(entity: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: writeSavedView,
    onSuccess: () => client.invalidateQueries({ queryKey: keys.savedViews(entity) }),
  });
}
