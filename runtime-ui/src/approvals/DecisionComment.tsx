import { useI18n } from '../i18n/i18n.tsx';

/** The comment box of a decision and the error of the last attempt, as the inbox and the record's panel show them. */
export function DecisionComment({
  comment,
  onChange,
  error,
  withBox = true,
}: {
  comment: string;
  onChange(text: string): void;
  error?: string | null;
  withBox?: boolean;
}) {
  const { t } = useI18n();
  return (
    <>
      {withBox && (
        <label className="ap-comment">
          <span>{t('approvals.comment')}</span>
          <textarea rows={2} value={comment} placeholder={t('approvals.commentPlaceholder')} maxLength={2000} onChange={(e) => onChange(e.target.value)} />
        </label>
      )}
      {error && (
        <p className="ap-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
