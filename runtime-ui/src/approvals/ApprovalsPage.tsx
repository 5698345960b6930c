import { DecisionComment } from './DecisionComment.tsx';
import { useState } from 'react';
import { ApiError } from '../api/index.ts';
import { useUiBundle } from '../app/bundle-context.ts';
import { linkHandler, routePath } from '../app/router.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Icon } from '../ui/Icon.tsx';
import { labelText, useApprovalCommand, useApprovalInbox, type InboxItem } from './approvals-api.ts';
import './approvals.css';

/** The approvals inbox (`/app/approvals`): what waits for the signed-in user's decision, decided here with a comment. */
export function ApprovalsPage() {
  const { t } = useI18n();
  const inbox = useApprovalInbox();
  const [done, setDone] = useState<string | null>(null);
  return (
    <div className="lf-page ap-page">
      <header className="page-header ap-head">
        <div className="page-title">
          <h1>
            <Icon name="inbox" /> {t('approvals.inboxTitle')}
          </h1>
          {inbox.data && <span className="page-count">{t('approvals.waiting', { count: inbox.data.count })}</span>}
        </div>
      </header>
      {done && (
        <p className="ap-done" role="status">
          <Icon name="check" /> {t('approvals.decided', { title: done })}
        </p>
      )}
      {inbox.isError && <p className="lf-page-message is-error">{t('approvals.loadFailed')}</p>}
      {inbox.isPending && <p className="lf-page-message">{t('shell.loading')}</p>}
      {inbox.data?.data.length === 0 && <p className="lf-page-message">{t('approvals.empty')}</p>}
      <ul className="ap-list">
        {inbox.data?.data.map((item) => (
          <InboxCard key={item.instance} item={item} onDone={setDone} />
        ))}
      </ul>
    </div>
  );
}

function InboxCard({ item, onDone }: { item: InboxItem; onDone(title: string): void }) {
  const { t, locale, format } = useI18n();
  const bundle = useUiBundle();
  const command = useApprovalCommand(item.entity);
  const [comment, setComment] = useState('');
  const entity = bundle.entities[item.entity];
  const title = item.title ?? entity?.label ?? item.entity;
  const target = { name: 'record' as const, entity: item.entity, id: item.record };
  // mutateAsync, not mutate's onSuccess: the decision refreshes the inbox, which removes this card,
  // and TanStack Query drops a mutate callback of a component that is gone (the page would miss its "done").
  const decide = (kind: 'approve' | 'reject') =>
    command.mutateAsync({ kind, instance: item.instance, comment: comment.trim() || undefined }).then(
      () => onDone(title),
      () => undefined, // shown from command.error
    );
  const error = command.error ? (command.error instanceof ApiError ? command.error.messages.join(' ') : String(command.error)) : undefined;
  return (
    <li className="ap-card" data-instance={item.instance}>
      <div className="ap-card-head">
        <span className="ap-flow">{labelText(item.approvalLabel, locale, item.approval)}</span>
        {entity && <span className="ap-entity">{entity.label}</span>}
      </div>
      <h2 className="ap-title">
        {entity ? (
          <a href={routePath(target)} onClick={linkHandler(target)}>
            {title}
          </a>
        ) : (
          title
        )}
      </h2>
      <ul className="ap-facts">
        <li>{t('approvals.step', { step: labelText(item.step.label, locale, item.step.name) })}</li>
        {item.submitter && <li>{t('approvals.submittedBy', { name: item.submitter.name })}</li>}
        <li title={format.dateTime(item.since)}>{t('approvals.since', { time: format.relative(item.since) })}</li>
        {item.dueAt && <li title={format.dateTime(item.dueAt)}>{t('approvals.due', { time: format.relative(item.dueAt) })}</li>}
      </ul>
      <DecisionComment comment={comment} onChange={setComment} error={error} />
      <div className="ap-buttons">
        <button type="button" className="btn btn-danger" disabled={command.isPending} onClick={() => decide('reject')}>
          <Icon name="x" /> {t('approvals.reject')}
        </button>
        <button type="button" className="btn btn-primary" disabled={command.isPending} onClick={() => decide('approve')}>
          <Icon name="check" /> {t('approvals.approve')}
        </button>
      </div>
    </li>
  );
}
