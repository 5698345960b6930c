import { useSyncExternalStore } from 'react';

/**
 * History routing under the app's base (`/app/`, from Vite's `base`). The server answers
 * index.html for every path below it, so deep links work.
 *
 *   /app/                       home
 *   /app/v/:view                a list (a UiView)
 *   /app/e/:entity/new          a new record's form
 *   /app/e/:entity/:id          a record page
 *   /app/e/:entity/:id/edit     a record's form
 */
export type Route =
  | { readonly name: 'home' }
  | { readonly name: 'list'; readonly view: string }
  | { readonly name: 'new'; readonly entity: string }
  | { readonly name: 'record'; readonly entity: string; readonly id: string }
  | { readonly name: 'edit'; readonly entity: string; readonly id: string }
  | { readonly name: 'notFound'; readonly path: string };

export const BASE = import.meta.env.BASE_URL.replace(/\/$/, '');

export function parseRoute(pathname: string): Route {
  let path = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname;
  path = path.replace(/\/+$/, '');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { name: 'home' };
  if (parts[0] === 'v' && parts.length === 2) return { name: 'list', view: parts[1] };
  if (parts[0] === 'e' && parts.length === 3 && parts[2] === 'new') return { name: 'new', entity: parts[1] };
  if (parts[0] === 'e' && parts.length === 3) return { name: 'record', entity: parts[1], id: parts[2] };
  if (parts[0] === 'e' && parts.length === 4 && parts[3] === 'edit') return { name: 'edit', entity: parts[1], id: parts[2] };
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
    case 'notFound':
      return `${BASE}${route.path}`;
  }
}

const listeners = new Set<() => void>();
window.addEventListener('popstate', () => listeners.forEach((l) => l()));

export function navigate(to: Route | string, options: { replace?: boolean } = {}): void {
  const url = typeof to === 'string' ? to : routePath(to);
  if (url === location.pathname + location.search) return;
  if (options.replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  listeners.forEach((l) => l());
  window.scrollTo(0, 0);
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current path (re-rendering on navigation). */
export function useLocationPath(): string {
  return useSyncExternalStore(subscribe, () => location.pathname);
}

/** A link that navigates without reloading (ctrl/cmd-click still opens a tab). */
export function linkHandler(to: Route) {
  return (event: { preventDefault(): void; metaKey: boolean; ctrlKey: boolean; shiftKey: boolean; button: number }) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    navigate(to);
  };
}
