import { describe, expect, it } from 'vitest';

import { emptyEditor, fieldOfError, formatAmount, invoiceChips, statusFilter, toDraft, toNewInvoice, toNewOrder } from './documents';

describe('commerce documents', () => {
  it('keys the errors the core names by the editor field they belong to', () => {
    expect(fieldOfError('lines[1].quantity: must be more than 0')).toEqual({ field: 'lines.1.quantity', reason: 'must be more than 0' });
    expect(fieldOfError('lines[0]: product: no product with SKU or id ""')).toEqual({ field: 'lines.0.product', reason: 'no product with SKU or id ""' });
    expect(fieldOfError('discount: 100 is not between 0 and the subtotal 20.00')).toEqual({ field: 'discount', reason: '100 is not between 0 and the subtotal 20.00' });
    expect(fieldOfError('not allowed: viewer')).toBeNull();
    expect(fieldOfError('something broke')).toBeNull();
  });

  it('shows amounts with their currency decimals and grouping, without float maths', () => {
    expect(formatAmount('1234567.5', 'USD')).toBe('1,234,567.50 USD');
    expect(formatAmount('0.1', 'EUR')).toBe('0.10 EUR');
    expect(formatAmount('1200', 'JPY')).toBe('1,200 JPY');
    expect(formatAmount('1.2', 'KWD')).toBe('1.200 KWD');
    expect(formatAmount('9007199254740993.01', 'USD')).toBe('9,007,199,254,740,993.01 USD');
    expect(formatAmount('-20', 'USD')).toBe('-20.00 USD');
  });

  it('turns the editor into the draft the core totals and the documents it creates', () => {
    const state = emptyEditor('order', 'c1');
    state.lines = [
      { key: 'a', product: 'p1', description: '', quantity: '3', unitPrice: '19.99', discount: '', taxRate: '' },
      { key: 'b', product: 'p2', description: 'Rush', quantity: '1', unitPrice: '5', discount: '0.5', taxRate: '10' },
    ];
    state.taxName = 'VAT';
    state.taxRate = '20';
    state.shipping = '4.5';
    const draft = toDraft(state);
    expect(draft.whole_quantities).toBe(true);
    expect(draft.lines[0]).toEqual({ quantity: '3', unit_price: '19.99', discount: undefined, tax: undefined });
    expect(draft.lines[1]?.tax).toEqual({ name: 'VAT', rate: '10', inclusive: false });
    expect(draft.tax).toEqual({ name: 'VAT', rate: '20', inclusive: false });
    expect(draft.discount).toBeUndefined();
    const order = toNewOrder(state);
    expect(order.lines.map((l) => [l.product, l.quantity, l.unit_price, l.description])).toEqual([
      ['p1', 3, '19.99', undefined],
      ['p2', 1, '5', 'Rush'],
    ]);
    expect(order.shipping).toBe('4.5');
    const invoice = toNewInvoice({ ...state, kind: 'invoice', termsDays: '14', lines: [{ key: 'c', product: '', description: 'Design', quantity: '1.5', unitPrice: '80', discount: '', taxRate: '' }] });
    expect(invoice.payment_terms_days).toBe(14);
    expect(invoice.lines[0]).toMatchObject({ product: undefined, description: 'Design', quantity: '1.5', unit_price: '80' });
    expect(toDraft({ ...state, kind: 'invoice' }).whole_quantities).toBe(false);
  });

  it('filters payment states on payment_status and the rest on status', () => {
    expect(statusFilter('invoice', 'all')).toEqual([]);
    expect(statusFilter('invoice', 'overdue')).toEqual([{ field: 'status', op: 'eq', value: 'overdue' }]);
    expect(statusFilter('invoice', 'partially_paid')).toEqual([{ field: 'payment_status', op: 'eq', value: 'partially_paid' }]);
    expect(statusFilter('order', 'paid')).toEqual([{ field: 'payment_status', op: 'eq', value: 'paid' }]);
    expect(statusFilter('order', 'completed')).toEqual([{ field: 'status', op: 'eq', value: 'completed' }]);
  });

  it('chips an invoice by status, and by payment where that says more', () => {
    expect(invoiceChips({ status: 'sent', payment_status: 'partially_paid', kind: 'invoice' }).map((c) => c.label)).toEqual(['Sent', 'Partially paid']);
    expect(invoiceChips({ status: 'overdue', payment_status: 'unpaid', kind: 'invoice' }).map((c) => c.label)).toEqual(['Overdue']);
    expect(invoiceChips({ status: 'paid', payment_status: 'paid', kind: 'credit_note' }).map((c) => c.label)).toEqual(['Credit note', 'Paid']);
  });
});
