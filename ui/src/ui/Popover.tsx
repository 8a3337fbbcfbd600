import { useRef, type ReactNode } from 'react';
import * as RadixPopover from '@radix-ui/react-popover';

export type PopoverProps = {
  /** The popover's accessible name. */
  label: string;
  onClose: () => void;
  /** Which edge of its anchor it lines up with. */
  align?: 'left' | 'right';
  /** `popover--up` opens it above its anchor. */
  className?: string;
  children: ReactNode;
};

/**
 * A small panel under the element it belongs to (Radix Popover); place both inside
 * `.popover-anchor`. Escape or a press outside the anchor closes it (a press on the anchor's
 * own button is left to that button, which usually toggles it). Focus stays where it was.
 */
export const Popover = ({ label, onClose, align = 'left', className, children }: PopoverProps) => {
  const anchor = useRef<HTMLSpanElement>(null);
  const up = className?.split(' ').includes('popover--up') ?? false;
  return (
    <RadixPopover.Root open onOpenChange={(open) => (open ? undefined : onClose())}>
      <RadixPopover.Anchor asChild>
        <span ref={anchor} className="popover__anchor" aria-hidden="true" />
      </RadixPopover.Anchor>
      <RadixPopover.Content
        role="dialog"
        aria-label={label}
        className={`popover popover--floating${className ? ` ${className}` : ''}`}
        side={up ? 'top' : 'bottom'}
        align={align === 'right' ? 'end' : 'start'}
        sideOffset={up ? 8 : 4}
        onOpenAutoFocus={(event) => event.preventDefault()}
        onPointerDownOutside={(event) => {
          const box = anchor.current?.parentElement;
          if (box && event.target instanceof Node && box.contains(event.target)) event.preventDefault();
        }}
      >
        {children}
      </RadixPopover.Content>
    </RadixPopover.Root>
  );
};
