import type { UiEntity, UiForm } from '@loom/metadata';
import { useUiBundle } from '../app/bundle-context.ts';
import { useApprovalLocked } from '../approvals/approvals-api.ts';
import { linkHandler, routePath } from '../app/router.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { FormText } from '../form/form-text.ts';
import { Icon } from '../ui/Icon.tsx';
import { Avatar, FieldValue } from './FieldValue.tsx';
import { formatValue, recordTitle, type Titles } from './format-value.ts';
import { keyFields, statusField } from './key-fields.ts';
import type { Data } from './record-load.ts';

interface Props {
  readonly entity: UiEntity;
  readonly form: UiForm | undefined;
  readonly record: Data;
  readonly titles: Titles;
  readonly deleting: boolean;
  onDelete(): void;
  readonly t: FormText;
}

/** The record's name, status, key facts and owner, with Edit and Delete as the user's permissions allow. */
export function RecordHeader({ entity, form, record, titles, deleting, onDelete, t }: Props) {
  const { format } = useI18n();
  const bundle = useUiBundle();
  const fmt = { format, bundle, titles, yes: t('yes'), no: t('no') };
  const title = recordTitle(bundle, entity.name, record, fmt) || entity.label;
  const status = statusField(entity, form);
  const facts = keyFields(entity, form);
  const ownerField = entity.owned ? entity.fields.owner : undefined;
  const owner = ownerField && record.owner ? formatValue(ownerField, record.owner, fmt) : '';
  const edit = { name: 'edit', entity: entity.name, id: String(record.id) } as const;
  // A record waiting for a locking approval is changed by its approvers only (the server says 409 to anyone else).
  const locked = useApprovalLocked(entity.name, String(record.id));
  return (
    <header className="lr-header">
      <div className="lr-header-top">
        <div className="lr-header-title">
          <nav className="lf-crumbs" aria-label="Breadcrumb">
            {entity.defaultView ? (
              <a href={routePath({ name: 'list', view: entity.defaultView })} onClick={linkHandler({ name: 'list', view: entity.defaultView })}>
                {entity.pluralLabel}
              </a>
            ) : (
              <span>{entity.pluralLabel}</span>
            )}
          </nav>
          <h1>
            <span className="lr-title-text">{title}</span>
            {status && record[status.name] !== undefined && record[status.name] !== null && <FieldValue field={status} value={record[status.name]} />}
          </h1>
        </div>
        <div className="lr-header-actions">
          {entity.permissions.update && !locked && (
            <a className="btn btn-primary" href={routePath(edit)} onClick={linkHandler(edit)}>
              <Icon name="edit" size={15} /> {t('edit_')}
            </a>
          )}
          {entity.permissions.delete && !locked && (
            <button type="button" className="btn btn-danger" onClick={onDelete} disabled={deleting}>
              <Icon name="trash" size={15} /> {t('delete')}
            </button>
          )}
        </div>
      </div>
      <dl className="lr-facts">
        {facts.map((f) => (
          <div key={f.name} className="lr-fact">
            <dt>{f.label}</dt>
            <dd>
              <FieldValue field={f} value={record[f.name]} titles={titles} />
            </dd>
          </div>
        ))}
        {ownerField && (
          <div className="lr-fact is-owner">
            <dt>{ownerField.label || t('owner')}</dt>
            <dd>
              {owner ? (
                <span className="lf-user">
                  <Avatar name={owner} size="sm" />
                  {owner}
                </span>
              ) : (
                <span className="lf-empty">{t('empty')}</span>
              )}
            </dd>
          </div>
        )}
      </dl>
    </header>
  );
}
