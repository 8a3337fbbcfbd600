import { useMutation } from '@tanstack/react-query';
import { ArrowLeft, FilePlus2 } from 'lucide-react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import { Badge } from '../../../ui/Badge';
import { Button } from '../../../ui/Button';
import { Spinner } from '../../../ui/Spinner';
import { useToast } from '../../../ui/Toasts';
import { useContactNames, useOrder } from '../hooks/useCommerce';
import { formatAmount, invoiceChips, orderChips } from '../utils/documents';
import { DocumentLines } from './DocumentLines';

export type OrderDetailProps = {
  id: string;
  onBack: () => void;
  onOpenInvoice: (invoiceId: string) => void;
};

/** One order: status, lines and totals, its invoices, and "Create invoice" (a draft billing its lines). */
export const OrderDetail = ({ id, onBack, onOpenInvoice }: OrderDetailProps) => {
  const backend = useBackend();
  const toast = useToast();
  const shown = useOrder(id);
  const names = useContactNames(shown.data ? [shown.data.order.contact_id] : []);
  const invoice = useMutation({
    mutationFn: () => backend.invoke('invoice_from_order', { orderId: id, termsDays: null }),
    onSuccess: (doc) => onOpenInvoice(doc.invoice.id),
    onError: (error) => toast.showError('No invoice was created', toErrorPayload(error).message),
  });
  if (shown.error) {
    return (
      <div className="commerce-detail">
        <div className="form-error" role="alert">
          {toErrorPayload(shown.error).message}
        </div>
      </div>
    );
  }
  if (!shown.data) return <Spinner />;
  const { order, lines, taxes, invoices } = shown.data;
  const live = invoices.filter((i) => i.kind === 'invoice' && i.status !== 'cancelled');
  return (
    <div className="commerce-detail" aria-label={`Order ${order.order_number}`}>
      <header className="commerce-detail__header">
        <Button variant="ghost" icon={<ArrowLeft size={14} />} onClick={onBack}>
          Orders
        </Button>
        <h2 className="commerce-detail__title">Order {order.order_number}</h2>
        <span className="chips">
          {orderChips(order).map((chip) => (
            <Badge key={chip.label} tone={chip.tone}>
              {chip.label}
            </Badge>
          ))}
        </span>
        <div className="commerce-detail__actions" role="toolbar" aria-label="Order actions">
          {order.status !== 'cancelled' ? (
            <Button variant={live.length === 0 ? 'primary' : 'secondary'} icon={<FilePlus2 size={14} />} disabled={invoice.isPending} onClick={() => invoice.mutate()}>
              {live.length === 0 ? 'Create invoice' : 'Create another invoice'}
            </Button>
          ) : null}
        </div>
      </header>
      <div className="commerce-detail__body">
        <div className="commerce-detail__doc">
          <dl className="commerce-facts">
            <div>
              <dt>Customer</dt>
              <dd>{names.get(order.contact_id) ?? '…'}</dd>
            </div>
            <div>
              <dt>Created</dt>
              <dd>{order.created_at.slice(0, 10)}</dd>
            </div>
            <div>
              <dt>Currency</dt>
              <dd>{order.currency}</dd>
            </div>
          </dl>
          <DocumentLines
            lines={lines.map((l) => ({ id: l.id, description: l.description, quantity: l.quantity, unitPrice: l.unit_price, discount: l.discount, taxRate: l.tax_rate, total: l.total }))}
            currency={order.currency}
            totals={{ subtotal: order.subtotal, discount: order.discount, shipping: order.shipping, taxes, total: order.total }}
          />
          {order.notes ? <p className="commerce-notes">{order.notes}</p> : null}
          <section className="commerce-payments" aria-label="Invoices of the order">
            <h3>Invoices</h3>
            {invoices.length === 0 ? <p className="commerce-muted">Not invoiced yet.</p> : null}
            <ul className="commerce-links">
              {invoices.map((i) => (
                <li key={i.id}>
                  <button type="button" className="link-button" onClick={() => onOpenInvoice(i.id)}>
                    {i.invoice_number}
                  </button>
                  {invoiceChips(i).map((chip) => (
                    <Badge key={chip.label} tone={chip.tone}>
                      {chip.label}
                    </Badge>
                  ))}
                  <span className="commerce-amount">{formatAmount(i.total, i.currency)}</span>
                </li>
              ))}
            </ul>
          </section>
        </div>
      </div>
    </div>
  );
};
