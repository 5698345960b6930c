import type { ReactNode } from 'react';
import type { UiAction } from '@loom/metadata';
import { useI18n } from '../i18n/i18n.tsx';
import { Icon } from '../ui/Icon.tsx';
import { Popover } from '../ui/Popover.tsx';
import './actions.css';

/**
 * One record action's button: it asks first (a small panel under the button, Confirm or
 * Cancel), since an action may change records the user could not otherwise edit.
 */
export function ActionButton({
  action,
  question,
  busy,
  onRun,
  primary,
}: {
  action: UiAction;
  question: string;
  busy: boolean;
  onRun(): void;
  primary?: boolean;
}) {
  const { t } = useI18n();
  const icon = action.type === 'convert' ? 'external-link' : 'bolt';
  return (
    <Popover
      label={action.label}
      className={`action-button${primary ? ' is-primary' : ''}`}
      button={
        <>
          <Icon name={icon} /> <span>{action.label}</span>
        </>
      }
    >
      {(close) => (
        <div className="action-confirm" role="alertdialog" aria-label={action.label}>
          <p>{question}</p>
          <div className="action-confirm-buttons">
            <button type="button" className="btn btn-ghost btn-sm" onClick={close}>
              {t('actions.cancel')}
            </button>
            <button
              type="button"
              className="btn btn-primary btn-sm"
              disabled={busy}
              onClick={() => {
                close();
                onRun();
              }}
            >
              {t('actions.run')}
            </button>
          </div>
        </div>
      )}
    </Popover>
  );
}

export function ActionError({ children }: { children?: ReactNode }) {
  if (!children) return null;
  return (
    <div className="form-error action-error" role="alert">
      {children}
    </div>
  );
}
