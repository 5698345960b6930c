import { useContext } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { ErrorComponentProps } from '@tanstack/react-router';
import { useI18n } from '../i18n/i18n.tsx';
import { Icon } from '../ui/Icon.tsx';
import { BundleContext } from './bundle-context.ts';
import { firstView } from './first-view.ts';
import { linkHandler, routePath, type Route } from './router.ts';

/**
 * What a page shows when it fails to render: the error, a retry, and a way back to the first
 * list of the menu. The router puts one around every page and resets it on navigation, so
 * the shell (menu, top bar) stays usable and leaving the page recovers. "Try again" first
 * drops what the failed page had read (the queries no longer on screen), so it is read anew
 * rather than rendered again from the same answers.
 */
export function PageError({ error, reset }: ErrorComponentProps) {
  const { t } = useI18n();
  const client = useQueryClient();
  const retry = () => {
    client.removeQueries({ type: 'inactive' });
    reset();
  };
  const bundle = useContext(BundleContext);
  const view = bundle ? firstView(bundle) : undefined;
  const home: Route = view ? { name: 'list', view } : { name: 'home' };
  return (
    <div className="page-empty" role="alert" data-testid="page-error">
      <p className="empty-title">{t('error.title')}</p>
      <p className="muted">{error instanceof Error ? error.message : String(error)}</p>
      <p>
        <button type="button" className="btn" onClick={retry}>
          {t('shell.retry')}
        </button>{' '}
        <a className="btn btn-link" href={routePath(home)} onClick={linkHandler(home)}>
          <Icon name="chevron-left" size={14} /> {view && bundle ? bundle.views[view]?.label : 'Loom'}
        </a>
      </p>
    </div>
  );
}
