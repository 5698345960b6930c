import { ApiError } from '../api/index.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** A page or the app could not load: what went wrong, and a retry. */
export function Failure({ error, onRetry }: { error: unknown; onRetry(): void }) {
  const { t } = useI18n();
  return (
    <div className="page-empty" role="alert">
      <p className="empty-title">{t('shell.loadFailed')}</p>
      <p className="muted">{error instanceof ApiError ? error.messages.join(' ') : error instanceof Error ? error.message : String(error)}</p>
      <button type="button" className="btn" onClick={onRetry}>
        {t('shell.retry')}
      </button>
    </div>
  );
}
