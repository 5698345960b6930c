import { useSyncExternalStore } from 'react';

/**
 * What the shell shows around a page but the page does not need (the bell, the approvals
 * count, the revision check) waits until the first screen has what it asked for at start
 * (app/boot.ts: the session, the bundle, the page's code and its first answer) and the
 * browser is idle, so that it competes with none of it for connections, the server or the
 * main thread. Until boot says there is a first screen to wait for, nothing waits.
 */
let waiting = false;
const listeners = new Set<() => void>();

function open(): void {
  if (!waiting) return;
  waiting = false;
  for (const listener of listeners) listener();
}

/** After the browser has drawn what arrived: the next idle moment (a timer where there is no idle callback). */
function whenIdle(run: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 1000 });
  else setTimeout(run, 50);
}

/** Boot: the first screen is ready once all of these have settled (answered or failed). */
export function awaitFirstScreen(requests: readonly Promise<unknown>[]): void {
  waiting = true;
  void Promise.allSettled(requests).then(() => whenIdle(open));
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Whether the first screen is there, so what it does not need may be asked for now (true from then on). */
export function useAfterFirstScreen(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => !waiting,
    () => true,
  );
}
