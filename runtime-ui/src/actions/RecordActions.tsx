import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { UiAction, UiEntity } from '@loom/metadata';
import { ApiError } from '../api/index.ts';
import { invalidateAfterWrite } from '../api/invalidate.ts';
import { useUiBundle } from '../app/bundle-context.ts';
import { navigate } from '../app/router.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Icon } from '../ui/Icon.tsx';
import { ActionButton, ActionError } from './ActionButton.tsx';
import { actionsFor, runAction } from './actions-api.ts';

/**
 * The record page's action buttons: the entity's actions the user's roles grant whose
 * `visibleWhen` holds for the record. After an update the page shows the record as it now
 * is; after a convert it opens the record made (the first one, when it made several).
 */
export function RecordActions({ entity, record }: { entity: UiEntity; record: Record<string, unknown> & { id: string } }) {
  const { t } = useI18n();
  const bundle = useUiBundle();
  const client = useQueryClient();
  const [done, setDone] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: (action: UiAction) => runAction(action.name, [record.id]),
    onSuccess: async (answer, action) => {
      setDone(action.label);
      await Promise.all([invalidateAfterWrite(client, entity.name), ...(action.target ? [invalidateAfterWrite(client, action.target)] : [])]);
      const made = answer.results[0]?.created?.[0];
      if (made && bundle.entities[made.entity]) navigate({ name: 'record', entity: made.entity, id: made.id });
    },
    onMutate: () => setDone(null),
  });
  const actions = actionsFor(entity, record, bundle.user);
  const error = mutation.error ? (mutation.error instanceof ApiError ? mutation.error.messages.join(' ') : String(mutation.error)) : undefined;
  return (
    <div className="record-actions" data-slot="actions">
      {actions.length === 0 && <p className="lr-muted">{t('actions.none')}</p>}
      <div className="record-actions-buttons">
        {actions.map((action, i) => (
          <ActionButton
            key={action.name}
            action={action}
            primary={i === 0}
            question={t('actions.confirm', { action: action.label })}
            busy={mutation.isPending}
            onRun={() => mutation.mutate(action)}
          />
        ))}
      </div>
      {done && !mutation.isPending && !error && (
        <p className="action-done" role="status">
          <Icon name="check" /> {t('actions.done', { action: done })}
        </p>
      )}
      <ActionError>{error}</ActionError>
    </div>
  );
}
