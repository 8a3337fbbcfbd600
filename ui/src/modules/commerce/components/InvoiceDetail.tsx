import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { ArrowLeft, CheckCircle2, Download, FileText, Mail, RotateCcw, Wallet } from 'lucide-react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { Transaction } from '../../../bindings';
import { Badge } from '../../../ui/Badge';
import { Button } from '../../../ui/Button';
import { Spinner } from '../../../ui/Spinner';
import { useToast } from '../../../ui/Toasts';
import { useInvoice } from '../hooks/useCommerce';
import { formatAmount, invoiceChips, methodLabel } from '../utils/documents';
import { DocumentLines } from './DocumentLines';
import { PaymentDialog } from './PaymentDialog';
import { PdfPreview } from './PdfPreview';

export type InvoiceDetailProps = {
  id: string;
  onBack: () => void;
  onOpenOrder: (orderId: string) => void;
};

const positive = (amount: string): boolean => /^\d*\.?\d*$/.test(amount) && /[1-9]/.test(amount);

/**
 * One invoice: its status, lines and totals, payments and refunds, and what can be done
 * with it where that makes sense: finalise a draft (it gets its number), record a payment
 * while something is due, refund what was received, the PDF (preview, save) and mailing it.
 */
export const InvoiceDetail = ({ id, onBack, onOpenOrder }: InvoiceDetailProps) => {
  const backend = useBackend();
  const toast = useToast();
  const shown = useInvoice(id);
  const [dialog, setDialog] = useState<'payment' | 'refund' | null>(null);
  const [showPdf, setShowPdf] = useState(false);
  const fail = (error: unknown) => toast.showError('The invoice was not changed', toErrorPayload(error).message);
  const finalize = useMutation({ mutationFn: () => backend.invoke('invoice_finalize', { id }), onError: fail });
  const savePdf = useMutation({
    mutationFn: () => backend.invoke('invoice_pdf_save', { id }),
    onSuccess: (path) => toast.showSuccess(`PDF saved to ${path}`),
    onError: (error) => toast.showError('The PDF was not saved', toErrorPayload(error).message),
  });
  const send = useMutation({
    mutationFn: () => backend.invoke('invoice_send', { id }),
    onSuccess: (doc) => toast.showSuccess(`Invoice mailed to ${doc.contact?.email ?? 'the contact'}`),
    // Not signed in to a sync server: the core says so ("sign in first").
    onError: (error) => toast.showError('The invoice was not sent', toErrorPayload(error).message),
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
  const { invoice, lines, taxes, payments, credit_notes: creditNotes, contact, amount_due: due } = shown.data;
  const currency = invoice.currency;
  const draft = invoice.status === 'draft';
  const open = !draft && invoice.status !== 'cancelled' && invoice.kind === 'invoice';
  const received = invoice.amount_paid;
  const version = `${invoice.updated_at}-${invoice.status}-${invoice.amount_paid}`;

  return (
    <div className="commerce-detail" aria-label={`Invoice ${invoice.invoice_number}`}>
      <header className="commerce-detail__header">
        <Button variant="ghost" icon={<ArrowLeft size={14} />} onClick={onBack}>
          Invoices
        </Button>
        <h2 className="commerce-detail__title" data-testid="invoice-number">
          {invoice.kind === 'credit_note' ? 'Credit note ' : 'Invoice '}
          {invoice.invoice_number}
        </h2>
        <span className="chips" data-testid="invoice-status">
          {invoiceChips(invoice).map((chip) => (
            <Badge key={chip.label} tone={chip.tone}>
              {chip.label}
            </Badge>
          ))}
        </span>
        <div className="commerce-detail__actions" role="toolbar" aria-label="Invoice actions">
          {draft ? (
            <Button variant="primary" icon={<CheckCircle2 size={14} />} disabled={finalize.isPending} onClick={() => finalize.mutate()}>
              Finalise
            </Button>
          ) : null}
          {open && positive(due) ? (
            <Button variant="primary" icon={<Wallet size={14} />} onClick={() => setDialog('payment')}>
              Record payment
            </Button>
          ) : null}
          {open && positive(received) ? (
            <Button icon={<RotateCcw size={14} />} onClick={() => setDialog('refund')}>
              Refund
            </Button>
          ) : null}
          <Button icon={<FileText size={14} />} aria-pressed={showPdf} onClick={() => setShowPdf((s) => !s)}>
            {showPdf ? 'Hide PDF' : 'Preview PDF'}
          </Button>
          <Button icon={<Download size={14} />} disabled={savePdf.isPending} onClick={() => savePdf.mutate()}>
            Save PDF
          </Button>
          {!draft && contact?.email ? (
            <Button icon={<Mail size={14} />} disabled={send.isPending} title="Mailed by the sync server: this device must be signed in" onClick={() => send.mutate()}>
              {send.isPending ? 'Sending…' : 'Send by email'}
            </Button>
          ) : null}
        </div>
      </header>
      <div className={`commerce-detail__body${showPdf ? ' commerce-detail__body--pdf' : ''}`}>
        <div className="commerce-detail__doc">
          <dl className="commerce-facts">
            <div>
              <dt>Bill to</dt>
              <dd>
                {contact?.name || '—'}
                {contact?.email ? <span className="commerce-facts__sub">{contact.email}</span> : null}
              </dd>
            </div>
            <div>
              <dt>Issued</dt>
              <dd>{draft ? 'On finalising' : invoice.issue_date}</dd>
            </div>
            <div>
              <dt>Due</dt>
              <dd className={invoice.status === 'overdue' ? 'commerce-late' : undefined}>{draft ? `${invoice.payment_terms_days ?? 30} days after` : invoice.due_date}</dd>
            </div>
            {invoice.order_id ? (
              <div>
                <dt>Order</dt>
                <dd>
                  <button type="button" className="link-button" onClick={() => onOpenOrder(invoice.order_id as string)}>
                    Open the order
                  </button>
                </dd>
              </div>
            ) : null}
          </dl>
          <DocumentLines
            lines={lines.map((l) => ({ id: l.id, description: l.description, quantity: l.quantity, unitPrice: l.unit_price, discount: l.discount, taxRate: l.tax_rate, total: l.total }))}
            currency={currency}
            totals={{ subtotal: invoice.subtotal, discount: invoice.discount, shipping: invoice.shipping, taxes, total: invoice.total }}
            extra={[
              { label: 'Paid', value: formatAmount(received, currency) },
              { label: 'Amount due', value: formatAmount(due, currency), strong: true, testId: 'amount-due' },
            ]}
          />
          {invoice.notes ? <p className="commerce-notes">{invoice.notes}</p> : null}
          <section className="commerce-payments" aria-label="Payments and refunds">
            <h3>Payments and refunds</h3>
            {payments.length === 0 ? <p className="commerce-muted">None yet.</p> : null}
            {payments.length > 0 ? (
              <table className="records">
                <thead>
                  <tr>
                    <th>Date</th>
                    <th>Kind</th>
                    <th>Method</th>
                    <th>Reference</th>
                    <th className="align-right">Amount</th>
                  </tr>
                </thead>
                <tbody>
                  {payments.map((p: Transaction) => (
                    <tr key={p.id}>
                      <td>{p.created_at.slice(0, 10)}</td>
                      <td>
                        <Badge tone={p.transaction_type === 'refund' ? 'purple' : 'green'}>{p.transaction_type === 'refund' ? 'Refund' : 'Payment'}</Badge>
                        {p.status !== 'completed' ? <Badge tone="amber">{p.status}</Badge> : null}
                      </td>
                      <td>{methodLabel(p.payment_method)}</td>
                      <td>{p.gateway_transaction_id ?? ''}</td>
                      <td className="align-right commerce-amount">
                        {p.transaction_type === 'refund' ? '−' : ''}
                        {formatAmount(p.amount, p.currency)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            {creditNotes.length > 0 ? (
              <p className="commerce-muted">Credit notes: {creditNotes.map((n) => `${n.invoice_number} (${formatAmount(n.total, n.currency)})`).join(', ')}</p>
            ) : null}
          </section>
        </div>
        {showPdf ? <PdfPreview id={id} version={version} title={`Invoice ${invoice.invoice_number} PDF`} /> : null}
      </div>
      {dialog ? (
        <PaymentDialog
          mode={dialog}
          invoiceId={id}
          amount={dialog === 'payment' ? due : received}
          currency={currency}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            toast.showSuccess(dialog === 'payment' ? 'Payment recorded' : 'Refund recorded, credit note issued');
          }}
        />
      ) : null}
    </div>
  );
};
