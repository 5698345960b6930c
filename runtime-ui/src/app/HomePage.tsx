import { useEffect } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { useUiBundle } from './bundle-context.ts';
import { firstView } from './first-view.ts';
import { navigate } from './router.ts';

/** Home opens the first list of the menu (a bundle without lists shows a hint). */
export function HomePage() {
  const bundle = useUiBundle();
  const { t } = useI18n();
  const view = firstView(bundle);
  useEffect(() => {
    if (view) navigate({ name: 'list', view }, { replace: true });
  }, [view]);
  return (
    <div className="page-empty">
      <p>{view ? t('shell.loading') : t('shell.home')}</p>
    </div>
  );
}

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <div className="page-empty">
      <p>{t('shell.notFound')}</p>
    </div>
  );
}
