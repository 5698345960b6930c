import { useContext } from 'react';
import { useQuery } from '@tanstack/react-query';
import { get } from '../api/index.ts';
import { keys } from '../api/keys.ts';
import { BundleContext } from '../app/bundle-context.ts';
import { LOCALES, useI18n } from '../i18n/i18n.tsx';
import { Icon } from '../ui/Icon.tsx';
import { Popover } from '../ui/Popover.tsx';
import { Avatar } from '../fields/Avatar.tsx';

interface NotificationItem {
  readonly id: string;
  readonly title?: string;
  readonly message?: string;
  readonly body?: string;
  readonly createdAt?: string;
  readonly at?: string;
  readonly read?: boolean;
  readonly readAt?: string | null;
}

async function fetchNotifications(signal: AbortSignal): Promise<NotificationItem[]> {
  const answer = await get<NotificationItem[] | { data: NotificationItem[] }>('/api/notifications', { limit: 20 }, signal);
  return Array.isArray(answer) ? answer : Array.isArray(answer?.data) ? answer.data : [];
}

/** The bell appears only when the server has notifications (GET /api/notifications answers 200). */
function NotificationsBell() {
  const { t, format } = useI18n();
  // A server without notifications answers 404: no bell, and no asking again.
  const { data: items } = useQuery({ queryKey: keys.notifications(), queryFn: ({ signal }) => fetchNotifications(signal), retry: false });
  if (!items) return null;
  const unread = items.filter((n) => !n.read && !n.readAt).length;
  return (
    <Popover
      label={t('shell.notifications')}
      align="right"
      className="bell"
      button={
        <>
          <Icon name="bell" size={18} />
          {unread > 0 && <span className="badge">{unread > 99 ? '99+' : unread}</span>}
        </>
      }
    >
      <div className="menu-list notifications">
        <div className="menu-heading">{t('shell.notifications')}</div>
        {items.length === 0 && <div className="muted menu-note">{t('shell.noNotifications')}</div>}
        {items.map((n) => (
          <div key={n.id} className={`notification ${n.read || n.readAt ? '' : 'unread'}`}>
            <div className="truncate">{n.title ?? n.message ?? n.body}</div>
            {(n.createdAt ?? n.at) && <div className="muted small">{format.relative(String(n.createdAt ?? n.at))}</div>}
          </div>
        ))}
      </div>
    </Popover>
  );
}

export function TopBar({ title, onMenu, onSignOut }: { title: string; onMenu(): void; onSignOut(): void }) {
  const { t, locale, setLocale } = useI18n();
  // The top bar shows before the bundle has come (signing in, loading): then without the user.
  const user = useContext(BundleContext)?.user;
  return (
    <header className="topbar">
      <button type="button" className="icon-btn menu-toggle" aria-label={t('shell.menu')} onClick={onMenu}>
        <Icon name="menu" size={20} />
      </button>
      <div className="topbar-title truncate">{title}</div>
      <div className="topbar-actions">
        <div className="locale-switch" role="group" aria-label={t('shell.language')}>
          {LOCALES.map((l) => (
            <button
              key={l.code}
              type="button"
              className={l.code === locale ? 'active' : ''}
              aria-pressed={l.code === locale}
              onClick={() => setLocale(l.code)}
              lang={l.code}
            >
              {l.code === 'en' ? 'EN' : '中文'}
            </button>
          ))}
        </div>
        <NotificationsBell />
        {user && (
          <Popover
            label={user.name}
            align="right"
            className="user-menu"
            button={
              <>
                <Avatar name={user.name || user.email} size="md" />
                <span className="user-name truncate">{user.name}</span>
                <Icon name="chevron-down" size={14} />
              </>
            }
          >
            <div className="menu-list">
              <div className="user-card">
                <Avatar name={user.name || user.email} size="lg" />
                <div>
                  <div className="strong">{user.name}</div>
                  <div className="muted small">{user.email}</div>
                  {user.admin && <div className="tag">{t('shell.admin')}</div>}
                </div>
              </div>
              <div className="menu-sep" />
              <div className="menu-heading">{t('shell.language')}</div>
              {LOCALES.map((l) => (
                <button key={l.code} type="button" className={`menu-item ${l.code === locale ? 'active' : ''}`} onClick={() => setLocale(l.code)}>
                  <Icon name={l.code === locale ? 'check' : 'dot'} /> {l.label}
                </button>
              ))}
              <div className="menu-sep" />
              <button type="button" className="menu-item" onClick={onSignOut}>
                <Icon name="log-out" /> {t('shell.signOut')}
              </button>
            </div>
          </Popover>
        )}
      </div>
    </header>
  );
}
