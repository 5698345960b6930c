import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { keys } from '../api/keys.ts';
import { useAfterFirstScreen } from '../app/first-screen.ts';
import { navigate } from '../app/router.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Icon } from '../ui/Icon.tsx';
import { Popover } from '../ui/Popover.tsx';
import { allRead, fetchNotifications, markAllRead, markRead, markUnread, withRead, type Notification, type NotificationPage } from './notifications-api.ts';
import './notifications.css';

/** The bell asks again this often (and when the window regains focus), so a reminder shows without a reload. */
const POLL_MS = 60_000;

/**
 * The bell in the top bar: the unread count on it, the newest notifications under it. Opening
 * one marks it read and goes to its record; "mark all as read" empties the count. A server
 * without notifications (404) shows no bell. Asked for once the page's first screen is in:
 * the page does not need it.
 */
export function NotificationsBell({ entities }: { entities?: Readonly<Record<string, unknown>> }) {
  const { t, format } = useI18n();
  const client = useQueryClient();
  const { data: page } = useQuery({
    queryKey: keys.notifications(),
    queryFn: ({ signal }) => fetchNotifications(signal),
    enabled: useAfterFirstScreen(),
    retry: false,
    refetchInterval: POLL_MS,
    refetchIntervalInBackground: false,
  });
  // The change shows at once; the next answer from the server settles it.
  const setPage = (change: (page: NotificationPage) => NotificationPage) =>
    client.setQueryData<NotificationPage>(keys.notifications(), (old) => (old ? change(old) : old));
  const settle = () => client.invalidateQueries({ queryKey: keys.notifications() });
  const toggle = useMutation({
    mutationFn: ({ id, read }: { id: string; read: boolean }) => (read ? markRead(id) : markUnread(id)),
    onMutate: ({ id, read }) => setPage((p) => withRead(p, id, read ? new Date().toISOString() : null)),
    onSettled: settle,
  });
  const all = useMutation({ mutationFn: markAllRead, onMutate: () => setPage((p) => allRead(p, new Date().toISOString())), onSettled: settle });
  if (!page || !Array.isArray(page.data)) return null;
  const unread = page.unread;

  const open = (n: Notification, close: () => void) => {
    if (!n.readAt) toggle.mutate({ id: n.id, read: true });
    close();
    if (n.entity && n.recordId && (!entities || entities[n.entity])) navigate({ name: 'record', entity: n.entity, id: n.recordId });
  };

  return (
    <Popover
      label={unread > 0 ? `${t('shell.notifications')} (${t('notifications.unread', { count: format.number(unread) })})` : t('shell.notifications')}
      align="right"
      className="bell"
      button={
        <>
          <Icon name="bell" size={18} />
          {unread > 0 && (
            <span className="badge" data-testid="bell-count">
              {unread > 99 ? '99+' : unread}
            </span>
          )}
        </>
      }
    >
      {(close) => (
        <div className="menu-list notifications">
          <div className="notifications-head">
            <span className="menu-heading">{t('shell.notifications')}</span>
            {unread > 0 && (
              <button type="button" className="btn btn-link btn-sm" onClick={() => all.mutate()}>
                {t('notifications.markAllRead')}
              </button>
            )}
          </div>
          {page.data.length === 0 && <div className="muted menu-note">{t('shell.noNotifications')}</div>}
          <ul className="notifications-items">
            {page.data.map((n) => (
              <li key={n.id} className={`notification ${n.readAt ? '' : 'unread'}`}>
                <button type="button" className="notification-open" onClick={() => open(n, close)}>
                  <span className="notification-title">{n.title}</span>
                  {n.message && n.message !== n.title && <span className="notification-message">{n.message}</span>}
                  <span className="muted small">{format.relative(n.createdAt)}</span>
                </button>
                <button
                  type="button"
                  className="icon-btn notification-toggle"
                  aria-label={n.readAt ? t('notifications.markUnread') : t('notifications.markRead')}
                  title={n.readAt ? t('notifications.markUnread') : t('notifications.markRead')}
                  onClick={() => toggle.mutate({ id: n.id, read: !n.readAt })}
                >
                  <Icon name={n.readAt ? 'bell' : 'check'} size={14} />
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </Popover>
  );
}
