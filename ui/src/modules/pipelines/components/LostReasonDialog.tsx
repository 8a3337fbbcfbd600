import { useState, type FormEvent } from 'react';

import type { BoardCard, BoardStage } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { Dialog } from '../../../ui/Dialog';

export type LostReasonDialogProps = {
  card: BoardCard;
  stage: BoardStage;
  onCancel: () => void;
  onConfirm: (reason: string) => void;
};

const COMMON = ['Price too high', 'Went with a competitor', 'No budget', 'No reply', 'Bad timing'];

/** Asked when a card lands on a lost stage: why it was lost (required, as the core holds). */
export const LostReasonDialog = ({ card, stage, onCancel, onConfirm }: LostReasonDialogProps) => {
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const missing = reason.trim() === '';
  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!missing) onConfirm(reason.trim());
  };
  return (
    <Dialog title={`Why was “${card.title}” lost?`} onClose={onCancel}>
      <form className="dialog-form lost-reason" noValidate onSubmit={handleSubmit} aria-label="Lost reason">
        <p className="lost-reason__hint">It moves to {stage.name}. The reason shows on the card and in reports.</p>
        <div className="lost-reason__chips" role="group" aria-label="Common reasons">
          {COMMON.map((common) => (
            <button key={common} type="button" className={`lost-reason__chip${reason === common ? ' is-selected' : ''}`} onClick={() => setReason(common)}>
              {common}
            </button>
          ))}
        </div>
        <div className={`field${touched && missing ? ' field--invalid' : ''}`}>
          <label className="field__label" htmlFor="lost-reason">
            Lost reason
          </label>
          <input
            id="lost-reason"
            className="input"
            autoFocus
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            aria-invalid={touched && missing}
            aria-describedby={touched && missing ? 'lost-reason-error' : undefined}
          />
          {touched && missing ? (
            <p id="lost-reason-error" className="field__hint field__hint--error" role="alert">
              Say why it was lost.
            </p>
          ) : null}
        </div>
        <div className="dialog-form__actions">
          <Button onClick={onCancel}>Cancel</Button>
          <Button type="submit" variant="danger">
            Mark as lost
          </Button>
        </div>
      </form>
    </Dialog>
  );
};
