import { useDeferredValue, useEffect, useMemo, type RefObject } from 'react';
import { observeElementRect, useVirtualizer, type Rect, type Virtualizer } from '@tanstack/react-virtual';
import type { RecordList } from './use-list-query.ts';

const OVERSCAN = 12;

/** The scroller's height before the browser has laid it out: a screen's worth of rows. */
const INITIAL_RECT: Rect = { width: 0, height: 800 };

/**
 * The scroller's size as the browser lays it out, from a ResizeObserver: its first report
 * comes once the list's first layout is done, and again on every resize. (The library's
 * own observer also reads the size at once when the list mounts, which forces that first
 * layout in the middle of the commit; until the first report, `initialRect` stands for it.)
 */
function observeLaidOutRect(instance: Virtualizer<HTMLDivElement, Element>, cb: (rect: Rect) => void) {
  const element = instance.scrollElement;
  const ResizeObserver = instance.targetWindow?.ResizeObserver;
  if (!element || !ResizeObserver) return observeElementRect(instance, cb);
  const observer = new ResizeObserver(() => cb({ width: element.clientWidth, height: element.clientHeight }));
  observer.observe(element, { box: 'content-box' });
  return () => observer.disconnect();
}

/**
 * The window of a virtual list (TanStack Virtual): which rows are in and near the viewport,
 * fixed-height rows below an optional header; the rows it reaches are asked for from the
 * server. Until the total is known, one row more than loaded stands for "there is more".
 *
 * The virtualizer lays out every row it counts (100,000 for a big list). The rows are of
 * one height, so the scroll height is the count times it from the start; the virtualizer
 * itself first counts only the rows loaded and is handed the whole count in a render of
 * its own right after (React's deferred value), so the first rows are drawn without it.
 */
export function useListWindow(list: RecordList, scroller: RefObject<HTMLDivElement | null>, itemHeight: number, header = 0) {
  const count = list.total ?? list.rows.length + (list.done ? 0 : 1);
  const loaded = Math.min(count, list.rows.length + 1);
  const laidOut = Math.max(useDeferredValue(count, loaded), loaded);
  const virtualizer = useVirtualizer({
    count: laidOut,
    getScrollElement: () => scroller.current,
    estimateSize: () => itemHeight,
    paddingStart: header,
    overscan: OVERSCAN,
    initialRect: INITIAL_RECT,
    observeElementRect: observeLaidOutRect,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.length > 0 ? items[items.length - 1].index : -1;
  const { ensure } = list;
  useEffect(() => {
    if (last >= 0) ensure(last + 1);
  }, [last, ensure]);
  const windowRows = useMemo(() => list.rows.slice(first, Math.min(last + 1, list.rows.length)), [list.rows, first, last]);
  return { count, first, last, windowRows, totalSize: header + count * itemHeight };
}
