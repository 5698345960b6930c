import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { UiAction, UiEntity } from '@loom/metadata';
import { ApiError } from '../api/index.ts';
import { invalidateAfterWrite } from '../api/invalidate.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ActionButton, ActionError } from './ActionButton.tsx';
import { MAX_ACTION_RECORDS, runAction } from './actions-api.ts';

/**
 * The bulk actions of an entity on a list selection (claim these pooled records, mark these
 * items done): one request, all or nothing — one record that does not qualify and the server
 * changes none, saying which.
 */
export function BulkActions({ entity, ids, onDone }: { entity: UiEntity; ids: readonly string[]; onDone(changed: number): void }) {
  const { t, format } = useI18n();
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: (action: UiAction) => runAction(action.name, ids),
    onSettled: () => invalidateAfterWrite(client, entity.name),
    onSuccess: (answer) => onDone(answer.results.length),
  });
  const actions = (entity.actions ?? []).filter((a) => a.bulk);
  if (!actions.length) return null;
  const tooMany = ids.length > MAX_ACTION_RECORDS;
  const error = tooMany
    ? t('actions.tooMany', { max: format.number(MAX_ACTION_RECORDS) })
    : mutation.error
      ? mutation.error instanceof ApiError
        ? mutation.error.messages.join(' ')
        : String(mutation.error)
      : undefined;
  return (
    <>
      {!tooMany &&
        actions.map((action) => (
          <ActionButton
            key={action.name}
            action={action}
            question={t('actions.confirmMany', { action: action.label, count: format.number(ids.length) })}
            busy={mutation.isPending}
            onRun={() => mutation.mutate(action)}
          />
        ))}
      <ActionError>{error}</ActionError>
    </>
  );
}
