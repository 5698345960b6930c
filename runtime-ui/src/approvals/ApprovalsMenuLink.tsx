import { useAfterFirstScreen } from '../app/first-screen.ts';
import { linkHandler, routePath } from '../app/router.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Icon } from '../ui/Icon.tsx';
import { useApprovalCount } from './approvals-api.ts';
import './approvals.css';

/** The menu's approvals item: a link to the inbox with how many decisions wait (asked for once the page's first screen is in). */
export function ApprovalsMenuLink({
  label,
  icon,
  active,
  nested,
  onNavigate,
}: {
  label: string;
  icon?: string;
  active: boolean;
  nested: boolean;
  onNavigate(): void;
}) {
  const { t } = useI18n();
  const count = useApprovalCount(useAfterFirstScreen()).data ?? 0;
  const target = { name: 'approvals' as const };
  return (
    <a
      href={routePath(target)}
      className={`nav-link ${active ? 'active' : ''} ${nested ? 'nested' : ''}`}
      aria-current={active ? 'page' : undefined}
      data-menu="approvals"
      onClick={(e) => {
        linkHandler(target)(e);
        onNavigate();
      }}
    >
      {!nested && <Icon name={icon ?? 'inbox'} />}
      <span className="truncate">{label}</span>
      {count > 0 && (
        <span className="nav-badge" aria-label={t('approvals.waiting', { count })}>
          {count}
        </span>
      )}
    </a>
  );
}
