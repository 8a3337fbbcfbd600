import { useState, type ReactNode } from 'react';

import { Button } from './Button';
import { Dialog } from './Dialog';

export type ConfirmDialogProps = {
  title: string;
  children: ReactNode;
  /** The confirming button's text: say what happens ("Delete tag"). */
  confirmLabel: string;
  danger?: boolean;
  /** Runs the action; the dialog stays open (buttons disabled) until it settles. */
  onConfirm: () => Promise<void>;
  onClose: () => void;
};

/** Asks before an action that changes many records or cannot be taken back lightly. */
export const ConfirmDialog = ({ title, children, confirmLabel, danger = false, onConfirm, onClose }: ConfirmDialogProps) => {
  const [busy, setBusy] = useState(false);
  const handleConfirm = async () => {
    setBusy(true);
    try {
      await onConfirm();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog title={title} onClose={onClose}>
      <div className="dialog-form">
        <div className="confirm-text">{children}</div>
        <div className="dialog-form__actions">
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button variant={danger ? 'danger' : 'primary'} className={danger ? 'button--danger-solid' : undefined} disabled={busy} onClick={() => void handleConfirm()} autoFocus>
            {confirmLabel}
          </Button>
        </div>
      </div>
    </Dialog>
  );
};
