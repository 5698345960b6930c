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

/**
 * A list's first page asked for at start (boot), while it is on its way: the list waits for
 * it before it first renders, at most FIRST_PAGE_WAIT_MS after it was asked for, so that it
 * is drawn once, with its rows, rather than with placeholders first and again a moment later.
 */
const FIRST_PAGE_WAIT_MS = 500;
let firstPage: { readonly key: string; readonly arrived: Promise<unknown> } | undefined;

/** Boot: the first page of the list with this key (use-list-query.ts, listKey) is on its way. */
export function expectFirstPage(key: string, answer: Promise<unknown>): void {
  const expected = { key, arrived: Promise.race([answer, new Promise((resolve) => setTimeout(resolve, FIRST_PAGE_WAIT_MS))]) };
  firstPage = expected;
  void expected.arrived.then(() => {
    if (firstPage === expected) firstPage = undefined;
  });
}

/** While the first page of this list, asked for at start, is on its way: settles once it is in (or the wait is over). */
export function firstPageOnItsWay(key: string): Promise<unknown> | undefined {
  return firstPage?.key === key ? firstPage.arrived : undefined;
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
