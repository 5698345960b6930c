import { useRouterState, type AnyRouter } from '@tanstack/react-router';

/**
 * The app's places as data, and links to them. Routing itself is TanStack Router's (see
 * route-tree.tsx); this module is the small vocabulary pages use to name a place, build
 * its address and go there:
 *
 *   /app/                       home
 *   /app/v/:view                a list (a UiView); its filter, sort and search are search params
 *   /app/e/:entity/new          a new record's form
 *   /app/e/:entity/:id          a record page
 *   /app/e/:entity/:id/edit     a record's form
 *   /app/approvals              the approvals inbox
 *   /app/r/:report              a report; its parameters are search params
 *   /app/d/:dashboard           a dashboard
 */
export type Route =
  | { readonly name: 'home' }
  | { readonly name: 'list'; readonly view: string }
  | { readonly name: 'new'; readonly entity: string }
  | { readonly name: 'record'; readonly entity: string; readonly id: string }
  | { readonly name: 'edit'; readonly entity: string; readonly id: string }
  | { readonly name: 'approvals' }
  | { readonly name: 'report'; readonly report: string }
  | { readonly name: 'dashboard'; readonly dashboard: string }
  | { readonly name: 'notFound'; readonly path: string };

export const BASE = import.meta.env.BASE_URL.replace(/\/$/, '');

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** The place an address names (a hand-typed address that names none is `notFound`). */
export function parseRoute(pathname: string): Route {
  let path = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname;
  path = path.replace(/\/+$/, '');
  const parts = path.split('/').filter(Boolean).map(decode);
  if (parts.length === 0) return { name: 'home' };
  if (parts[0] === 'v' && parts.length === 2) return { name: 'list', view: parts[1] };
  if (parts[0] === 'e' && parts.length === 3 && parts[2] === 'new') return { name: 'new', entity: parts[1] };
  if (parts[0] === 'e' && parts.length === 3) return { name: 'record', entity: parts[1], id: parts[2] };
  if (parts[0] === 'e' && parts.length === 4 && parts[3] === 'edit') return { name: 'edit', entity: parts[1], id: parts[2] };
  if (parts[0] === 'approvals' && parts.length === 1) return { name: 'approvals' };
  if (parts[0] === 'r' && parts.length === 2) return { name: 'report', report: parts[1] };
  if (parts[0] === 'd' && parts.length === 2) return { name: 'dashboard', dashboard: parts[1] };
  return { name: 'notFound', path };
}

export function routePath(route: Route): string {
  const enc = encodeURIComponent;
  switch (route.name) {
    case 'home':
      return `${BASE}/`;
    case 'list':
      return `${BASE}/v/${enc(route.view)}`;
    case 'new':
      return `${BASE}/e/${enc(route.entity)}/new`;
    case 'record':
      return `${BASE}/e/${enc(route.entity)}/${enc(route.id)}`;
    case 'edit':
      return `${BASE}/e/${enc(route.entity)}/${enc(route.id)}/edit`;
    case 'approvals':
      return `${BASE}/approvals`;
    case 'report':
      return `${BASE}/r/${enc(route.report)}`;
    case 'dashboard':
      return `${BASE}/d/${enc(route.dashboard)}`;
    case 'notFound':
      return `${BASE}${route.path}`;
  }
}

// The router, once created (route-tree.tsx binds it; pages reach it through navigate).
let bound: AnyRouter | null = null;

export function bindRouter(router: AnyRouter): void {
  bound = router;
}

/** Goes to a place, or to a full address below the app (with its search). */
export function navigate(to: Route | string, options: { replace?: boolean } = {}): void {
  const url = typeof to === 'string' ? to : routePath(to);
  if (url === location.pathname + location.search) return;
  if (!bound) {
    location.assign(url);
    return;
  }
  if (options.replace) bound.history.replace(url);
  else bound.history.push(url);
  window.scrollTo(0, 0);
}

/** The place on screen (re-rendering on navigation). */
export function useCurrentRoute(): Route {
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  return parseRoute(pathname);
}

/** A link that navigates without reloading (ctrl/cmd-click still opens a tab). */
export function linkHandler(to: Route) {
  return (event: { preventDefault(): void; metaKey: boolean; ctrlKey: boolean; shiftKey: boolean; button: number }) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    navigate(to);
  };
}
