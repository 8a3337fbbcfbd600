// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { RouterProvider, createMemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';

import type { Draft, TotalsPreview } from '../../../bindings';
import { ADA_ID, ORG, callsOf, crmSeed, fakeWith, renderWith } from '../../../test/fixtures';
import { CommerceScreen } from './CommerceScreen';
import { ContactCommerce } from './ContactCommerce';

afterEach(cleanup);

const INVOICE_ID = '00000000-0000-4000-8000-0000000001a1';
const PRODUCT_ID = '00000000-0000-4000-8000-0000000001b1';

const invoiceRow = (extra: Record<string, unknown> = {}) => ({
  id: INVOICE_ID,
  organization_id: ORG,
  contact_id: ADA_ID,
  order_id: null,
  invoice_number: 'INV-2026-00007',
  status: 'sent',
  issue_date: '2026-03-02',
  due_date: '2026-04-01',
  subtotal: '100',
  tax: '0',
  total: '100',
  notes: null,
  created_at: '2026-03-02T10:00:00.000Z',
  updated_at: '2026-03-02T10:00:00.000Z',
  deleted_at: null,
  kind: 'invoice',
  credit_for_id: null,
  currency: 'USD',
  discount: '0',
  shipping: '0',
  tax_name: null,
  tax_rate: null,
  tax_inclusive: false,
  payment_terms_days: 30,
  amount_paid: '40',
  payment_status: 'partially_paid',
  finalized_at: '2026-03-02T10:00:00.000Z',
  sent_at: null,
  ...extra,
});

const productRow = () => ({
  id: PRODUCT_ID,
  organization_id: ORG,
  name: 'Logo design',
  description: null,
  sku: 'LOGO',
  price: '450',
  type: 'service',
  is_active: true,
  inventory_count: null,
  images: [],
  metadata: {},
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
  deleted_at: null,
});

/** The fake's totals: quantities times prices (the real maths are the core's, tested there). */
const fakeTotals = ({ draft }: { draft: Draft }): TotalsPreview => {
  draft.lines.forEach((line, i) => {
    if (!(Number(line.quantity) > 0)) throw { code: 'invalid', message: `lines[${i}].quantity: must be more than 0` };
  });
  const lines = draft.lines.map((l) => (Number(l.quantity) * Number(l.unit_price || 0)).toFixed(2));
  const total = lines.reduce((sum, l) => sum + Number(l), 0).toFixed(2);
  return { currency: draft.currency, lines, subtotal: total, discount: '0.00', taxes: [], tax: '0.00', shipping: '0.00', total };
};

const setup = (path: string, handlers: Parameters<typeof crmSeed>[0] = {}) => {
  const backend = fakeWith(
    crmSeed({
      ...handlers,
      rows: { invoices: [invoiceRow()], products: [productRow()], orders: [], transactions: [] },
      handlers: {
        invoices_refresh_overdue: () => 0,
        commerce_totals: fakeTotals,
        search: () => [],
        ...handlers.handlers,
      },
    }),
  );
  const router = createMemoryRouter([{ path: '/orders', element: <CommerceScreen table="orders" onTableChange={() => undefined} /> }], { initialEntries: [path] });
  renderWith(backend, <RouterProvider router={router} />);
  return { backend, router };
};

