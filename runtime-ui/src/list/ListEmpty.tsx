import { useI18n } from '../i18n/i18n.tsx';
import { Icon } from '../ui/Icon.tsx';

/** Shown in the list's scroller when nothing matches. */
export function ListEmpty() {
  const { t } = useI18n();
  return (
    <div className="empty-state">
      <Icon name="inbox" size={36} />
      <p className="empty-title">{t('list.empty')}</p>
      <p className="muted">{t('list.emptyHint')}</p>
    </div>
  );
}
