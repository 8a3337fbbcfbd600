import { useState, type ReactNode } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Plus, Trash2 } from 'lucide-react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import { Button } from '../../../ui/Button';
import { useDraftTotals, useProducts } from '../hooks/useCommerce';
import {
  type DocumentKind,
  type EditorLine,
  type EditorState,
  type FieldError,
  addDays,
  emptyEditor,
  fieldOfError,
  formatAmount,
  newLine,
  toDraft,
  toNewInvoice,
  toNewOrder,
} from '../utils/documents';
import { ContactPicker } from './ContactPicker';

export type DocumentEditorProps = {
  kind: DocumentKind;
  contactId: string;
  onCancel: () => void;
  onSaved: (id: string) => void;
};

const TERMS = [
  { days: '0', label: 'Due on receipt' },
  { days: '7', label: 'Net 7' },
  { days: '14', label: 'Net 14' },
  { days: '30', label: 'Net 30' },
  { days: '45', label: 'Net 45' },
  { days: '60', label: 'Net 60' },
];

const today = () => new Date().toISOString().slice(0, 10);

/**
 * A new order or invoice: contact, lines (a product, whose price is the default, or a free
 * description on invoices), quantity, unit price, line discount and rate; the document's
 * tax, discount, shipping, currency, terms and notes. The totals are the core's, asked for
 * as the person types; saving goes through the core, and its errors show beside their field.
 */
