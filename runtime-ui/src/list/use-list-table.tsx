import { useMemo } from 'react';
import {
  columnVisibilityFeature,
  createColumnHelper,
  metaHelper,
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
import type { UiColumn } from '@loom/metadata';
import type { RecordData } from '../api/index.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Cell, type CellContext } from './cells.tsx';
import { isSortable, valueAt } from './columns.ts';

export const SELECT_COLUMN = '__select';

/** What the select-all header reads at render, through the table (the columns do not change with it). */
interface ListTableMeta {
  /** Every row loaded is selected (and some are). */
  readonly allSelected: boolean;
  /** Selects every row loaded, or none. */
  selectAll(on: boolean): void;
}

const features = tableFeatures({ columnVisibilityFeature, rowSortingFeature, rowSelectionFeature, tableMeta: metaHelper<ListTableMeta>() });
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

export interface ListTableModel {
  readonly all: readonly UiColumn[];
  readonly shown: readonly string[];
  readonly sort: readonly string[];
  /** The rows in the viewport (the table model is built for them only). */
  readonly windowRows: RecordData[];
  /** Every row loaded, for "select all". */
  readonly rows: readonly RecordData[];
  readonly selection: RowSelectionState;
  onSelection(selection: RowSelectionState): void;
  onSort(sort: string[]): void;
  readonly ctx: CellContext;
}

/**
 * The table model (TanStack Table) of a list: a selection column, then every available column
 * (the hidden ones invisible), sorting on the server (shift-click adds a key, up to five).
 */
export function useListTable({ all, shown, sort, windowRows, rows, selection, onSelection, onSort, ctx }: ListTableModel) {
  const { t } = useI18n();
  const allSelected = rows.length > 0 && rows.every((r) => selection[r.id]);
  const ordered = useMemo(() => {
    const byPath = new Map(all.map((c) => [c.path, c]));
    return [...shown.map((p) => byPath.get(p)).filter((c): c is UiColumn => c !== undefined), ...all.filter((c) => !shown.includes(c.path))];
  }, [all, shown]);
  const columns = useMemo(
    () =>
      [
        helper.display({
          id: SELECT_COLUMN,
          // The model holds the viewport's rows only: "all" is every row loaded, read through the table's meta.
          header: ({ table }) => (
            <input
              type="checkbox"
              aria-label={t('list.selectAll')}
              checked={table.options.meta?.allSelected ?? false}
              onChange={(e) => table.options.meta?.selectAll(e.target.checked)}
            />
          ),
          cell: ({ row }) => (
            <input
              type="checkbox"
              aria-label={t('list.selectRow')}
              checked={row.getIsSelected()}
              onClick={(e) => e.stopPropagation()}
              onChange={() => row.toggleSelected()}
            />
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
  const columnVisibility: VisibilityState = useMemo(() => Object.fromEntries(all.map((c) => [c.path, shown.includes(c.path)])), [all, shown]);
  const sorting = useMemo(() => toSorting(sort), [sort]);
  return useTable({
    features,
    columns,
    data: windowRows,
    getRowId: (row) => row.id,
    meta: { allSelected, selectAll: (on: boolean) => onSelection(on ? Object.fromEntries(rows.map((r) => [r.id, true])) : {}) },
    state: { sorting, rowSelection: selection, columnVisibility },
    onSortingChange: (updater: Updater<SortingState>) => onSort(fromSorting(resolve(updater, sorting))),
    onRowSelectionChange: (updater: Updater<RowSelectionState>) => onSelection(resolve(updater, selection)),
    manualSorting: true,
    enableMultiSort: true,
    maxMultiSortColCount: 5,
    isMultiSortEvent: (event) => (event as MouseEvent).shiftKey,
    enableRowSelection: true,
  });
}
