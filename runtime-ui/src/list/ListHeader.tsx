import type { UiEntity, UiView } from '@loom/metadata';
import type { SavedView } from '../api/index.ts';
import { linkHandler, routePath } from '../app/router.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Icon } from '../ui/Icon.tsx';
import { SavedViewsMenu } from './SavedViewsMenu.tsx';
import type { SavedViewBody } from './saved-views.ts';
import { useSavedViews } from './saved-views.ts';

interface Props {
  readonly view: UiView;
  readonly entity: UiEntity;
  readonly total?: number;
  readonly saved?: string;
  onApplySaved(saved: SavedView | null): void;
  savedBody(): Omit<SavedViewBody, 'name'>;
}

/** The list's title (the saved view's name when one is applied), its count, the views menu and "New". */
export function ListHeader({ view, entity, total, saved, onApplySaved, savedBody }: Props) {
  const { t, format } = useI18n();
  const { data: savedViews } = useSavedViews(entity.name);
  const current = (saved && savedViews?.find((v) => v.id === saved)) || null;
  const countText = total === undefined ? '' : total === 1 ? t('list.record') : t('list.records', { count: format.number(total) });
  const create = { name: 'new', entity: entity.name } as const;
  return (
    <header className="page-header">
      <div className="page-title">
        <h1>{current ? current.name : view.label}</h1>
        <span className="page-count" data-testid="list-count">
          {countText}
        </span>
      </div>
      <div className="page-actions">
        <SavedViewsMenu entity={entity.name} view={view} current={current} onApply={onApplySaved} body={savedBody} />
        {entity.permissions.create && (
          <a className="btn btn-primary" href={routePath(create)} onClick={linkHandler(create)}>
            <Icon name="plus" /> <span>{t('list.new', { entity: entity.label })}</span>
          </a>
        )}
      </div>
    </header>
  );
}
