import { useId, type ReactNode } from 'react';
import { X } from 'lucide-react';

import { useEscape } from './useEscape';

export type DialogProps = {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** `wide` for forms with many fields side by side. */
  size?: 'normal' | 'wide';
};

/** A centred modal dialog; Escape or a click on the backdrop closes it. */
export const Dialog = ({ title, onClose, children, size = 'normal' }: DialogProps) => {
  const titleId = useId();
  useEscape(onClose);
  return (
    <div className="overlay overlay--center" onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <div className={`dialog${size === 'wide' ? ' dialog--wide' : ''}`} role="dialog" aria-modal="true" aria-labelledby={titleId}>
        <header className="dialog__header">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
            <X size={16} />
          </button>
        </header>
        <div className="dialog__body">{children}</div>
      </div>
    </div>
  );
};
