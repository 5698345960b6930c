import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { UiEntity, UiField } from '@loom/metadata';
import { ApiError } from '../api/index.ts';
import { invalidateAfterWrite } from '../api/invalidate.ts';
import { bulkEditorOf } from '../fields/field-traits.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Icon } from '../ui/Icon.tsx';
import { Popover } from '../ui/Popover.tsx';
import { RefSelect, type RefOption } from '../ui/RefSelect.tsx';
import { bulkDelete, bulkTransfer, bulkUpdate } from './bulk.ts';
import { BulkActions } from '../actions/BulkActions.tsx';

function bulkFields(entity: UiEntity): UiField[] {
  return entity.fieldOrder.map((n) => entity.fields[n]).filter((f): f is UiField => !!f && !f.readOnly && !f.system && bulkEditorOf(f) !== undefined);
}

function ValueInput({ field, value, onChange }: { field: UiField; value: unknown; onChange(v: unknown, title?: string): void }) {
  const { t } = useI18n();
  switch (bulkEditorOf(field)) {
    case 'select':
      return (
        <select className="input" value={String(value ?? '')} onChange={(e) => onChange(e.target.value || null)} aria-label={t('list.value')}>
          <option value="">—</option>
          {field.options?.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      );
    case 'flag':
      return (
        <select className="input" value={value === true ? 'true' : 'false'} onChange={(e) => onChange(e.target.value === 'true')} aria-label={t('list.value')}>
          <option value="true">{t('value.yes')}</option>
          <option value="false">{t('value.no')}</option>
        </select>
      );
    case 'ref':
      return <RefSelect field={field} onPick={(o: RefOption) => onChange(o.id, o.title)} />;
    case 'date':
      return (
        <input className="input" type="date" value={String(value ?? '')} onChange={(e) => onChange(e.target.value || null)} aria-label={t('list.value')} />
      );
    case 'number':
      return (
        <input
          className="input"
          type="number"
          step="any"
          value={value === null || value === undefined ? '' : String(value)}
          onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
          aria-label={t('list.value')}
        />
      );
    default:
      return <input className="input" value={String(value ?? '')} onChange={(e) => onChange(e.target.value || null)} aria-label={t('list.value')} />;
  }
}

/** What can be done to the selected rows: the entity's bulk actions, delete, set one field, give them a new owner. */
export function BulkBar({ entity, ids, onClear, onDone }: { entity: UiEntity; ids: string[]; onClear(): void; onDone(changed: number): void }) {
  const { t, format } = useI18n();
  const fields = bulkFields(entity);
  const [fieldName, setFieldName] = useState(fields[0]?.name ?? '');
  const [value, setValue] = useState<unknown>(null);
  const [valueTitle, setValueTitle] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const field = entity.fields[fieldName];
  // One mutation for every bulk action: afterwards (even after a failed chunk, as earlier chunks
  // were written) the entity's lists and the open records are read again.
  const client = useQueryClient();
  const mutation = useMutation({ mutationFn: (action: () => Promise<number>) => action(), onSettled: () => invalidateAfterWrite(client, entity.name) });
  const busy = mutation.isPending;

  const run = async (action: () => Promise<number>, close?: () => void) => {
    setError(null);
    try {
      const changed = await mutation.mutateAsync(action);
      close?.();
      onDone(changed);
    } catch (e) {
      setError(e instanceof ApiError ? e.messages.join(' ') : (e as Error).message);
    }
  };

  return (
    <div className="bulk-bar" role="region" aria-label={t('list.selected', { count: ids.length })}>
      <span className="bulk-count">{t('list.selected', { count: format.number(ids.length) })}</span>
      <button type="button" className="btn btn-link" onClick={onClear}>
        {t('list.clearSelection')}
      </button>
      <div className="toolbar-spacer" />
      <BulkActions entity={entity} ids={ids} onDone={onDone} />
      {entity.permissions.update && fields.length > 0 && (
        <Popover
          label={t('list.update')}
          align="right"
          button={
            <>
              <Icon name="edit" /> <span>{t('list.update')}</span>
            </>
          }
        >
          {(close) => (
            <form
              className="clause-editor bulk-editor"
              onSubmit={(e) => (e.preventDefault(), run(() => bulkUpdate(entity.name, ids, fieldName, value), close))}
            >
              <label className="field-label" htmlFor="bulk-field">
                {t('list.field')}
              </label>
              <select
                id="bulk-field"
                className="input"
                value={fieldName}
                onChange={(e) => {
                  setFieldName(e.target.value);
                  setValue(bulkEditorOf(entity.fields[e.target.value]) === 'flag' ? true : null);
                  setValueTitle(undefined);
                }}
              >
                {fields.map((f) => (
                  <option key={f.name} value={f.name}>
                    {f.label}
                  </option>
                ))}
              </select>
              <div className="field-label">
                {t('list.value')}
                {valueTitle ? `: ${valueTitle}` : ''}
              </div>
              {field && <ValueInput key={fieldName} field={field} value={value} onChange={(v, title) => (setValue(v), setValueTitle(title))} />}
              {error && <div className="form-error">{error}</div>}
              <button className="btn btn-primary btn-sm" type="submit" disabled={busy}>
                {t('list.apply')}
              </button>
            </form>
          )}
        </Popover>
      )}
      {entity.owned && entity.permissions.share && (
        <Popover
          label={t('list.transfer')}
          align="right"
          button={
            <>
              <Icon name="user-switch" /> <span>{t('list.transfer')}</span>
            </>
          }
        >
          {(close) => (
            <div className="clause-editor">
              <div className="field-label">{t('list.newOwner')}</div>
              <RefSelect
                field={
                  entity.fields.owner ??
                  ({ name: 'owner', type: 'user', label: t('list.newOwner'), required: false, readOnly: false, system: true, sortable: true } as UiField)
                }
                autoFocus
                onPick={(o) => run(() => bulkTransfer(entity.name, ids, o.id), close)}
              />
              {error && <div className="form-error">{error}</div>}
            </div>
          )}
        </Popover>
      )}
      {entity.permissions.delete && (
        <button
          type="button"
          className="btn btn-danger"
          disabled={busy}
          onClick={() => {
            if (window.confirm(t('list.confirmDelete', { count: ids.length }))) void run(() => bulkDelete(entity.name, ids));
          }}
        >
          <Icon name="trash" /> <span>{t('list.delete')}</span>
        </button>
      )}
      {error && <span className="form-error">{error}</span>}
    </div>
  );
}
