import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { UiBundle } from '@loom/metadata';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * The route registry: which page renders each route, all code-split with React.lazy so the
 * first load carries only the shell. The form and record pages live in src/form/ and
 * src/record/; they plug in by existing (import.meta.glob finds them at build time) and a
 * placeholder stands in until they do.
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

function lazyPage<P>(loaders: Record<string, Loader>, file: string, exportName: string): LazyExoticComponent<ComponentType<P>> {
  const loader = loaders[file];
  return lazy(async () => {
    if (!loader) return { default: Placeholder as ComponentType<P> };
    const module = await loader();
    return { default: (module[exportName] ?? module.default ?? Placeholder) as ComponentType<P> };
  });
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
  list: lazy(() => import('../list/ListPage.tsx').then((m) => ({ default: m.ListPage }))) as LazyExoticComponent<ComponentType<ListPageProps>>,
  form: lazyPage<FormPageProps>(formModules, '../form/FormPage.tsx', 'FormPage'),
  record: lazyPage<RecordPageProps>(recordModules, '../record/RecordPage.tsx', 'RecordPage'),
} as const;
