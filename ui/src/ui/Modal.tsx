import type { ReactNode } from 'react';
import * as RadixDialog from '@radix-ui/react-dialog';

export type ModalProps = {
  /** The overlay's classes (`overlay`, `overlay overlay--center`). */
  overlayClassName: string;
  onClose: () => void;
  /** A Radix `Dialog.Content` with its title. */
  children: ReactNode;
};

/**
 * A modal layer (Radix Dialog): focus moves in and stays in, Escape closes the innermost
 * layer, a press on the backdrop closes it, and the rest of the page is hidden from
 * assistive technology. Toasts stay usable on top (an Undo while a drawer is open).
 */
export const Modal = ({ overlayClassName, onClose, children }: ModalProps) => (
  <RadixDialog.Root open onOpenChange={(open) => (open ? undefined : onClose())}>
    <RadixDialog.Portal>
      <RadixDialog.Overlay className={overlayClassName}>{children}</RadixDialog.Overlay>
    </RadixDialog.Portal>
  </RadixDialog.Root>
);

/** Presses and focus on a toast are not "outside" a modal layer: they must not close it. */
export const keepOpenForToasts = (event: { target: EventTarget | null; preventDefault: () => void }) => {
  if (event.target instanceof Element && event.target.closest('.toasts')) event.preventDefault();
};

/**
 * Escape inside an element marked `data-local-escape` (an inline form, an open suggestion
 * list) is that element's: it leaves the form, not the whole layer.
 */
export const keepOpenForLocalEscape = (event: KeyboardEvent) => {
  if (event.target instanceof Element && event.target.closest('[data-local-escape]')) event.preventDefault();
};

export const ModalContent = RadixDialog.Content;
export const ModalTitle = RadixDialog.Title;
export const ModalClose = RadixDialog.Close;
