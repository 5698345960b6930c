import type { UiColumn } from '@loom/metadata';
import { useI18n } from '../i18n/i18n.tsx';
import { Icon } from '../ui/Icon.tsx';
import { Popover } from '../ui/Popover.tsx';

/** Which columns the list shows: a newly ticked one goes last; the last one left cannot be unticked. */
export function ColumnChooser({ all, shown, onChange }: { all: readonly UiColumn[]; shown: readonly string[]; onChange(shown: string[]): void }) {
  const { t } = useI18n();
  const toggle = (path: string) => onChange(shown.includes(path) ? shown.filter((p) => p !== path) : [...shown, path]);
  return (
    <Popover
      label={t('list.columns')}
      align="right"
      button={
        <>
          <Icon name="columns" /> <span>{t('list.columns')}</span>
        </>
      }
    >
      <div className="menu-list column-chooser">
        <div className="menu-heading">{t('list.columns')}</div>
        {all.map((column) => (
          <label key={column.path} className="check-row">
            <input
              type="checkbox"
              checked={shown.includes(column.path)}
              disabled={shown.length === 1 && shown[0] === column.path}
              onChange={() => toggle(column.path)}
            />
            <span>{column.label}</span>
          </label>
        ))}
      </div>
    </Popover>
  );
}
