import { useState } from 'react';
import type { UiView } from '@loom/metadata';
import { ApiError, type SavedView } from '../api/index.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Icon } from '../ui/Icon.tsx';
import { Popover } from '../ui/Popover.tsx';
import { useSavedViews, useSavedViewWrite, type SavedViewBody } from './saved-views.ts';

/** The "Views" menu: the standard view, the user's saved views, save / update / delete. */
export function SavedViewsMenu({
  entity,
  view,
  current,
  onApply,
  body,
}: {
  entity: string;
  view: UiView;
  current: SavedView | null;
  onApply(view: SavedView | null): void;
  body(): Omit<SavedViewBody, 'name'>;
}) {
  const { t } = useI18n();
  const { data: views } = useSavedViews(entity);
  const write = useSavedViewWrite(entity);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);

  const act = async (action: () => Promise<void>) => {
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e instanceof ApiError ? e.messages.join(' ') : (e as Error).message);
    }
  };

  return (
    <Popover
      label={t('list.views')}
      align="right"
      button={
        <>
          <Icon name="bookmark" /> <span>{t('list.views')}</span> <Icon name="chevron-down" size={14} />
        </>
      }
    >
      {(close) => (
        <div className="menu-list views-menu">
          <button type="button" className={`menu-item ${current === null ? 'active' : ''}`} onClick={() => (onApply(null), close())}>
            {view.label} <span className="muted">· {t('list.standardView')}</span>
          </button>
          <div className="menu-heading">{t('list.myViews')}</div>
          {views === null && <div className="muted menu-note">{t('list.viewsUnavailable')}</div>}
          {views && views.length === 0 && <div className="muted menu-note">{t('list.noSavedViews')}</div>}
          {views?.map((v) => (
            <div key={v.id} className="menu-item-row">
              <button type="button" className={`menu-item ${current?.id === v.id ? 'active' : ''}`} onClick={() => (onApply(v), close())}>
                {v.name}
              </button>
              <button
                type="button"
                className="icon-btn"
                aria-label={`${t('list.deleteView')} ${v.name}`}
                title={t('list.deleteView')}
                onClick={() =>
                  act(async () => {
                    await write.mutateAsync({ kind: 'delete', id: v.id });
                    if (current?.id === v.id) onApply(null);
                  })
                }
              >
                <Icon name="trash" size={14} />
              </button>
            </div>
          ))}
          {views && (
            <>
              {current && (
                <button
                  type="button"
                  className="menu-item"
                  onClick={() =>
                    act(async () => {
                      const saved = await write.mutateAsync({ kind: 'update', id: current.id, body: { ...body(), name: current.name } });
                      if (saved) onApply(saved);
                      close();
                    })
                  }
                >
                  {t('list.updateView', { name: current.name })}
                </button>
              )}
              <form
                className="save-view"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (!name.trim()) return;
                  void act(async () => {
                    const saved = await write.mutateAsync({ kind: 'create', body: { ...body(), name: name.trim() } });
                    setName('');
                    if (saved) onApply(saved);
                    close();
                  });
                }}
              >
                <input
                  className="input"
                  placeholder={t('list.viewName')}
                  aria-label={t('list.viewName')}
                  value={name}
                  onChange={(e) => setName(e.target.value)}
                />
                <button type="submit" className="btn btn-primary btn-sm" disabled={!name.trim()}>
                  {t('list.save')}
                </button>
              </form>
            </>
          )}
          {error && <div className="form-error">{error}</div>}
        </div>
      )}
    </Popover>
  );
}