export const DocumentEditor = ({ kind, contactId, onCancel, onSaved }: DocumentEditorProps) => {
  const backend = useBackend();
  const [state, setState] = useState<EditorState>(() => emptyEditor(kind, contactId));
  const [saveError, setSaveError] = useState<FieldError | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const products = useProducts();
  const totals = useDraftTotals(toDraft(state));
  const previewError = totals.error ? fieldOfError(toErrorPayload(totals.error).message) : null;
  const t = totals.data;

  const save = useMutation({
    mutationFn: async () =>
      kind === 'order'
        ? (await backend.invoke('order_create', { order: toNewOrder(state) })).order.id
        : (await backend.invoke('invoice_create', { invoice: toNewInvoice(state) })).invoice.id,
    onSuccess: (id) => onSaved(id),
    onError: (error) => {
      const message = toErrorPayload(error).message;
      const field = fieldOfError(message);
      setSaveError(field);
      setFormError(field ? null : message);
    },
  });

  const update = (patch: Partial<EditorState>) => {
    setSaveError(null);
    setState((s) => ({ ...s, ...patch }));
  };
  const updateLine = (index: number, patch: Partial<EditorLine>) =>
    update({ lines: state.lines.map((line, i) => (i === index ? { ...line, ...patch } : line)) });
  const handleProduct = (index: number, productId: string) => {
    const product = products.data?.find((p) => p.id === productId);
    // The product's price is the default; a price typed afterwards wins.
    updateLine(index, product ? { product: productId, unitPrice: product.price, description: state.lines[index]?.description || product.name } : { product: '' });
  };
  const handleSave = () => {
    if (!state.contactId) {
      setSaveError({ field: 'contact_id', reason: 'Choose the contact this is for.' });
      return;
    }
    setFormError(null);
    save.mutate();
  };

  /** The error beside `field`: saving's first, else the live totals'. */
  const errorOf = (field: string): string | null => {
    if (saveError?.field === field) return saveError.reason;
    if (previewError?.field === field) return previewError.reason;
    return null;
  };
  const fieldError = (field: string): ReactNode => {
    const reason = errorOf(field);
    return reason ? (
      <p className="field__hint field__hint--error" role="alert" data-field={field}>
        {reason}
      </p>
    ) : null;
  };
  const lineError = (index: number) =>
    ['product', 'description', 'quantity', 'unit_price', 'discount', 'tax_rate'].map((name) => <span key={name}>{fieldError(`lines.${index}.${name}`)}</span>);
  const invalid = (field: string) => errorOf(field) !== null || undefined;
  const title = kind === 'order' ? 'New order' : 'New invoice';

  return (
    <form
      className="commerce-editor"
      aria-label={title}
      onSubmit={(e) => {
        e.preventDefault();
        handleSave();
      }}
    >
      <div className="commerce-editor__main">
        <h2 className="commerce-editor__title">{title}</h2>
        <div className="commerce-editor__head">
          <div className="field commerce-editor__contact">
            <label className="field__label" htmlFor="commerce-contact">
              Contact
            </label>
            <ContactPicker id="commerce-contact" value={state.contactId} invalid={invalid('contact_id') ?? false} onChange={(id) => update({ contactId: id })} />
            {fieldError('contact_id')}
          </div>
          <div className="field commerce-editor__currency">
            <label className="field__label" htmlFor="commerce-currency">
              Currency
            </label>
            <input id="commerce-currency" className="input" maxLength={3} value={state.currency} aria-invalid={invalid('currency')} onChange={(e) => update({ currency: e.target.value.toUpperCase() })} />
            {fieldError('currency')}
          </div>
          {kind === 'invoice' ? (
            <div className="field commerce-editor__terms">
              <label className="field__label" htmlFor="commerce-terms">
                Payment terms
              </label>
              <select id="commerce-terms" className="input" value={state.termsDays} onChange={(e) => update({ termsDays: e.target.value })}>
                {TERMS.map((term) => (
                  <option key={term.days} value={term.days}>
                    {term.label}
                  </option>
                ))}
              </select>
              <p className="field__hint">Due {addDays(today(), Number(state.termsDays))} if finalised today.</p>
            </div>
          ) : null}
        </div>

        <table className="commerce-lines" aria-label="Lines">
          <thead>
            <tr>
              <th className="commerce-lines__item">{kind === 'order' ? 'Product' : 'Product or description'}</th>
              <th className="commerce-lines__num">Qty</th>
              <th className="commerce-lines__num">Unit price</th>
              <th className="commerce-lines__num">Discount</th>
              <th className="commerce-lines__num">Tax %</th>
              <th className="commerce-lines__num">Amount</th>
              <th aria-label="Remove" />
            </tr>
          </thead>
          <tbody>
            {state.lines.map((line, index) => (
              <tr key={line.key}>
                <td className="commerce-lines__item">
                  <select
                    className="input"
                    aria-label={`Line ${index + 1} product`}
                    value={line.product}
                    aria-invalid={invalid(`lines.${index}.product`)}
                    onChange={(e) => handleProduct(index, e.target.value)}
                  >
                    <option value="">{kind === 'order' ? 'Choose a product…' : 'Free line (no product)'}</option>
                    {(products.data ?? []).map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.name}
                        {p.sku ? ` (${p.sku})` : ''}
                      </option>
                    ))}
                  </select>
                  <input
                    className="input commerce-lines__description"
                    aria-label={`Line ${index + 1} description`}
                    placeholder={kind === 'order' ? 'Description (optional)' : 'Description'}
                    value={line.description}
                    aria-invalid={invalid(`lines.${index}.description`)}
                    onChange={(e) => updateLine(index, { description: e.target.value })}
                  />
                  {lineError(index)}
                </td>
                <td className="commerce-lines__num">
                  <input className="input" inputMode="decimal" aria-label={`Line ${index + 1} quantity`} value={line.quantity} aria-invalid={invalid(`lines.${index}.quantity`)} onChange={(e) => updateLine(index, { quantity: e.target.value })} />
                </td>
                <td className="commerce-lines__num">
                  <input className="input" inputMode="decimal" aria-label={`Line ${index + 1} unit price`} value={line.unitPrice} aria-invalid={invalid(`lines.${index}.unit_price`)} onChange={(e) => updateLine(index, { unitPrice: e.target.value })} />
                </td>
                <td className="commerce-lines__num">
                  <input className="input" inputMode="decimal" aria-label={`Line ${index + 1} discount`} placeholder="0" value={line.discount} aria-invalid={invalid(`lines.${index}.discount`)} onChange={(e) => updateLine(index, { discount: e.target.value })} />
                </td>
                <td className="commerce-lines__num">
                  <input
                    className="input"
                    inputMode="decimal"
                    aria-label={`Line ${index + 1} tax rate`}
                    placeholder={state.taxRate || '—'}
                    title="Blank: the document's rate"
                    value={line.taxRate}
                    aria-invalid={invalid(`lines.${index}.tax_rate`)}
                    onChange={(e) => updateLine(index, { taxRate: e.target.value })}
                  />
                </td>
                <td className="commerce-lines__num commerce-amount" aria-label={`Line ${index + 1} amount`}>
                  {t?.lines[index] ?? ''}
                </td>
                <td>
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Remove line ${index + 1}`}
                    disabled={state.lines.length === 1}
                    onClick={() => update({ lines: state.lines.filter((_, i) => i !== index) })}
                  >
                    <Trash2 size={14} />
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {fieldError('lines')}
        <Button icon={<Plus size={14} />} onClick={() => update({ lines: [...state.lines, newLine()] })}>
          Add line
        </Button>

        <fieldset className="commerce-editor__tax">
          <legend>Tax</legend>
          <div className="field">
            <label className="field__label" htmlFor="commerce-tax-name">
              Name
            </label>
            <input id="commerce-tax-name" className="input" placeholder="VAT, Sales tax…" value={state.taxName} onChange={(e) => update({ taxName: e.target.value })} />
          </div>
          <div className="field">
            <label className="field__label" htmlFor="commerce-tax-rate">
              Rate %
            </label>
            <input id="commerce-tax-rate" className="input" inputMode="decimal" placeholder="none" value={state.taxRate} aria-invalid={invalid('tax_rate')} onChange={(e) => update({ taxRate: e.target.value })} />
            {fieldError('tax_rate')}
          </div>
          <label className="field field--checkbox commerce-editor__inclusive">
            <input type="checkbox" checked={state.taxInclusive} onChange={(e) => update({ taxInclusive: e.target.checked })} />
            <span className="field__label">Prices include tax</span>
          </label>
        </fieldset>

        <div className="field">
          <label className="field__label" htmlFor="commerce-notes">
            Notes
          </label>
          <textarea id="commerce-notes" className="input commerce-editor__notes" rows={3} value={state.notes} onChange={(e) => update({ notes: e.target.value })} />
        </div>
      </div>

      <aside className="commerce-editor__side">
        <section className="commerce-totals" aria-label="Totals" aria-busy={totals.settling || undefined}>
          <h3>Totals{t ? ` (${t.currency})` : ''}</h3>
          <dl>
            <dt>Subtotal</dt>
            <dd aria-label="Subtotal">{t ? formatAmount(t.subtotal, t.currency) : '—'}</dd>
            <dt>
              <label htmlFor="commerce-discount">Discount</label>
            </dt>
            <dd>
              <input id="commerce-discount" className="input" inputMode="decimal" placeholder="0" value={state.discount} aria-invalid={invalid('discount')} onChange={(e) => update({ discount: e.target.value })} />
              {fieldError('discount')}
            </dd>
            <dt>
              <label htmlFor="commerce-shipping">Shipping</label>
            </dt>
            <dd>
              <input id="commerce-shipping" className="input" inputMode="decimal" placeholder="0" value={state.shipping} aria-invalid={invalid('shipping')} onChange={(e) => update({ shipping: e.target.value })} />
              {fieldError('shipping')}
            </dd>
            {(t?.taxes ?? []).map((tax) => (
              <div key={`${tax.name}-${tax.rate}-${tax.inclusive}`} className="commerce-totals__tax">
                <dt>
                  {tax.name} {tax.rate}% {tax.inclusive ? '(included)' : ''}
                </dt>
                <dd>{formatAmount(tax.tax, t?.currency)}</dd>
              </div>
            ))}
            <dt className="commerce-totals__total">Total</dt>
            <dd className="commerce-totals__total" aria-label="Total">
              {t ? formatAmount(t.total, t.currency) : '—'}
            </dd>
          </dl>
        </section>
        {formError ? (
          <div className="form-error" role="alert">
            {formError}
          </div>
        ) : null}
        <div className="commerce-editor__actions">
          <Button onClick={onCancel}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={save.isPending}>
            {kind === 'order' ? 'Save order' : 'Save draft invoice'}
          </Button>
        </div>
      </aside>
    </form>
  );
};
