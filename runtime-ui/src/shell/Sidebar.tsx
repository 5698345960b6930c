import { useState } from 'react';
import type { UiMenuItem } from '@loom/metadata';
import { useUiBundle } from '../app/bundle-context.ts';
import { linkHandler, routePath, useCurrentRoute, type Route } from '../app/router.ts';
import { Icon } from '../ui/Icon.tsx';
import { ApprovalsMenuLink } from '../approvals/ApprovalsMenuLink.tsx';

const COLLAPSED_KEY = 'loom.menu.collapsed';

function loadCollapsed(): Record<string, boolean> {
  try {
    return JSON.parse(localStorage.getItem(COLLAPSED_KEY) ?? '{}') as Record<string, boolean>;
  } catch {
    return {};
  }
}

/** Menu items with a page: lists, the approvals inbox, reports and dashboards (and groups holding one). */
function hasPage(item: UiMenuItem): boolean {
  return (
    item.kind === 'view' ||
    item.kind === 'approvals' ||
    item.kind === 'report' ||
    item.kind === 'dashboard' ||
    (item.kind === 'group' && item.items.some(hasPage))
  );
}

/** A report's or a dashboard's place, and whether it is the one on screen (home shows the user's home dashboard). */
function analysisTarget(item: UiMenuItem, route: Route, home: string | undefined): { target: Route; active: boolean; icon: string } | undefined {
  if (item.kind === 'report')
    return { target: { name: 'report', report: item.report }, active: route.name === 'report' && route.report === item.report, icon: 'bar-chart' };
  if (item.kind === 'dashboard')
    return {
      target: { name: 'dashboard', dashboard: item.dashboard },
      active: (route.name === 'dashboard' && route.dashboard === item.dashboard) || (route.name === 'home' && home === item.dashboard),
      icon: 'pie-chart',
    };
  return undefined;
}

/** The menus of the bundle, the current list (or the list of the current record's entity) marked. */
export function Sidebar({ onNavigate }: { onNavigate(): void }) {
  const bundle = useUiBundle();
  const route = useCurrentRoute();
  const [collapsed, setCollapsed] = useState(loadCollapsed);
  const toggle = (key: string) => {
    const next = { ...collapsed, [key]: !collapsed[key] };
    setCollapsed(next);
    localStorage.setItem(COLLAPSED_KEY, JSON.stringify(next));
  };
  const currentView = route.name === 'list' ? route.view : undefined;
  const currentEntity = route.name === 'record' || route.name === 'edit' || route.name === 'new' ? route.entity : undefined;

  const renderItems = (items: readonly UiMenuItem[], keyPrefix: string, depth: number) =>
    items.filter(hasPage).map((item, index) => {
      const key = `${keyPrefix}/${index}`;
      if (item.kind === 'group') {
        const closed = collapsed[key] === true;
        return (
          <li key={key} className="nav-group">
            <button type="button" className="nav-group-head" aria-expanded={!closed} onClick={() => toggle(key)}>
              <Icon name={item.icon ?? 'list'} />
              <span className="truncate">{item.label}</span>
              <Icon name={closed ? 'chevron-right' : 'chevron-down'} size={14} className="nav-caret" />
            </button>
            {!closed && <ul className="nav-items">{renderItems(item.items, key, depth + 1)}</ul>}
          </li>
        );
      }
      if (item.kind === 'approvals')
        return (
          <li key={key}>
            <ApprovalsMenuLink label={item.label} icon={item.icon} active={route.name === 'approvals'} nested={depth > 0} onNavigate={onNavigate} />
          </li>
        );
      const analysis = analysisTarget(item, route, bundle.home);
      if (analysis)
        return (
          <li key={key}>
            <a
              href={routePath(analysis.target)}
              className={`nav-link ${analysis.active ? 'active' : ''} ${depth > 0 ? 'nested' : ''}`}
              aria-current={analysis.active ? 'page' : undefined}
              onClick={(e) => {
                linkHandler(analysis.target)(e);
                onNavigate();
              }}
            >
              {depth === 0 && <Icon name={item.icon ?? analysis.icon} />}
              <span className="truncate">{item.label}</span>
            </a>
          </li>
        );
      if (item.kind !== 'view') return null;
      const target: Route = { name: 'list', view: item.view };
      const active = currentView === item.view || (!currentView && currentEntity === item.entity && bundle.entities[item.entity]?.defaultView === item.view);
      return (
        <li key={key}>
          <a
            href={routePath(target)}
            className={`nav-link ${active ? 'active' : ''} ${depth > 0 ? 'nested' : ''}`}
            aria-current={active ? 'page' : undefined}
            onClick={(e) => {
              linkHandler(target)(e);
              onNavigate();
            }}
          >
            {depth === 0 && <Icon name={item.icon ?? bundle.entities[item.entity]?.icon ?? 'list'} />}
            <span className="truncate">{item.label}</span>
          </a>
        </li>
      );
    });

  return (
    <nav className="sidebar-nav" aria-label="Main">
      {bundle.menus.map((menu) => (
        <section key={menu.name} className="nav-menu">
          {bundle.menus.length > 1 && <div className="nav-menu-label">{menu.label}</div>}
          <ul className="nav-items">{renderItems(menu.items, menu.name, 0)}</ul>
        </section>
      ))}
    </nav>
  );
}
