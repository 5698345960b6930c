import { useEffect, useMemo, useState, type RefObject } from 'react';
import type { RecordList } from './use-list-query.ts';

const OVERSCAN = 12;

interface Viewport {
  readonly top: number;
  readonly height: number;
}

/** The rows in and near the viewport (`last` is -1 when there are none). */
export function rangeOf(viewport: Viewport, count: number, itemHeight: number, header: number): { first: number; last: number } {
  if (count === 0) return { first: 0, last: -1 };
  const top = Math.max(0, viewport.top - header);
  const first = Math.max(0, Math.floor(top / itemHeight) - OVERSCAN);
  const last = Math.min(count - 1, Math.floor((top + viewport.height) / itemHeight) + OVERSCAN);
  return { first: Math.min(first, last), last };
}

/**
 * The scroller's position and height, followed while it scrolls or resizes. It is stored only
 * when the rows in view change, so scrolling within a row draws nothing again.
 */
function useViewport(scroller: RefObject<HTMLDivElement | null>, count: number, itemHeight: number, header: number): Viewport {
  // Before the scroller is measured, a typical screen's height (the first page shows at once).
  const [viewport, setViewport] = useState<Viewport>({ top: 0, height: 800 });
  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const read = () => {
      const next = { top: element.scrollTop, height: element.clientHeight };
      setViewport((was) => {
        const a = rangeOf(was, count, itemHeight, header);
        const b = rangeOf(next, count, itemHeight, header);
        return a.first === b.first && a.last === b.last ? was : next;
      });
    };
    // A ResizeObserver reports once as soon as it observes: the first measurement.
    const resize = new ResizeObserver(read);
    resize.observe(element);
    element.addEventListener('scroll', read, { passive: true });
    return () => {
      resize.disconnect();
      element.removeEventListener('scroll', read);
    };
  }, [scroller, count, itemHeight, header]);
  return viewport;
}

/**
 * The window of a virtual list: which rows are in and near the viewport, fixed-height rows
 * below an optional header; the rows it reaches are asked for from the server. Until the
 * total is known, one row more than loaded stands for "there is more". Rows have one height,
 * so the window is arithmetic on the scroll position (no measuring library needed).
 */
export function useListWindow(list: RecordList, scroller: RefObject<HTMLDivElement | null>, itemHeight: number, header = 0) {
  const count = list.total ?? list.rows.length + (list.done ? 0 : 1);
  const viewport = useViewport(scroller, count, itemHeight, header);
  const { first, last } = rangeOf(viewport, count, itemHeight, header);
  const { ensure } = list;
  useEffect(() => {
    if (last >= 0) ensure(last + 1);
  }, [last, ensure]);
  const windowRows = useMemo(() => list.rows.slice(first, Math.min(last + 1, list.rows.length)), [list.rows, first, last]);
  return { count, first, last, windowRows, totalSize: header + count * itemHeight };
}
