import type { ReactNode } from 'react';
import { X } from 'lucide-react';

import { keepOpenForLocalEscape, keepOpenForToasts, Modal, ModalClose, ModalContent, ModalTitle } from './Modal';

export type DialogProps = {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** `wide` for forms with many fields side by side. */
  size?: 'normal' | 'wide';
};

/** A centred modal dialog (Radix Dialog); Escape or a press on the backdrop closes it, focus stays inside. */
export const Dialog = ({ title, onClose, children, size = 'normal' }: DialogProps) => (
  <Modal overlayClassName="overlay overlay--center" onClose={onClose}>
    <ModalContent
      className={`dialog${size === 'wide' ? ' dialog--wide' : ''}`}
      aria-describedby={undefined}
      onPointerDownOutside={keepOpenForToasts}
      onFocusOutside={keepOpenForToasts}
      onEscapeKeyDown={keepOpenForLocalEscape}
    >
      <header className="dialog__header">
        <ModalTitle asChild>
          <h2>{title}</h2>
        </ModalTitle>
        <ModalClose className="icon-button" aria-label="Close">
          <X size={16} />
        </ModalClose>
      </header>
      <div className="dialog__body">{children}</div>
    </ModalContent>
  </Modal>
);
