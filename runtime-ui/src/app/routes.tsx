import { createElement, use, type ComponentType, type ReactNode } from 'react';
import type { UiBundle } from '@loom/metadata';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * The route registry: which page renders each route, each code-split (a dynamic import, like
 * React.lazy) so the first load carries only the shell. The form and record pages live in
 * src/form/ and src/record/; they plug in by existing (import.meta.glob finds them at build
 * time) and a placeholder stands in until they do.
 *
 * Unlike React.lazy, a page whose code has already arrived (`preload()`, started at boot for
 * the URL being opened) renders at once: React.lazy always suspends on first render, and
 * React then holds the fallback for its 300 ms reveal throttle.
 */

export interface FormPageProps {
  readonly entity: string;
  readonly id?: string;
  readonly bundle: UiBundle;
  onSaved(id: string): void;
}

export interface RecordPageProps {
  readonly entity: string;
  readonly id: string;
  readonly bundle: UiBundle;
}

export interface ListPageProps {
  readonly view: string;
  readonly bundle: UiBundle;
}

type Loader = () => Promise<Record<string, unknown>>;
const formModules = import.meta.glob('../form/FormPage.tsx') as Record<string, Loader>;
const recordModules = import.meta.glob('../record/RecordPage.tsx') as Record<string, Loader>;

type Tracked<T> = Promise<T> & { status?: 'pending' | 'fulfilled' | 'rejected'; value?: T; reason?: unknown };

/** Marks a promise the way React's `use` reads synchronously once it has settled. */
function track<T>(promise: Promise<T>): Tracked<T> {
  const tracked = promise as Tracked<T>;
  tracked.status = 'pending';
  tracked.then(
    (value) => {
      tracked.status = 'fulfilled';
      tracked.value = value;
    },
    (reason) => {
      tracked.status = 'rejected';
      tracked.reason = reason;
    },
  );
  return tracked;
}

export interface RoutePage<P> {
  (props: P): ReactNode;
  /** Starts loading the page's code (idempotent). */
  preload(): Promise<ComponentType<P>>;
}

function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): RoutePage<P> {
  let promise: Tracked<ComponentType<P>> | undefined;
  const preload = () => (promise ??= track(load()));
  const Page = (props: P) => createElement(use(preload() as Promise<ComponentType<P>>), props);
  return Object.assign(Page, { preload });
}

function fromModule<P>(loaders: Record<string, Loader>, file: string, exportName: string): () => Promise<ComponentType<P>> {
  return async () => {
    const loader = loaders[file];
    if (!loader) return Placeholder as ComponentType<P>;
    const module = await loader();
    return (module[exportName] ?? module.default ?? Placeholder) as ComponentType<P>;
  };
}

function Placeholder() {
  const { t } = useI18n();
  return (
    <div className="page-empty">
      <p>{t('shell.comingSoon')}</p>
    </div>
  );
}

export const routes = {
  list: lazyPage<ListPageProps>(() => import('../list/ListPage.tsx').then((m) => m.ListPage)),
  form: lazyPage<FormPageProps>(fromModule(formModules, '../form/FormPage.tsx', 'FormPage')),
  record: lazyPage<RecordPageProps>(fromModule(recordModules, '../record/RecordPage.tsx', 'RecordPage')),
} as const;
