import { ApiError, api, get, post, type SavedView } from '../api/index.ts';

/**
 * Personal saved views (`/api/me/views`). A server without the route (404) or any other
 * failure to list them means "not available": the list still works, without the menu.
 */
export async function listSavedViews(entity: string): Promise<SavedView[] | null> {
  try {
    const answer = await get<SavedView[] | { data: SavedView[] }>('/api/me/views', { entity });
    const views = Array.isArray(answer) ? answer : answer?.data ?? [];
    return views.filter((v) => v.entity === entity);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) throw error;
    return null;
  }
}

export type SavedViewBody = Omit<SavedView, 'id'>;

export const createSavedView = (body: SavedViewBody) => post<SavedView>('/api/me/views', body);
export const updateSavedView = (id: string, body: Partial<SavedViewBody>) => api<SavedView>(`/api/me/views/${encodeURIComponent(id)}`, { method: 'PATCH', body });
export const deleteSavedView = (id: string) => api<void>(`/api/me/views/${encodeURIComponent(id)}`, { method: 'DELETE' });
