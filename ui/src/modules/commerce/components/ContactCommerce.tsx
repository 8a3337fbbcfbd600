import { useId } from 'react';

import { Badge } from '../../../ui/Badge';
import { href } from '../../object-record/states/registry';
import { useContactDocuments } from '../hooks/useCommerce';
import { formatAmount, invoiceChips, orderChips } from '../utils/documents';

type Row = Record<string, unknown>;

const link = (query: Record<string, string>) => href(`/orders?${new URLSearchParams(query).toString()}`);

/** A contact's invoices, orders and payments, newest first, each opening in the Orders screen. */
export const ContactCommerce = ({ row }: { row: Row }) => {
  const contactId = String(row.id);
  const headingId = useId();
  const docs = useContactDocuments(contactId);
  const data = docs.data;
  const payments = (data?.payments ?? []).filter((p) => p.status === 'completed');
  return (
    <section className="detail-section commerce-contact-section" aria-labelledby={headingId}>
      <header className="detail-section__header">
        <h3 id={headingId} className="detail-section__title">
          Invoices and orders
        </h3>
        <div className="detail-section__action">
          <a className="button button--ghost" href={link({ view: 'invoices', new: 'invoice', contact: contactId })}>
            New invoice
          </a>
          <a className="button button--ghost" href={link({ view: 'orders', new: 'order', contact: contactId })}>
            New order
          </a>
        </div>
      </header>
      {docs.isPending ? <p className="commerce-muted">Loading…</p> : null}
      {data && data.invoices.length + data.orders.length === 0 ? <p className="commerce-muted">No invoices or orders yet.</p> : null}
      {data && data.invoices.length > 0 ? (
        <ul className="commerce-links" aria-label="Invoices">
          {data.invoices.map((i) => (
            <li key={i.id}>
              <a href={link({ view: 'invoices', id: i.id })}>{i.kind === 'credit_note' ? `Credit note ${i.invoice_number}` : `Invoice ${i.invoice_number}`}</a>
              {invoiceChips(i).map((chip) => (
                <Badge key={chip.label} tone={chip.tone}>
                  {chip.label}
                </Badge>
              ))}
              <span className="commerce-amount">{formatAmount(i.total, i.currency)}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {data && data.orders.length > 0 ? (
        <ul className="commerce-links" aria-label="Orders">
          {data.orders.map((o) => (
            <li key={o.id}>
              <a href={link({ view: 'orders', id: o.id })}>Order {o.order_number}</a>
              {orderChips(o).map((chip) => (
                <Badge key={chip.label} tone={chip.tone}>
                  {chip.label}
                </Badge>
              ))}
              <span className="commerce-amount">{formatAmount(o.total, o.currency)}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {payments.length > 0 ? (
        <ul className="commerce-links" aria-label="Payments">
          {payments.map((p) => (
            <li key={String(p.id)}>
              <span>{String(p.created_at).slice(0, 10)}</span>
              <Badge tone={p.transaction_type === 'refund' ? 'purple' : 'green'}>{p.transaction_type === 'refund' ? 'Refund' : 'Payment'}</Badge>
              <span className="commerce-amount">
                {p.transaction_type === 'refund' ? '−' : ''}
                {formatAmount(p.amount, p.currency)}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
};
