import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import { Button } from '../../../ui/Button';
import { Dialog } from '../../../ui/Dialog';
import { PAYMENT_METHODS, fieldOfError, formatAmount } from '../utils/documents';

export type PaymentDialogProps = {
  mode: 'payment' | 'refund';
  invoiceId: string;
  /** What is due (payment) or was received (refund): the amount it starts with and its limit. */
  amount: string;
  currency: string;
  onClose: () => void;
  onDone: () => void;
};

/** Records a payment of an invoice, or refunds part or all of what it received (a credit note). */
export const PaymentDialog = ({ mode, invoiceId, amount, currency, onClose, onDone }: PaymentDialogProps) => {
  const backend = useBackend();
  const [value, setValue] = useState(amount);
  const [method, setMethod] = useState('bank_transfer');
  const [reference, setReference] = useState('');
  const [error, setError] = useState<{ field: string | null; reason: string } | null>(null);
  const run = useMutation({
    mutationFn: () => {
      const payment = { amount: value.trim(), method, gateway_transaction_id: reference.trim() || undefined };
      return mode === 'payment'
        ? backend.invoke('invoice_record_payment', { id: invoiceId, payment })
        : backend.invoke('invoice_refund', { id: invoiceId, payment });
    },
    onSuccess: onDone,
    onError: (e) => {
      const message = toErrorPayload(e).message;
      const field = fieldOfError(message);
      setError(field ? { field: field.field, reason: field.reason } : { field: null, reason: message });
    },
  });
  const title = mode === 'payment' ? 'Record payment' : 'Refund';
  const amountError = error?.field === 'amount' ? error.reason : null;
  return (
    <Dialog title={title} onClose={onClose}>
      <form
        className="dialog-form commerce-payment"
        onSubmit={(e) => {
          e.preventDefault();
          setError(null);
          run.mutate();
        }}
      >
        <div className="field">
          <label className="field__label" htmlFor="payment-amount">
            Amount ({currency})
          </label>
          <input id="payment-amount" className="input" inputMode="decimal" value={value} aria-invalid={amountError !== null || undefined} onChange={(e) => setValue(e.target.value)} />
          <p className="field__hint">
            {mode === 'payment' ? 'Due' : 'Received'}: {formatAmount(amount, currency)}
            {mode === 'refund' ? ' — a credit note is issued for the amount.' : ''}
          </p>
          {amountError ? (
            <p className="field__hint field__hint--error" role="alert">
              {amountError}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label className="field__label" htmlFor="payment-method">
            Method
          </label>
          <select id="payment-method" className="input" value={method} onChange={(e) => setMethod(e.target.value)}>
            {PAYMENT_METHODS.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor="payment-reference">
            Reference
          </label>
          <input id="payment-reference" className="input" placeholder="Bank reference, cheque number…" value={reference} onChange={(e) => setReference(e.target.value)} />
          <p className="field__hint">Recorded today.</p>
        </div>
        {error && error.field !== 'amount' ? (
          <div className="form-error" role="alert">
            {error.reason}
          </div>
        ) : null}
        <div className="dialog-form__actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant={mode === 'refund' ? 'danger' : 'primary'} disabled={run.isPending}>
            {title}
          </Button>
        </div>
      </form>
    </Dialog>
  );
};
