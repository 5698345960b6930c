import { useContext } from 'react';
import { BundleContext } from '../app/bundle-context.ts';
import { LOCALES, useI18n } from '../i18n/i18n.tsx';
import { Icon } from '../ui/Icon.tsx';
import { Popover } from '../ui/Popover.tsx';
import { Avatar } from '../fields/Avatar.tsx';
import { NotificationsBell } from '../notifications/NotificationsBell.tsx';

export function TopBar({ title, onMenu, onSignOut }: { title: string; onMenu(): void; onSignOut(): void }) {
  const { t, locale, setLocale } = useI18n();
  // The top bar shows before the bundle has come (signing in, loading): then without the user.
  const bundle = useContext(BundleContext);
  const user = bundle?.user;
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
        <NotificationsBell entities={bundle?.entities} />
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
