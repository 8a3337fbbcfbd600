import { useEffect, useRef, type ReactNode } from 'react';

import { useEscape } from './useEscape';

export type PopoverProps = {
  /** The popover's accessible name. */
  label: string;
  onClose: () => void;
  /** Which edge of its anchor it lines up with. */
  align?: 'left' | 'right';
  className?: string;
  children: ReactNode;
};

/**
 * A small panel under the element it belongs to; place both inside `.popover-anchor`.
 * Escape or a click outside the anchor closes it (a click on the anchor's own button is left
 * to that button, which usually toggles it).
 */
export const Popover = ({ label, onClose, align = 'left', className, children }: PopoverProps) => {
  const ref = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  useEscape(onClose);

  useEffect(() => {
    const handleMouseDown = (event: MouseEvent) => {
      const anchor = ref.current?.parentElement;
      if (anchor && event.target instanceof Node && !anchor.contains(event.target)) close.current();
    };
    document.addEventListener('mousedown', handleMouseDown);
    return () => document.removeEventListener('mousedown', handleMouseDown);
  }, []);

  return (
    <div ref={ref} className={`popover popover--${align}${className ? ` ${className}` : ''}`} role="dialog" aria-label={label}>
      {children}
    </div>
  );
};
