import { get, post } from '../api/index.ts';

/** One notification of the signed-in user (GET /api/notifications). */
export interface Notification {
  readonly id: string;
  readonly title: string;
  readonly message: string;
  readonly source: string;
  readonly entity: string | null;
  readonly recordId: string | null;
  readonly createdAt: string;
  readonly readAt: string | null;
}

export interface NotificationPage {
  readonly data: readonly Notification[];
  /** Unread notifications in all, not only on this page. */
  readonly unread: number;
}

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
