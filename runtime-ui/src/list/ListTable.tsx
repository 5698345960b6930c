import { useRef, type CSSProperties } from 'react';
import type { RowSelectionState } from '@tanstack/react-table';
import type { UiColumn, UiEntity } from '@loom/metadata';
import type { RecordData } from '../api/index.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Icon } from '../ui/Icon.tsx';
import type { CellContext } from './cells.tsx';
import { columnWidth, isNumeric } from './columns.ts';
import { ListEmpty } from './ListEmpty.tsx';
import type { RecordList } from './use-list-query.ts';
import { SELECT_COLUMN, useListTable } from './use-list-table.tsx';
import { useListWindow } from './use-list-window.ts';

const ROW_HEIGHT = 44;
const HEADER_HEIGHT = 40;

interface Props {
  readonly entity: UiEntity;
  readonly all: readonly UiColumn[];
  readonly shown: readonly string[];
  readonly sort: readonly string[];
  readonly list: RecordList;
  readonly selection: RowSelectionState;
  onSelection(selection: RowSelectionState): void;
  onSort(sort: string[]): void;
  onOpen(record: RecordData): void;
  readonly ctx: CellContext;
}

/** The list as a grid on wider screens: sortable headers, selectable rows, only the visible rows rendered. */
export function ListTable({ entity, all, shown, sort, list, selection, onSelection, onSort, onOpen, ctx }: Props) {
  const { t } = useI18n();
  const scroller = useRef<HTMLDivElement>(null);
  const view = useListWindow(list, scroller, ROW_HEIGHT, HEADER_HEIGHT);
  const table = useListTable({ all, shown, sort, windowRows: view.windowRows, rows: list.rows, selection, onSelection, onSort, ctx });
  const byPath = new Map(all.map((c) => [c.path, c]));
  const leafColumns = table.getVisibleLeafColumns();
  const width = (id: string) => (id === SELECT_COLUMN ? 44 : columnWidth(byPath.get(id)!.field));
  const gridStyle: CSSProperties = {
    gridTemplateColumns: leafColumns.map((c) => (c.id === SELECT_COLUMN ? '44px' : `minmax(${width(c.id)}px, 1fr)`)).join(' '),
  };
  const minWidth = leafColumns.reduce((sum, c) => sum + width(c.id), 0);
  const numeric = (id: string) => {
    const column = byPath.get(id);
    return column && isNumeric(column.field) ? 'num' : '';
  };
  const skeletonFrom = Math.max(view.first, list.rows.length);

  return (
    <div className="grid-scroller" ref={scroller} data-testid="list-scroller">
      <div className="grid" role="table" aria-rowcount={view.count} style={{ height: Math.max(view.totalSize, HEADER_HEIGHT), minWidth }}>
        {table.getHeaderGroups().map((group) => (
          <div key={group.id} className="grid-row grid-head" role="row" style={gridStyle}>
            {group.headers.map((header) => {
              const sorted = header.column.getIsSorted();
              const sortIndex = sort.length > 1 && sorted ? header.column.getSortIndex() + 1 : 0;
              const canSort = header.column.getCanSort();
              return (
                <div
                  key={header.id}
                  role="columnheader"
                  aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                  className={`grid-cell head-cell ${canSort ? 'sortable' : ''} ${numeric(header.column.id)} ${sorted ? 'sorted' : ''} ${header.column.id === SELECT_COLUMN ? 'select-cell' : ''}`}
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
          const index = view.first + k;
          return (
            <div
              key={row.id}
              role="row"
              aria-rowindex={index + 2}
              aria-selected={row.getIsSelected()}
              className={`grid-row ${row.getIsSelected() ? 'selected' : ''} ${index % 2 ? 'odd' : ''}`}
              style={{ ...gridStyle, top: HEADER_HEIGHT + index * ROW_HEIGHT }}
              tabIndex={0}
              onClick={() => onOpen(row.original)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && e.target === e.currentTarget) onOpen(row.original);
              }}
            >
              {row.getVisibleCells().map((cell) => (
                <div
                  key={cell.id}
                  role="cell"
                  className={`grid-cell ${numeric(cell.column.id)} ${cell.column.id === SELECT_COLUMN ? 'select-cell' : ''} ${cell.column.id === entity.titleField ? 'title-cell' : ''}`}
                >
                  <table.FlexRender cell={cell} />
                </div>
              ))}
            </div>
          );
        })}
        {Array.from({ length: Math.max(0, view.last + 1 - skeletonFrom) }, (_, k) => (
          <div
            key={`s${skeletonFrom + k}`}
            className="grid-row skeleton-row"
            aria-hidden="true"
            style={{ ...gridStyle, top: HEADER_HEIGHT + (skeletonFrom + k) * ROW_HEIGHT }}
          >
            {leafColumns.map((c) => (
              <div key={c.id} className="grid-cell">
                {c.id !== SELECT_COLUMN && <span className="skeleton" />}
              </div>
            ))}
          </div>
        ))}
      </div>
      {list.done && list.rows.length === 0 && !list.error && <ListEmpty />}
    </div>
  );
}