describe('commerce screens', { timeout: 30_000 }, () => {
  it('lists invoices with their chips, contact and amounts, filters by status and opens one', async () => {
    const { backend, router } = setup('/orders?view=invoices');
    const table = await screen.findByRole('table', { name: 'Invoices' });
    const row = within(table).getByRole('row', { name: 'INV-2026-00007' });
    expect(within(row).getByText('Sent')).toBeTruthy();
    expect(within(row).getByText('Partially paid')).toBeTruthy();
    await waitFor(() => expect(within(row).getByText('Ada Lovelace')).toBeTruthy());
    expect(within(row).getByText('100.00 USD')).toBeTruthy();
    expect(within(row).getByText('40.00 USD')).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: 'Overdue' }));
    await screen.findByText('No invoices here');
    const lists = callsOf(backend, 'records_list') as Array<{ table: string; query: { filters: unknown[] } }>;
    expect(lists.at(-1)?.query.filters).toContainEqual({ field: 'status', op: 'eq', value: 'overdue' });
    fireEvent.click(screen.getByRole('radio', { name: 'All' }));
    fireEvent.click(await screen.findByRole('row', { name: 'INV-2026-00007' }));
    await waitFor(() => expect(router.state.location.search).toBe(`?view=invoices&id=${INVOICE_ID}`));
  });

  it("shows the core's totals as a quantity is typed, and a save error beside the field it names", async () => {
    const { backend } = setup(`/orders?view=orders&new=order&contact=${ADA_ID}`, {
      handlers: {
        order_create: () => {
          throw { code: 'invalid', message: 'lines[0]: product: product LOGO is not active' };
        },
      },
    });
    const product = await screen.findByRole('combobox', { name: 'Line 1 product' });
    await waitFor(() => expect(within(product).getByRole('option', { name: 'Logo design (LOGO)' })).toBeTruthy());
    fireEvent.change(product, { target: { value: PRODUCT_ID } });
    expect((screen.getByLabelText('Line 1 unit price') as HTMLInputElement).value).toBe('450');
    await waitFor(() => expect(screen.getByLabelText('Total').textContent).toBe('450.00 USD'));
    fireEvent.change(screen.getByLabelText('Line 1 quantity'), { target: { value: '3' } });
    await waitFor(() => expect(screen.getByLabelText('Total').textContent).toBe('1,350.00 USD'));
    const asked = callsOf(backend, 'commerce_totals') as Array<{ draft: Draft }>;
    expect(asked.at(-1)?.draft).toMatchObject({ currency: 'USD', whole_quantities: true, lines: [{ quantity: '3', unit_price: '450' }] });
    // The core's refusal shows beside the quantity while the last good total stays.
    fireEvent.change(screen.getByLabelText('Line 1 quantity'), { target: { value: '0' } });
    await waitFor(() => expect(document.querySelector('[data-field="lines.0.quantity"]')?.textContent).toBe('must be more than 0'));
    expect(screen.getByLabelText('Total').textContent).toBe('1,350.00 USD');
    fireEvent.change(screen.getByLabelText('Line 1 quantity'), { target: { value: '2' } });
    await waitFor(() => expect(screen.getByLabelText('Total').textContent).toBe('900.00 USD'));
    fireEvent.click(screen.getByRole('button', { name: 'Save order' }));
    await waitFor(() => expect(document.querySelector('[data-field="lines.0.product"]')?.textContent).toBe('product LOGO is not active'));
    expect(callsOf(backend, 'order_create')).toEqual([
      { order: expect.objectContaining({ contact_id: ADA_ID, lines: [expect.objectContaining({ product: PRODUCT_ID, quantity: 2, unit_price: '450' })] }) },
    ]);
  });

  it('finalises a draft, and records a payment of what is due with its method', async () => {
    let invoice = invoiceRow({ status: 'draft', invoice_number: 'DRAFT-1', amount_paid: '0', payment_status: 'unpaid' });
    const shown = () => ({ invoice, lines: [], taxes: [], amount_due: invoice.status === 'paid' ? '0' : '100', payments: [], credit_notes: [], contact: { name: 'Ada Lovelace', email: 'ada@example.com' } });
    const { backend } = setup(`/orders?view=invoices&id=${INVOICE_ID}`, {
      handlers: {
        invoice_show: () => shown() as never,
        invoice_finalize: () => {
          invoice = { ...invoice, status: 'sent', invoice_number: 'INV-2026-00008' };
          return shown() as never;
        },
        invoice_record_payment: () => {
          invoice = { ...invoice, status: 'paid', amount_paid: '100', payment_status: 'paid' };
          return shown() as never;
        },
      },
    });
    await screen.findByRole('heading', { name: 'Invoice DRAFT-1' });
    expect(screen.queryByRole('button', { name: 'Record payment' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Refund' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Finalise' }));
    await screen.findByRole('heading', { name: 'Invoice INV-2026-00008' });
    fireEvent.click(screen.getByRole('button', { name: 'Record payment' }));
    const dialog = await screen.findByRole('dialog');
    expect((within(dialog).getByLabelText('Amount (USD)') as HTMLInputElement).value).toBe('100');
    fireEvent.change(within(dialog).getByLabelText('Method'), { target: { value: 'cash' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Record payment' }));
    await waitFor(() => expect(within(screen.getByTestId('invoice-status')).getByText('Paid')).toBeTruthy());
    expect(callsOf(backend, 'invoice_record_payment')).toEqual([{ id: INVOICE_ID, payment: { amount: '100', method: 'cash', gateway_transaction_id: undefined } }]);
    expect(screen.queryByRole('button', { name: 'Record payment' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Refund' })).toBeTruthy();
  });

  it('draws the revenue dashboard from the core figures', async () => {
    setup('/orders?view=revenue', {
      handlers: {
        commerce_revenue: () => ({
          today: '2026-05-20',
          currencies: [
            {
              currency: 'USD',
              received: '130.25',
              outstanding: '320.35',
              open_count: 3,
              overdue: '280.35',
              overdue_count: 2,
              aging: [
                { label: '0–30', count: 1, amount: '80.10' },
                { label: '31–60', count: 1, amount: '200.25' },
                { label: '61–90', count: 0, amount: '0.00' },
                { label: '90+', count: 0, amount: '0.00' },
              ],
              by_month: [{ month: '2026-05', invoiced: '40.00', received: '-20.00' }],
            },
          ],
        }),
      },
    });
    expect((await screen.findByTestId('revenue-outstanding')).textContent).toBe('320.35 USD');
    expect(screen.getByTestId('revenue-overdue').textContent).toBe('280.35 USD');
    expect(screen.getByTestId('revenue-received').textContent).toBe('130.25 USD');
    expect(within(screen.getByTestId('aging-31–60')).getByText('200.25 USD · 1')).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Invoiced and received per month' })).toBeTruthy();
  });

  it("lists a contact's invoices with links into the Orders screen", async () => {
    const backend = fakeWith(crmSeed({ rows: { invoices: [invoiceRow()], orders: [], transactions: [] } }));
    renderWith(backend, <ContactCommerce row={{ id: ADA_ID }} />);
    const link = await screen.findByRole('link', { name: 'Invoice INV-2026-00007' });
    expect(link.getAttribute('href')).toBe(`#/orders?view=invoices&id=${INVOICE_ID}`);
    expect(screen.getByRole('link', { name: 'New invoice' }).getAttribute('href')).toBe(`#/orders?view=invoices&new=invoice&contact=${ADA_ID}`);
  });
});
