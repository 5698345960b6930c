import { DecisionComment } from './DecisionComment.tsx';
import { useState } from 'react';
import { ApiError } from '../api/index.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/i18n.tsx';
import { Icon } from '../ui/Icon.tsx';
import { labelText, useApprovalCommand, useRecordApprovals, type ApprovalInstance } from './approvals-api.ts';
import './approvals.css';

/**
 * A record's approval on its page: the latest round's status, the step it waits at and its
 * approvers, every decision with who, when and the comment, earlier rounds folded, and the
 * buttons the caller may use (submit, recall, approve, reject). Nothing when the record has
 * no approval the caller may see or start.
 */
export function ApprovalPanel({ entity, id }: { entity: string; id: string }) {
  const { t, locale } = useI18n();
  const approvals = useRecordApprovals(entity, id);
  const command = useApprovalCommand(entity);
  const [comment, setComment] = useState('');
  const data = approvals.data;
  if (!data || (data.data.length === 0 && data.submittable.length === 0)) return null;
  const [latest, ...earlier] = data.data;
  const error = command.error ? (command.error instanceof ApiError ? command.error.messages.join(' ') : String(command.error)) : undefined;
  const run = (kind: 'approve' | 'reject' | 'recall') =>
    command.mutate({ kind, instance: latest.id, comment: comment.trim() || undefined }, { onSuccess: () => setComment('') });
  return (
    <section className="lr-panel ap-panel" data-slot="approval">
      <h2>
        <Icon name="check" size={16} /> {t('form.approval')}
      </h2>
      {latest ? <Round instance={latest} /> : <p className="lr-muted">{t('approvals.none')}</p>}
      <DecisionComment comment={comment} onChange={setComment} error={error} withBox={!!latest?.can.decide} />
      <div className="ap-buttons">
        {data.submittable.map((flow) => (
          <button
            key={flow.approval}
            type="button"
            className="btn btn-primary"
            disabled={command.isPending}
            onClick={() => command.mutate({ kind: 'submit', approval: flow.approval, record: id })}
          >
            <Icon name="check" /> {t('approvals.submit')}
            {data.submittable.length > 1 ? `: ${labelText(flow.label, locale, flow.approval)}` : ''}
          </button>
        ))}
        {latest?.can.recall && (
          <button type="button" className="btn" disabled={command.isPending} onClick={() => run('recall')}>
            <Icon name="refresh" /> {t('approvals.recall')}
          </button>
        )}
        {latest?.can.decide && (
          <>
            <button type="button" className="btn btn-danger" disabled={command.isPending} onClick={() => run('reject')}>
              <Icon name="x" /> {t('approvals.reject')}
            </button>
            <button type="button" className="btn btn-primary" disabled={command.isPending} onClick={() => run('approve')}>
              <Icon name="check" /> {t('approvals.approve')}
            </button>
          </>
        )}
      </div>
      {earlier.length > 0 && (
        <details className="ap-earlier">
          <summary>{t('approvals.earlier')}</summary>
          {earlier.map((instance) => (
            <Round key={instance.id} instance={instance} />
          ))}
        </details>
      )}
    </section>
  );
}

/** Events a person did (the others are the approval's own: a step reached, skipped, the outcome). */
const PERSONAL = new Set(['submitted', 'approve', 'reject', 'recalled', 'reassigned', 'added']);

function Round({ instance }: { instance: ApprovalInstance }) {
  const { t, locale, format } = useI18n();
  const stepText = (step: { name: string; label: ApprovalInstance['approvalLabel'] } | null) => (step ? labelText(step.label, locale, step.name) : '');
  return (
    <div className="ap-round" data-status={instance.status}>
      <p className="ap-round-head">
        <span className={`ap-status is-${instance.status}`}>{t(`approvals.status.${instance.status}` as MessageKey)}</span>
        <span className="ap-flow">{labelText(instance.approvalLabel, locale, instance.approval)}</span>
        {instance.round > 1 && <span className="lr-muted">{t('approvals.round', { round: instance.round })}</span>}
      </p>
      {instance.step && (
        <>
          <p className="ap-step">{t('approvals.step', { step: stepText(instance.step) })}</p>
          <ul className="ap-approvers" aria-label={t('approvals.approvers')}>
            {instance.approvers.map((a) => (
              <li key={a.user.id} className={`is-${a.status}`}>
                <Icon name="user" size={14} /> {a.user.name} <span className="lr-muted">· {t(`approvals.approver.${a.status}` as MessageKey)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <ol className="ap-history" aria-label={t('approvals.history')}>
        {instance.history.map((event, i) => (
          <li key={i}>
            <span className="ap-when" title={format.dateTime(event.at)}>
              {format.dateTime(event.at)}
            </span>{' '}
            {event.actor && PERSONAL.has(event.action) && <strong>{event.actor.name} </strong>}
            {t(`approvals.event.${event.action}` as MessageKey, { step: stepText(event.step), target: event.target?.name ?? '' })}
            {event.comment && <q className="ap-quote">{event.comment}</q>}
          </li>
        ))}
      </ol>
    </div>
  );
}
