import { get, post } from '../api/index.ts';
import type { paths } from '../api/openapi.d.ts';

/** A page of the signed-in user's notifications and their unread count (GET /api/notifications), as the API documents it. */
export type NotificationPage = paths['/api/notifications']['get']['responses'][200]['content']['application/json'];
/** One notification of the signed-in user. */
export type Notification = NotificationPage['data'][number];

/** How many the bell lists: the newest; the rest wait for an inbox page. */
export const BELL_LIMIT = 20;

export function fetchNotifications(signal?: AbortSignal): Promise<NotificationPage> {
  return get<NotificationPage>('/api/notifications', { limit: BELL_LIMIT }, signal);
}

export function markRead(id: string): Promise<unknown> {
  return post(`/api/notifications/${encodeURIComponent(id)}/read`);
}

export function markUnread(id: string): Promise<unknown> {
  return post(`/api/notifications/${encodeURIComponent(id)}/unread`);
}

export function markAllRead(): Promise<unknown> {
  return post('/api/notifications/read-all');
}

/** The page with one notification marked read (or unread) and the count moved, as the server will answer it. */
export function withRead(page: NotificationPage, id: string, readAt: string | null): NotificationPage {
  let moved = 0;
  const data = page.data.map((n) => {
    if (n.id !== id || (n.readAt === null) === (readAt === null)) return n;
    moved = readAt === null ? 1 : -1;
    return { ...n, readAt };
  });
  return { data, unread: Math.max(0, page.unread + moved) };
}

/** The page with every notification read. */
export function allRead(page: NotificationPage, at: string): NotificationPage {
  return { data: page.data.map((n) => (n.readAt ? n : { ...n, readAt: at })), unread: 0 };
}
