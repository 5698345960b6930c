import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * A button with a panel that opens below it; closes on outside click and Escape.
 * `children` may be a function receiving `close`.
 */
export function Popover({ button, children, align = 'left', className, label, open: controlled, onOpenChange }: {
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
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (event: MouseEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  });
  const close = () => setOpen(false);
  return (
    <div className={`popover-root ${className ?? ''}`} ref={root}>
      <button type="button" className="btn btn-ghost" aria-expanded={open} aria-haspopup="dialog" aria-label={label} onClick={() => setOpen(!open)}>
        {button}
      </button>
      {open && (
        <div className={`popover popover-${align}`} role="dialog" aria-label={label}>
          {typeof children === 'function' ? children(close) : children}
        </div>
      )}
    </div>
  );
}
