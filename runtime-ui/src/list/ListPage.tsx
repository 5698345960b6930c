import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { useParams } from '@tanstack/react-router';
import type { RowSelectionState } from '@tanstack/react-table';
import type { UiColumn, UiEntity, UiView } from '@loom/metadata';
import { ApiError, type RecordData } from '../api/index.ts';
import { useUiBundle } from '../app/bundle-context.ts';
import { useAfterFirstScreen } from '../app/first-screen.ts';
import { navigate } from '../app/router.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Icon } from '../ui/Icon.tsx';
import { useMediaQuery } from '../ui/hooks.ts';
import type { CellContext } from './cells.tsx';
import { ColumnChooser } from './ColumnChooser.tsx';
import { FilterBar, filterTargets } from './FilterBar.tsx';
import { clausesToLogic } from './filters.ts';
import { ListCards } from './ListCards.tsx';
import { ListHeader } from './ListHeader.tsx';
import { listColumns } from './list-setup.ts';
import { ListTable } from './ListTable.tsx';
import { SearchBox } from './SearchBox.tsx';
import { useListQuery } from './use-list-query.ts';
import { useListState } from './use-list-state.ts';

// The bulk bar (and the actions code it brings) shows only once rows are selected: it is not
// part of the list's first load, and is fetched once the list is on screen.
const loadBulkBar = () => import('./BulkBar.tsx');
const BulkBar = lazy(() => loadBulkBar().then((m) => ({ default: m.BulkBar })));

/** The list route (`/app/v/:view`): the view from the bundle, or "not found". */
export function ListPage() {
  const { view: viewName } = useParams({ from: '/v/$view' });
  const bundle = useUiBundle();
  const { t } = useI18n();
  const view = bundle.views[viewName];
  const entity = view ? bundle.entities[view.entity] : undefined;
  if (!view || !entity) {
    return (
      <div className="page-empty">
        <p>{t('shell.notFound')}</p>
      </div>
    );
  }
  return <ListOfView key={view.name} view={view} entity={entity} />;
}

const NO_ROWS: RowSelectionState = {};

/** A notice that goes away by itself after a few seconds. */
function useNotice(): [number | null, (n: number | null) => void] {
  const [notice, setNotice] = useState<number | null>(null);
  useEffect(() => {
    if (notice === null) return;
    const timer = setTimeout(() => setNotice(null), 4000);
    return () => clearTimeout(timer);
  }, [notice]);
  return [notice, setNotice];
}

/** One view's list: header, toolbar, bulk bar, and the rows as a grid (or cards on a phone). */
function ListOfView({ view, entity }: { view: UiView; entity: UiEntity }) {
  const bundle = useUiBundle();
  const { t, format, locale } = useI18n();
  const phone = useMediaQuery('(max-width: 640px)');
  const state = useListState(view, entity);
  const { setup } = state;
  const list = useListQuery(state.query);
  const { all, byPath, fieldAt } = useMemo(() => listColumns(view, entity), [view, entity]);
  const targets = useMemo(() => filterTargets(all), [all]);
  const shownColumns = useMemo(() => setup.shown.map((p) => byPath.get(p)).filter((c): c is UiColumn => c !== undefined), [setup.shown, byPath]);
  const ctx: CellContext = useMemo(() => ({ bundle, format, t }), [bundle, format, t]);
  // Selection belongs to one result set: another filter, sort or search starts with none.
  const [selected, setSelected] = useState<{ key: string; rows: RowSelectionState }>({ key: '', rows: {} });
  const [notice, setNotice] = useNotice();
  const settled = useAfterFirstScreen();
  useEffect(() => {
    if (settled && !phone) void loadBulkBar().catch(() => undefined);
  }, [settled, phone]);
  const resultKey = JSON.stringify(state.query);
  const selection = selected.key === resultKey ? selected.rows : NO_ROWS;
  const setSelection = useCallback((rows: RowSelectionState) => setSelected({ key: resultKey, rows }), [resultKey]);

  const selectedIds = Object.keys(selection).filter((id) => selection[id]);
  const openRecord = useCallback((record: RecordData) => navigate({ name: 'record', entity: entity.name, id: record.id }), [entity.name]);

  return (
    <div className={`list-page ${phone ? 'is-phone' : ''}`} data-view={view.name} lang={locale}>
      <ListHeader
        view={view}
        entity={entity}
        total={list.total}
        saved={setup.saved}
        onApplySaved={state.applySaved}
        savedBody={() => ({ entity: entity.name, columns: [...setup.shown], sort: [...setup.sort], filter: clausesToLogic(setup.clauses, fieldAt) ?? null })}
      />
      <div className="toolbar">
        {entity.searchable && (
          <SearchBox value={setup.q} placeholder={t('list.searchPlaceholder', { entity: entity.pluralLabel })} onChange={state.setSearch} />
        )}
        <FilterBar targets={targets} clauses={setup.clauses} onChange={state.setClauses} />
        <div className="toolbar-spacer" />
        {!phone && <ColumnChooser all={all} shown={setup.shown} onChange={state.setShown} />}
      </div>
      {selectedIds.length > 0 && (
        <Suspense fallback={null}>
          <BulkBar
            entity={entity}
            ids={selectedIds}
            onClear={() => setSelection({})}
            onDone={(changed) => {
              setSelection({});
              setNotice(changed);
            }}
          />
        </Suspense>
      )}
      {notice !== null && (
        <div className="notice" role="status">
          <Icon name="check" /> {t('list.done', { count: format.number(notice) })}
        </div>
      )}
      {list.error && (
        <div className="alert" role="alert">
          <strong>{t('error.title')}</strong>
          {(list.error instanceof ApiError ? list.error.messages : [list.error.message]).map((m, i) => (
            <div key={i}>{m}</div>
          ))}
        </div>
      )}
      {phone ? (
        <ListCards key={resultKey} entity={entity} columns={shownColumns} list={list} onOpen={openRecord} ctx={ctx} />
      ) : (
        <ListTable
          key={resultKey}
          entity={entity}
          all={all}
          shown={setup.shown}
          sort={setup.sort}
          list={list}
          selection={selection}
          onSelection={setSelection}
          onSort={state.setSort}
          onOpen={openRecord}
          ctx={ctx}
        />
      )}
    </div>
  );
}
