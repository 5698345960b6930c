import type { UiEntity } from '@loom/metadata';
import { useUiBundle } from '../app/bundle-context.ts';
import { linkHandler, routePath, type Route } from '../app/router.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { recordTitle } from '../record/format-value.ts';
import type { FormText } from './form-text.ts';
import { Icon } from '../ui/Icon.tsx';
import type { Data } from './record-payload.ts';

interface HeaderProps {
  readonly entity: UiEntity;
  readonly id?: string;
  readonly record: Data;
  readonly formId: string;
  readonly dirty: boolean;
  readonly saving: boolean;
  readonly embedded?: boolean;
  onCancel(): void;
  readonly t: FormText;
}

function Crumb({ to, children }: { to: Route; children: string }) {
  return (
    <a href={routePath(to)} onClick={linkHandler(to)}>
      {children}
    </a>
  );
}

/** The form's title, where it sits (list › record) and its Save / Cancel buttons, kept in view while scrolling. */
export function FormHeader({ entity, id, record, formId, dirty, saving, embedded, onCancel, t }: HeaderProps) {
  const bundle = useUiBundle();
  const { format } = useI18n();
  const name = id ? recordTitle(bundle, entity.name, record, { format, yes: t('yes'), no: t('no') }) : '';
  const heading = id ? name || t('edit', { entity: entity.label }) : t('new', { entity: entity.label });
  return (
    <header className={`lf-page-head${embedded ? ' is-embedded' : ''}`}>
      <div className="lf-page-title">
        {!embedded && (
          <nav className="lf-crumbs" aria-label="Breadcrumb">
            {entity.defaultView ? <Crumb to={{ name: 'list', view: entity.defaultView }}>{entity.pluralLabel}</Crumb> : <span>{entity.pluralLabel}</span>}
            {id && (
              <>
                <Icon name="chevron-right" size={13} />
                <Crumb to={{ name: 'record', entity: entity.name, id }}>{name || entity.label}</Crumb>
              </>
            )}
          </nav>
        )}
        <h1>
          {id && <span className="lf-eyebrow">{t('edit', { entity: entity.label })}</span>}
          {heading}
        </h1>
      </div>
      <div className="lf-page-actions">
        {dirty && (
          <span className="lf-dirty" role="status">
            <span className="lf-dirty-dot" aria-hidden="true" />
            {t('unsaved')}
          </span>
        )}
        <button type="button" className="btn" onClick={onCancel} disabled={saving}>
          {t('cancel')}
        </button>
        <button type="submit" form={formId} className="btn btn-primary" disabled={saving}>
          {saving ? t('saving') : t('save')}
        </button>
      </div>
    </header>
  );
}

/** A 409: someone saved the record after it was opened. */
export function StaleBanner({ t, onReload, onKeep, onOverwrite }: { t: FormText; onReload(): void; onKeep(): void; onOverwrite(): void }) {
  return (
    <div className="lf-banner is-warning" role="alert">
      <Icon name="triangle-alert" size={20} />
      <div className="lf-banner-body">
        <strong>{t('staleTitle')}</strong>
        <p>{t('staleText')}</p>
        <div className="lf-banner-actions">
          <button type="button" className="btn btn-primary btn-sm" onClick={onReload}>
            <Icon name="refresh" size={14} /> {t('reload')}
          </button>
          <button type="button" className="btn btn-sm" onClick={onOverwrite}>
            {t('overwrite')}
          </button>
          <button type="button" className="btn-link" onClick={onKeep}>
            {t('keepEditing')}
          </button>
        </div>
      </div>
    </div>
  );
}
