import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { UiAction, UiEntity } from '@loom/metadata';
import { ApiError, type RecordData } from '../api/index.ts';
import { invalidateAfterWrite } from '../api/invalidate.ts';
import { useUiBundle } from '../app/bundle-context.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Icon } from '../ui/Icon.tsx';
import { Popover } from '../ui/Popover.tsx';
import { actionsFor, runAction } from './actions-api.ts';
import './actions.css';

/**
 * A phone list card's action (lists on a phone have no selection): the first of the entity's
 * actions that applies to the row, e.g. a claim on a pooled record. It asks first; a refusal is
 * shown in the same panel, which stays open; done, the list is read again.
 */
export function CardAction({ entity, record }: { entity: UiEntity; record: RecordData }) {
  const { t } = useI18n();
  const bundle = useUiBundle();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const mutation = useMutation({
    mutationFn: (action: UiAction) => runAction(action.name, [record.id]),
    onSuccess: () => setOpen(false),
    onSettled: () => invalidateAfterWrite(client, entity.name),
  });
  const action = actionsFor(entity, record, bundle.user).find((a) => a.type === 'update');
  if (!action) return null;
  const error = mutation.error ? (mutation.error instanceof ApiError ? mutation.error.messages.join(' ') : String(mutation.error)) : undefined;
  return (
    // The card opens its record on a click: the button and its panel keep their clicks.
    <div className="card-action" onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()} role="presentation">
      <Popover
        label={action.label}
        align="right"
        className="action-button"
        open={open}
        onOpenChange={(value) => {
          setOpen(value);
          if (value) mutation.reset();
        }}
        button={
          <>
            <Icon name="bolt" /> <span>{action.label}</span>
          </>
        }
      >
        <div className="action-confirm" role="alertdialog" aria-label={action.label}>
          <p>{t('actions.confirm', { action: action.label })}</p>
          {error && <div className="form-error action-error">{error}</div>}
          <div className="action-confirm-buttons">
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => setOpen(false)}>
              {t('actions.cancel')}
            </button>
            <button type="button" className="btn btn-primary btn-sm" disabled={mutation.isPending} onClick={() => mutation.mutate(action)}>
              {t('actions.run')}
            </button>
          </div>
        </div>
      </Popover>
    </div>
  );
}
