import { useEffect, useRef } from 'react';
import { navigate } from '../app/router.ts';

/**
 * Keeps unsaved edits from being lost: the browser asks before closing or reloading the
 * tab, in-app links ask before they navigate, and the back button asks before leaving
 * (a refusal puts the form's address back).
 */
export function useUnsavedGuard(dirty: boolean, message: string) {
  // The listeners below are added once and read the latest state here, updated after each render.
  const state = useRef({ dirty, message });
  useEffect(() => {
    state.current = { dirty, message };
  }, [dirty, message]);

  useEffect(() => {
    const here = location.pathname + location.search;
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (!state.current.dirty) return;
      event.preventDefault();
      event.returnValue = state.current.message;
    };
    const click = (event: MouseEvent) => {
      if (!state.current.dirty || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
      const anchor = (event.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
      if (!anchor || anchor.target === '_blank' || anchor.origin !== location.origin) return;
      if (anchor.pathname + anchor.search === here) return;
      if (!window.confirm(state.current.message)) {
        event.preventDefault();
        event.stopPropagation();
      } else state.current.dirty = false;
    };
    const popstate = () => {
      if (!state.current.dirty || location.pathname + location.search === here) return;
      if (window.confirm(state.current.message)) state.current.dirty = false;
      else navigate(here);
    };
    window.addEventListener('beforeunload', beforeUnload);
    window.addEventListener('click', click, true);
    window.addEventListener('popstate', popstate);
    return () => {
      window.removeEventListener('beforeunload', beforeUnload);
      window.removeEventListener('click', click, true);
      window.removeEventListener('popstate', popstate);
    };
  }, []);
}

/** Asks before a programmatic navigation (Cancel) when there are unsaved edits. */
export function confirmLeave(dirty: boolean, message: string): boolean {
  return !dirty || window.confirm(message);
}
