import type { ReactNode } from 'react';
import { X } from 'lucide-react';

import { keepOpenForLocalEscape, keepOpenForToasts, Modal, ModalClose, ModalContent, ModalTitle } from './Modal';

export type DrawerProps = {
  title: ReactNode;
  /** Shown under the title: a status badge, a short hint. */
  subtitle?: ReactNode;
  /** Buttons in the header, left of the close button. */
  actions?: ReactNode;
  /** Before the title: an avatar or icon. */
  leading?: ReactNode;
  /** `wide`: a detail panel with two columns. */
  size?: 'default' | 'wide';
  onClose: () => void;
  children: ReactNode;
};

/** A panel sliding over the right side of the page (a Radix Dialog); Escape or the backdrop closes it. */
export const Drawer = ({ title, subtitle, actions, leading, size = 'default', onClose, children }: DrawerProps) => (
  <Modal overlayClassName="overlay" onClose={onClose}>
    <ModalContent asChild aria-describedby={undefined} onPointerDownOutside={keepOpenForToasts} onFocusOutside={keepOpenForToasts}
      onEscapeKeyDown={keepOpenForLocalEscape}>
      <aside className={`drawer${size === 'wide' ? ' drawer--wide' : ''}`}>
        <header className="drawer__header">
          {leading ? <div className="drawer__leading">{leading}</div> : null}
          <div className="drawer__titles">
            <ModalTitle asChild>
              <h2 className="drawer__title">{title}</h2>
            </ModalTitle>
            {subtitle ? <div className="drawer__subtitle">{subtitle}</div> : null}
          </div>
          <div className="drawer__actions">
            {actions}
            <ModalClose className="icon-button" aria-label="Close">
              <X size={16} />
            </ModalClose>
          </div>
        </header>
        <div className="drawer__body">{children}</div>
      </aside>
    </ModalContent>
  </Modal>
);
