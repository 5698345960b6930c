import { useEffect, useLayoutEffect, useState, type CSSProperties, type RefObject } from 'react';

/**
 * Where a drop-down menu goes: fixed under its anchor (above it when there is no room),
 * so scrolling containers such as a lines table never clip it.
 */
export function useFloating(anchor: RefObject<HTMLElement | null>, open: boolean, maxHeight = 280): CSSProperties {
  const [style, setStyle] = useState<CSSProperties>({ display: 'none' });
  useLayoutEffect(() => {
    if (!open) return;
    const place = () => {
      const rect = anchor.current?.getBoundingClientRect();
      if (!rect) return;
      const below = window.innerHeight - rect.bottom;
      const above = rect.top;
      const up = below < Math.min(maxHeight, 200) && above > below;
      const width = Math.max(rect.width, 220);
      const left = Math.max(8, Math.min(rect.left, window.innerWidth - width - 8));
      setStyle({
        position: 'fixed',
        left,
        width,
        maxHeight: Math.max(120, Math.min(maxHeight, (up ? above : below) - 12)),
        ...(up ? { bottom: window.innerHeight - rect.top + 4 } : { top: rect.bottom + 4 }),
        zIndex: 60,
      });
    };
    place();
    window.addEventListener('scroll', place, true);
    window.addEventListener('resize', place);
    return () => {
      window.removeEventListener('scroll', place, true);
      window.removeEventListener('resize', place);
    };
  }, [anchor, open, maxHeight]);
  return style;
}

/** Calls onClose on a pointer press outside the given elements or on Escape. */
export function useDismiss(refs: RefObject<HTMLElement | null>[], open: boolean, onClose: () => void) {
  useEffect(() => {
    if (!open) return;
    const down = (event: PointerEvent) => {
      if (refs.some((r) => r.current?.contains(event.target as Node))) return;
      onClose();
    };
    const key = (event: KeyboardEvent) => event.key === 'Escape' && onClose();
    document.addEventListener('pointerdown', down, true);
    document.addEventListener('keydown', key);
    return () => {
      document.removeEventListener('pointerdown', down, true);
      document.removeEventListener('keydown', key);
    };
  }, [open, onClose, refs]);
}
