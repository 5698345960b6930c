import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import {
  columnVisibilityFeature,
  createColumnHelper,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnDef,
  type RowSelectionState,
  type SortingState,
  type Updater,
  type ColumnVisibilityState as VisibilityState,
} from '@tanstack/react-table';
import type { UiBundle, UiColumn, UiEntity, UiView } from '@loom/metadata';
import { ApiError, type RecordData, type SavedView } from '../api/index.ts';
import { linkHandler, navigate } from '../app/router.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Icon } from '../ui/Icon.tsx';
import { Popover } from '../ui/Popover.tsx';
import { useDebounced, useMediaQuery } from '../ui/hooks.ts';
import { BulkBar } from './BulkBar.tsx';
import { Cell, textOf, type CellContext } from './cells.tsx';
import { availableColumns, columnWidth, expandFor, isNumeric, isSortable, valueAt } from './columns.ts';
import { FilterBar, filterTargets } from './FilterBar.tsx';
import { clausesToLogic, combineFilters, logicToClauses, type FilterClause } from './filters.ts';
import { SavedViewsMenu } from './SavedViewsMenu.tsx';
import { useRecordList } from './useRecordList.ts';

const ROW_HEIGHT = 44;
const HEADER_HEIGHT = 40;
const CARD_HEIGHT = 136;
const OVERSCAN = 12;
const SELECT_COLUMN = '__select';

const features = tableFeatures({ columnVisibilityFeature, rowSortingFeature, rowSelectionFeature });
const helper = createColumnHelper<typeof features, RecordData>();

function toSorting(sort: readonly string[]): SortingState {
  return sort.map((key) => ({ id: key.replace(/^-/, ''), desc: key.startsWith('-') }));
}

function fromSorting(sorting: SortingState): string[] {
  return sorting.map((s) => (s.desc ? `-${s.id}` : s.id));
}

function resolve<T>(updater: Updater<T>, current: T): T {
  return typeof updater === 'function' ? (updater as (old: T) => T)(current) : updater;
}

export function ListPage({ view: viewName, bundle }: { view: string; bundle: UiBundle }) {
  const view = bundle.views[viewName];
  const entity = view ? bundle.entities[view.entity] : undefined;
  const { t } = useI18n();
  if (!view || !entity) {
    return (
      <div className="page-empty">
        <p>{t('shell.notFound')}</p>
      </div>
    );
  }
  return <ListOfView key={view.name} bundle={bundle} view={view} entity={entity} />;
}

interface ListSetup {
  readonly shown: string[];
  readonly sort: string[];
  readonly clauses: FilterClause[];
}

