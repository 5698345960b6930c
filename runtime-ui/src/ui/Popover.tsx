import { useState, type CSSProperties, type HTMLProps, type ReactNode } from 'react';
import { autoUpdate, flip, FloatingFocusManager, offset, shift, size, useClick, useDismiss, useFloating, useInteractions, useRole } from '@floating-ui/react';

/**
 * A button with a panel that opens below it (Floating UI places it, flipping above or
 * sliding sideways when there is no room, and keeps it there while the page scrolls).
 * Click outside or Escape closes it; focus moves into the panel when it opens and returns
 * to the button when it closes. `children` may be a function receiving `close`.
 * Controlled when `open` is given (with `onOpenChange`).
 */
export function Popover({
  button,
  children,
  align = 'left',
  className,
  label,
  open: controlled,
  onOpenChange,
}: {
  button: ReactNode;
  children: ReactNode | ((close: () => void) => ReactNode);
  align?: 'left' | 'right';
  className?: string;
  label?: string;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
}) {
  const [own, setOwn] = useState(false);
  const open = controlled ?? own;
  const setOpen = (value: boolean) => {
    if (controlled === undefined) setOwn(value);
    onOpenChange?.(value);
  };
  const {
    refs: { setReference, setFloating },
    floatingStyles,
    context,
  } = useFloating({
    open,
    onOpenChange: setOpen,
    placement: align === 'right' ? 'bottom-end' : 'bottom-start',
    // Fixed, so a scrolling or clipping parent (a table, the bulk bar) never cuts the panel.
    strategy: 'fixed',
    middleware: [offset(6), flip({ padding: 8 }), shift({ padding: 8 })],
    whileElementsMounted: autoUpdate,
  });
  const { getReferenceProps, getFloatingProps } = useInteractions([useClick(context), useDismiss(context), useRole(context, { role: 'dialog' })]);
  const close = () => setOpen(false);
  return (
    <div className={`popover-root ${className ?? ''}`}>
      <button type="button" className="btn btn-ghost" aria-label={label} ref={setReference} {...getReferenceProps()}>
        {button}
      </button>
      {open && (
        <FloatingFocusManager context={context} modal={false}>
          <div className="popover" aria-label={label} ref={setFloating} style={floatingStyles} {...getFloatingProps()}>
            {typeof children === 'function' ? children(close) : children}
          </div>
        </FloatingFocusManager>
      )}
    </div>
  );
}

export interface AnchoredMenu {
  /** On the box the menu hangs from (the combobox). */
  setAnchor(node: HTMLElement | null): void;
  /** On the menu itself. */
  setMenu(node: HTMLElement | null): void;
  readonly style: CSSProperties;
  menuProps(props?: HTMLProps<HTMLElement>): Record<string, unknown>;
}

/**
 * A combobox's drop-down (lookup and select inputs): as wide as its box at least, below
 * it or above when there is no room, never taller than the space left (nor `maxHeight`).
 * Focus stays in the input, as a combobox wants; a press outside or Escape closes it.
 */
export function useAnchoredMenu(open: boolean, setOpen: (open: boolean) => void, maxHeight = 280): AnchoredMenu {
  const {
    refs: { setReference, setFloating },
    floatingStyles,
    context,
  } = useFloating({
    open,
    onOpenChange: setOpen,
    placement: 'bottom-start',
    strategy: 'fixed',
    middleware: [
      offset(4),
      flip({ padding: 8 }),
      shift({ padding: 8 }),
      size({
        padding: 8,
        apply({ rects, availableHeight, elements }) {
          elements.floating.style.minWidth = `${Math.max(rects.reference.width, 220)}px`;
          elements.floating.style.maxHeight = `${Math.max(120, Math.min(maxHeight, availableHeight))}px`;
        },
      }),
    ],
    whileElementsMounted: autoUpdate,
  });
  const { getFloatingProps } = useInteractions([useDismiss(context)]);
  return { setAnchor: setReference, setMenu: setFloating, style: { ...floatingStyles, zIndex: 60 }, menuProps: getFloatingProps };
}
