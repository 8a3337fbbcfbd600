import { useId, type ReactNode } from 'react';
import { X } from 'lucide-react';

import { useEscape } from './useEscape';

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

/** A panel sliding over the right side of the page; Escape or the backdrop closes it. */
export const Drawer = ({ title, subtitle, actions, leading, size = 'default', onClose, children }: DrawerProps) => {
  const titleId = useId();
  useEscape(onClose);
  return (
    <div className="overlay" onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <aside className={`drawer${size === 'wide' ? ' drawer--wide' : ''}`} role="dialog" aria-modal="true" aria-labelledby={titleId}>
        <header className="drawer__header">
          {leading ? <div className="drawer__leading">{leading}</div> : null}
          <div className="drawer__titles">
            <h2 id={titleId} className="drawer__title">
              {title}
            </h2>
            {subtitle ? <div className="drawer__subtitle">{subtitle}</div> : null}
          </div>
          <div className="drawer__actions">
            {actions}
            <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
              <X size={16} />
            </button>
          </div>
        </header>
        <div className="drawer__body">{children}</div>
      </aside>
    </div>
  );
};
