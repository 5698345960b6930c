import { useEffect, useMemo, type RefObject } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { RecordList } from './use-list-query.ts';

const OVERSCAN = 12;

/**
 * The window of a virtual list (TanStack Virtual): which rows are in and near the viewport,
 * fixed-height rows below an optional header; the rows it reaches are asked for from the
 * server. Until the total is known, one row more than loaded stands for "there is more".
 */
export function useListWindow(list: RecordList, scroller: RefObject<HTMLDivElement | null>, itemHeight: number, header = 0) {
  const count = list.total ?? list.rows.length + (list.done ? 0 : 1);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => itemHeight,
    paddingStart: header,
    overscan: OVERSCAN,
    initialRect: { width: 0, height: 800 },
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.length > 0 ? items[items.length - 1].index : -1;
  const { ensure } = list;
  useEffect(() => {
    if (last >= 0) ensure(last + 1);
  }, [last, ensure]);
  const windowRows = useMemo(() => list.rows.slice(first, Math.min(last + 1, list.rows.length)), [list.rows, first, last]);
  return { count, first, last, windowRows, totalSize: virtualizer.getTotalSize() };
}
