import { useState } from 'react';
import { useParams } from '@tanstack/react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/index.ts';
import { invalidateAfterWrite } from '../api/invalidate.ts';
import { useUiBundle } from '../app/bundle-context.ts';
import { navigate } from '../app/router.ts';
import { formFor } from '../form/form-model.ts';
import { useFormText, type FormText } from '../form/form-text.ts';
import { Icon, type IconName } from '../ui/Icon.tsx';
import { HistoryTimeline } from './HistoryTimeline.tsx';
import { RecordDetails } from './RecordDetails.tsx';
import { RecordHeader } from './RecordHeader.tsx';
import { RelatedList } from './RelatedList.tsx';
import { useRecord } from './use-record.ts';
import { RecordActions } from '../actions/RecordActions.tsx';
import { ApprovalPanel } from '../approvals/ApprovalPanel.tsx';
import '../form/form.css';
import './record.css';

export interface RecordPageProps {
  readonly entity: string;
  readonly id: string;
}

/** The record route (`/app/e/:entity/:id`). */
export function RecordRoute() {
  const { entity, id } = useParams({ from: '/e/$entity/$id' });
  return <RecordPage key={`${entity}/${id}`} entity={entity} id={id} />;
}

function Panel({ icon, title, children, placeholder }: { icon: IconName; title: string; children: React.ReactNode; placeholder?: boolean }) {
  return (
    <section className={`lr-panel${placeholder ? ' is-placeholder' : ''}`}>
      <h2>
        <Icon name={icon} size={16} /> {title}
      </h2>
      {children}
    </section>
  );
}

/** The process features of a record: approval status, and its actions (when the user has any). */
function ProcessSlots({ t, approval, actions }: { t: FormText; approval: React.ReactNode; actions?: React.ReactNode }) {
  return (
    <>
      {approval}
      {actions && (
        <Panel icon="bolt" title={t('actions')}>
          {actions}
        </Panel>
      )}
    </>
  );
}

/** The 360° view of one record: header, details, related lists, history and process slots. */
export function RecordPage({ entity, id }: RecordPageProps) {
  const t = useFormText();
  const bundle = useUiBundle();
  const client = useQueryClient();
  const uiEntity = bundle.entities[entity];
  const form = formFor(bundle, entity);
  const loaded = useRecord(form, entity, id);
  const [tab, setTab] = useState<'details' | 'related'>('details');
  const removal = useMutation({
    mutationFn: (version: number) =>
      api(`/api/data/${encodeURIComponent(entity)}/${encodeURIComponent(id)}`, { method: 'DELETE', headers: { 'if-match': String(version) } }),
    onSuccess: () => {
      navigate(uiEntity?.defaultView ? { name: 'list', view: uiEntity.defaultView } : { name: 'home' }, { replace: true });
      return invalidateAfterWrite(client, entity);
    },
  });
  if (!uiEntity) return <div className="lf-page-message">{t('notFound')}</div>;
  if (loaded.status === 'missing') return <div className="lf-page-message">{t('notFound')}</div>;
  if (loaded.status === 'error') return <div className="lf-page-message is-error">{String((loaded.error as Error)?.message ?? loaded.error)}</div>;
  if (!loaded.record) return <div className="lf-page-message">{t('loading')}</div>;
  const record = loaded.record;
  const related = (form?.sections ?? []).filter((s) => s.related && bundle.entities[s.related.entity]);

  const remove = () => {
    if (window.confirm(t('deleteConfirm', { entity: uiEntity.label }))) removal.mutate(record.version);
  };
  const deleteError = removal.error ? ((removal.error as { messages?: string[] }).messages?.join(' ') ?? String(removal.error)) : undefined;

  return (
    <div className="lf-page lr-page">
      <RecordHeader entity={uiEntity} form={form} record={record} titles={loaded.titles} deleting={removal.isPending} onDelete={remove} t={t} />
      {deleteError && (
        <div className="lf-summary" role="alert">
          {deleteError}
        </div>
      )}
      <div className="lr-layout">
        <div className="lr-main">
          {related.length > 0 && (
            <div className="lr-tabs" role="tablist">
              <button
                type="button"
                role="tab"
                aria-selected={tab === 'details'}
                className={tab === 'details' ? 'is-active' : ''}
                onClick={() => setTab('details')}
              >
                {t('details')}
              </button>
              <button
                type="button"
                role="tab"
                aria-selected={tab === 'related'}
                className={tab === 'related' ? 'is-active' : ''}
                onClick={() => setTab('related')}
              >
                {t('related')} <span className="lr-count">{related.length}</span>
              </button>
            </div>
          )}
          {tab === 'details' && form && <RecordDetails entity={uiEntity} form={form} record={record} lines={loaded.lines} titles={loaded.titles} t={t} />}
          {tab === 'related' && (
            <div className="lf-sections">
              {related.map((s) => (
                <RelatedList key={`${s.related!.entity}.${s.related!.field}`} entity={entity} id={id} relation={s.related!} title={s.title} t={t} />
              ))}
            </div>
          )}
        </div>
        <aside className="lr-aside">
          <ProcessSlots
            t={t}
            approval={<ApprovalPanel entity={entity} id={id} />}
            actions={uiEntity.actions?.length ? <RecordActions entity={uiEntity} record={record} /> : undefined}
          />
          <Panel icon="clock" title={t('history')}>
            <HistoryTimeline entity={uiEntity} id={id} titles={loaded.titles} t={t} />
          </Panel>
        </aside>
      </div>
    </div>
  );
}