function ListOfView({ bundle, view, entity }: { bundle: UiBundle; view: UiView; entity: UiEntity }) {
  const { t, format, locale } = useI18n();
  const phone = useMediaQuery('(max-width: 640px)');
  const all = useMemo(() => availableColumns(view, entity), [view, entity]);
  const byPath = useMemo(() => new Map(all.map((c) => [c.path, c])), [all]);
  const fieldAt = useCallback((path: string) => byPath.get(path)?.field ?? entity.fields[path], [byPath, entity]);
  const standard: ListSetup = useMemo(() => ({ shown: view.columns.map((c) => c.path), sort: [...view.sort], clauses: [] }), [view]);

  const [setup, setSetup] = useState<ListSetup>(standard);
  const [savedView, setSavedView] = useState<SavedView | null>(null);
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [notice, setNotice] = useState<number | null>(null);

  const shownColumns = useMemo(() => setup.shown.map((p) => byPath.get(p)).filter((c): c is UiColumn => c !== undefined), [setup.shown, byPath]);
  const filter = useMemo(() => combineFilters(view.filter, setup.clauses, fieldAt), [view.filter, setup.clauses, fieldAt]);
  const list = useRecordList({ entity: entity.name, filter, q: entity.searchable ? q : undefined, sort: setup.sort, expand: expandFor(shownColumns) });

  // Selection and notices belong to one result set.
  useEffect(() => setRowSelection({}), [filter, q]);
  useEffect(() => {
    if (notice === null) return;
    const timer = setTimeout(() => setNotice(null), 4000);
    return () => clearTimeout(timer);
  }, [notice]);

  // --- virtual window -------------------------------------------------------------
  const scroller = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState({ top: 0, height: 800 });
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const measure = () => setViewport({ top: element.scrollTop, height: element.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [phone]);
  const frame = useRef(0);
  const onScroll = () => {
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => {
      const element = scroller.current;
      if (element) setViewport({ top: element.scrollTop, height: element.clientHeight });
    });
  };
  // Back to the top when the result set changes.
  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
    setViewport((v) => ({ ...v, top: 0 }));
  }, [filter, q, setup.sort]);

  const itemHeight = phone ? CARD_HEIGHT : ROW_HEIGHT;
  const offset = phone ? 0 : HEADER_HEIGHT;
  const count = list.total ?? list.rows.length + (list.done ? 0 : 1);
  const first = Math.max(0, Math.floor((viewport.top - offset) / itemHeight) - OVERSCAN);
  const last = Math.min(count - 1, Math.ceil((viewport.top + viewport.height - offset) / itemHeight) + OVERSCAN);
  const { ensure } = list;
  useEffect(() => {
    if (last >= 0) ensure(last + 1);
  }, [last, ensure]);
  const windowRows = useMemo(() => list.rows.slice(first, Math.min(last + 1, list.rows.length)), [list.rows, first, last]);

  // --- table model ----------------------------------------------------------------
  const rowsRef = useRef(list.rows);
  rowsRef.current = list.rows;
  const selectionRef = useRef(rowSelection);
  selectionRef.current = rowSelection;
  const ctx: CellContext = useMemo(() => ({ bundle, format, t }), [bundle, format, t]);
  const ordered = useMemo(() => [...shownColumns, ...all.filter((c) => !setup.shown.includes(c.path))], [shownColumns, all, setup.shown]);
  const columns = useMemo(
    () =>
      [
        helper.display({
          id: SELECT_COLUMN,
          header: () => (
            <input
              type="checkbox"
              aria-label={t('list.selectAll')}
              checked={rowsRef.current.length > 0 && rowsRef.current.every((r) => selectionRef.current[r.id])}
              onChange={(e) => setRowSelection(e.target.checked ? Object.fromEntries(rowsRef.current.map((r) => [r.id, true])) : {})}
            />
          ),
          cell: ({ row }) => (
            <input type="checkbox" aria-label={t('list.selectRow')} checked={row.getIsSelected()} onClick={(e) => e.stopPropagation()} onChange={() => row.toggleSelected()} />
          ),
          enableSorting: false,
          enableHiding: false,
        }),
        ...ordered.map((column) =>
          helper.accessor((row) => valueAt(row, column.path), {
            id: column.path,
            header: column.label,
            cell: (info) => <Cell field={column.field} value={info.getValue()} ctx={ctx} />,
            enableSorting: isSortable(column),
            sortDescFirst: false,
          }),
        ),
      ] as ColumnDef<typeof features, RecordData, any>[],
    [ordered, ctx, t],
  );
  const columnVisibility: VisibilityState = useMemo(() => Object.fromEntries(all.map((c) => [c.path, setup.shown.includes(c.path)])), [all, setup.shown]);
  const sorting = useMemo(() => toSorting(setup.sort), [setup.sort]);
  const table = useTable({
    features,
    columns,
    data: windowRows,
    getRowId: (row) => row.id,
    state: { sorting, rowSelection, columnVisibility },
    onSortingChange: (updater: Updater<SortingState>) => setSetup((s) => ({ ...s, sort: fromSorting(resolve(updater, toSorting(s.sort))) })),
    onRowSelectionChange: (updater: Updater<RowSelectionState>) => setRowSelection((s) => resolve(updater, s)),
    onColumnVisibilityChange: (updater: Updater<VisibilityState>) => {
      const next = resolve(updater, columnVisibility);
      setSetup((s) => ({ ...s, shown: [...s.shown.filter((p) => next[p] !== false), ...all.map((c) => c.path).filter((p) => next[p] && !s.shown.includes(p))] }));
    },
    manualSorting: true,
    enableMultiSort: true,
    maxMultiSortColCount: 5,
    isMultiSortEvent: (event) => (event as MouseEvent).shiftKey,
    enableRowSelection: true,
  });

  const leafColumns = table.getVisibleLeafColumns();
  const template = leafColumns
    .map((c) => (c.id === SELECT_COLUMN ? '44px' : `minmax(${columnWidth(byPath.get(c.id)!.field)}px, 1fr)`))
    .join(' ');
  const minWidth = leafColumns.reduce((sum, c) => sum + (c.id === SELECT_COLUMN ? 44 : columnWidth(byPath.get(c.id)!.field)), 0);
  const gridStyle: CSSProperties = { gridTemplateColumns: template };
  const selectedIds = Object.keys(rowSelection).filter((id) => rowSelection[id]);
  const targets = useMemo(() => filterTargets(all), [all]);

  const applySaved = (saved: SavedView | null) => {
    setSavedView(saved);
    if (!saved) return setSetup(standard);
    const shown = saved.columns.filter((p) => byPath.has(p));
    setSetup({ shown: shown.length > 0 ? shown : standard.shown, sort: [...(saved.sort ?? [])], clauses: logicToClauses(saved.filter, fieldAt) });
  };

  const openRecord = (record: RecordData) => navigate({ name: 'record', entity: entity.name, id: record.id });
  const titleField = entity.fields[entity.titleField];
  const cardColumns = shownColumns.filter((c) => c.path !== entity.titleField).slice(0, 4);
  const countText = list.total === undefined ? '' : list.total === 1 ? t('list.record') : t('list.records', { count: format.number(list.total) });

  return (
    <div className={`list-page ${phone ? 'is-phone' : ''}`} data-view={view.name} lang={locale}>
      <header className="page-header">
        <div className="page-title">
          <h1>{savedView ? savedView.name : view.label}</h1>
          <span className="page-count" data-testid="list-count">{countText}</span>
        </div>
        <div className="page-actions">
          <SavedViewsMenu
            entity={entity.name}
            view={view}
            current={savedView}
            onApply={applySaved}
            body={() => ({ entity: entity.name, columns: setup.shown, sort: setup.sort, filter: clausesToLogic(setup.clauses, fieldAt) ?? null })}
          />
          {entity.permissions.create && (
            <a className="btn btn-primary" href={`${import.meta.env.BASE_URL}e/${entity.name}/new`} onClick={linkHandler({ name: 'new', entity: entity.name })}>
              <Icon name="plus" /> <span>{t('list.new', { entity: entity.label })}</span>
            </a>
          )}
        </div>
      </header>

      <div className="toolbar">
        {entity.searchable && (
          <label className="search-box">
            <Icon name="search" />
            <input type="search" value={search} placeholder={t('list.searchPlaceholder', { entity: entity.pluralLabel })} aria-label={t('list.search')} onChange={(e) => setSearch(e.target.value)} />
          </label>
        )}
        <FilterBar bundle={bundle} targets={targets} clauses={setup.clauses} onChange={(clauses) => setSetup((s) => ({ ...s, clauses }))} />
        <div className="toolbar-spacer" />
        {!phone && (
          <Popover
            label={t('list.columns')}
            align="right"
            button={
              <>
                <Icon name="columns" /> <span>{t('list.columns')}</span>
              </>
            }
          >
            <div className="menu-list column-chooser">
              <div className="menu-heading">{t('list.columns')}</div>
              {all.map((column) => (
                <label key={column.path} className="check-row">
                  <input type="checkbox" checked={setup.shown.includes(column.path)} disabled={setup.shown.length === 1 && setup.shown[0] === column.path} onChange={() => table.getColumn(column.path)?.toggleVisibility()} />
                  <span>{column.label}</span>
                </label>
              ))}
            </div>
          </Popover>
        )}
      </div>

      {selectedIds.length > 0 && (
        <BulkBar
          bundle={bundle}
          entity={entity}
          ids={selectedIds}
          onClear={() => setRowSelection({})}
          onDone={(changed) => {
            setRowSelection({});
            setNotice(changed);
            list.reload();
          }}
        />
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

      <div className="grid-scroller" ref={scroller} onScroll={onScroll} data-testid="list-scroller">
        {phone ? (
          <div className="cards" style={{ height: count * CARD_HEIGHT }} role="list">
            {Array.from({ length: Math.max(0, last - first + 1) }, (_, k) => {
              const index = first + k;
              const record = list.rows[index];
              const style: CSSProperties = { top: index * CARD_HEIGHT, height: CARD_HEIGHT };
              if (!record) return <div key={`s${index}`} className="card card-skeleton" style={style} aria-hidden="true" />;
              return (
                <div key={record.id} className="card" role="listitem" style={style} tabIndex={0} onClick={() => openRecord(record)} onKeyDown={(e) => e.key === 'Enter' && openRecord(record)}>
                  <div className="card-title truncate">{(titleField && textOf(titleField, record[entity.titleField], ctx)) || '—'}</div>
                  <div className="card-fields">
                    {cardColumns.map((column) => (
                      <div key={column.path} className="card-field">
                        <span className="card-label">{column.label}</span>
                        <span className="card-value">
                          <Cell field={column.field} value={valueAt(record, column.path)} ctx={ctx} />
                        </span>
                      </div>
                    ))}
                  </div>
                </div>
              );
            })}
          </div>
        ) : (
          <div className="grid" role="table" aria-rowcount={count} style={{ height: HEADER_HEIGHT + count * ROW_HEIGHT, minWidth }}>
            {table.getHeaderGroups().map((group) => (
              <div key={group.id} className="grid-row grid-head" role="row" style={gridStyle}>
                {group.headers.map((header) => {
                  const column = byPath.get(header.column.id);
                  const sorted = header.column.getIsSorted();
                  const sortIndex = setup.sort.length > 1 && sorted ? header.column.getSortIndex() + 1 : 0;
                  const canSort = header.column.getCanSort();
                  return (
                    <div
                      key={header.id}
                      role="columnheader"
                      aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                      className={`grid-cell head-cell ${canSort ? 'sortable' : ''} ${column && isNumeric(column.field) ? 'num' : ''} ${sorted ? 'sorted' : ''} ${header.column.id === SELECT_COLUMN ? 'select-cell' : ''}`}
                      title={canSort ? t('list.sortHint') : undefined}
                      onClick={canSort ? header.column.getToggleSortingHandler() : undefined}
                    >
                      <span className="truncate">
                        <table.FlexRender header={header} />
                      </span>
                      {sorted && (
                        <span className="sort-mark">
                          <Icon name={sorted === 'asc' ? 'arrow-up' : 'arrow-down'} size={13} />
                          {sortIndex > 0 && <sup>{sortIndex}</sup>}
                        </span>
                      )}
                    </div>
                  );
                })}
              </div>
            ))}
            {table.getRowModel().rows.map((row, k) => {
              const index = first + k;
              return (
                <div
                  key={row.id}
                  role="row"
                  aria-rowindex={index + 2}
                  aria-selected={row.getIsSelected()}
                  className={`grid-row ${row.getIsSelected() ? 'selected' : ''} ${index % 2 ? 'odd' : ''}`}
                  style={{ ...gridStyle, top: HEADER_HEIGHT + index * ROW_HEIGHT }}
                  tabIndex={0}
                  onClick={() => openRecord(row.original)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' && e.target === e.currentTarget) openRecord(row.original);
                  }}
                >
                  {row.getVisibleCells().map((cell) => {
                    const column = byPath.get(cell.column.id);
                    return (
                      <div key={cell.id} role="cell" className={`grid-cell ${column && isNumeric(column.field) ? 'num' : ''} ${cell.column.id === SELECT_COLUMN ? 'select-cell' : ''} ${cell.column.id === entity.titleField ? 'title-cell' : ''}`}>
                        <table.FlexRender cell={cell} />
                      </div>
                    );
                  })}
                </div>
              );
            })}
            {Array.from({ length: Math.max(0, last + 1 - Math.max(first, list.rows.length)) }, (_, k) => {
              const index = Math.max(first, list.rows.length) + k;
              return (
                <div key={`s${index}`} className="grid-row skeleton-row" aria-hidden="true" style={{ ...gridStyle, top: HEADER_HEIGHT + index * ROW_HEIGHT }}>
                  {leafColumns.map((c) => (
                    <div key={c.id} className="grid-cell">
                      {c.id !== SELECT_COLUMN && <span className="skeleton" />}
                    </div>
                  ))}
                </div>
              );
            })}
          </div>
        )}
        {list.done && list.rows.length === 0 && !list.error && (
          <div className="empty-state">
            <Icon name="inbox" size={36} />
            <p className="empty-title">{t('list.empty')}</p>
            <p className="muted">{t('list.emptyHint')}</p>
          </div>
        )}
      </div>
    </div>
  );
}
