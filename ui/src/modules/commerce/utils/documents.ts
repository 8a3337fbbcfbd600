import type { Draft, DraftTax, NewInvoice, NewOrder, TaxInput } from '../../../bindings';
import { errorField, errorReason } from '../../object-record/utils/errorField';
import type { BadgeTone } from '../../../ui/Badge';

type Row = Record<string, unknown>;

/** One line as the editor holds it: text as typed. */
export type EditorLine = {
  key: string;
  /** A product's id, or "" for a free line (invoices only). */
  product: string;
  description: string;
  quantity: string;
  unitPrice: string;
  discount: string;
  /** The line's own rate in percent; "" takes the document's. */
  taxRate: string;
};

export type DocumentKind = 'order' | 'invoice';

/** An order or invoice being written. */
export type EditorState = {
  kind: DocumentKind;
  contactId: string;
  currency: string;
  lines: EditorLine[];
  discount: string;
  shipping: string;
  taxName: string;
  taxRate: string;
  taxInclusive: boolean;
  /** Days from issue to due (invoices). */
  termsDays: string;
  notes: string;
};

let lineCount = 0;
export const newLine = (): EditorLine => {
  lineCount += 1;
  return { key: `line-${lineCount}`, product: '', description: '', quantity: '1', unitPrice: '', discount: '', taxRate: '' };
};

export const emptyEditor = (kind: DocumentKind, contactId = ''): EditorState => ({
  kind,
  contactId,
  currency: 'USD',
  lines: [newLine()],
  discount: '',
  shipping: '',
  taxName: '',
  taxRate: '',
  taxInclusive: false,
  termsDays: '30',
  notes: '',
});

const blank = (text: string): string | undefined => (text.trim() === '' ? undefined : text.trim());

const documentTax = (state: EditorState): DraftTax | undefined =>
  blank(state.taxRate) === undefined ? undefined : { name: blank(state.taxName), rate: state.taxRate.trim(), inclusive: state.taxInclusive };

/** A line's own rate shares the document's name and kind. */
const lineTax = (state: EditorState, line: EditorLine): DraftTax | undefined =>
  blank(line.taxRate) === undefined ? undefined : { name: blank(state.taxName), rate: line.taxRate.trim(), inclusive: state.taxInclusive };

/** What the core totals while the person types (`commerce_totals`). */
export const toDraft = (state: EditorState): Draft => ({
  currency: state.currency.trim(),
  lines: state.lines.map((line) => ({
    quantity: line.quantity,
    unit_price: line.unitPrice,
    discount: blank(line.discount),
    tax: lineTax(state, line),
  })),
  discount: blank(state.discount),
  shipping: blank(state.shipping),
  tax: documentTax(state),
  whole_quantities: state.kind === 'order',
});

const asTax = (tax: DraftTax | undefined): TaxInput | undefined => tax && { name: tax.name, rate: tax.rate, inclusive: tax.inclusive };

/** The order the core creates (`order_create`); amounts stay text, read exactly by the core. */
export const toNewOrder = (state: EditorState): NewOrder => ({
  contact_id: state.contactId,
  currency: blank(state.currency),
  discount: blank(state.discount),
  shipping: blank(state.shipping),
  tax: asTax(documentTax(state)),
  notes: blank(state.notes),
  lines: state.lines.map((line) => ({
    product: line.product,
    // An order counts whole units; the preview has already refused anything else.
    quantity: Number.parseInt(line.quantity, 10),
    unit_price: blank(line.unitPrice),
    discount: blank(line.discount),
    tax: asTax(lineTax(state, line)),
    description: blank(line.description),
  })),
});

/** The draft invoice the core creates (`invoice_create`). */
export const toNewInvoice = (state: EditorState): NewInvoice => ({
  contact_id: state.contactId,
  currency: blank(state.currency),
  discount: blank(state.discount),
  shipping: blank(state.shipping),
  tax: asTax(documentTax(state)),
  notes: blank(state.notes),
  payment_terms_days: blank(state.termsDays) === undefined ? undefined : Number.parseInt(state.termsDays, 10),
  lines: state.lines.map((line) => ({
    product: blank(line.product),
    description: blank(line.description),
    quantity: line.quantity.trim(),
    unit_price: blank(line.unitPrice),
    discount: blank(line.discount),
    tax: asTax(lineTax(state, line)),
  })),
});

/** The editor's field a core error names, and its reason. */
export type FieldError = { field: string; reason: string };

/**
 * The core names fields as `lines[1].quantity: …` (the maths), `lines[1]: product: …` (a
 * line's record) or `discount: …`; the editor keys them `lines.1.quantity`, `discount`.
 * Column names become the editor's (`unit_price` → the unit price input, `tax_rate`).
 */
export const fieldOfError = (message: string): FieldError | null => {
  const line = /^\s*lines\[(\d+)\](?:\.|:\s*)([a-z_]+)\s*:\s*(.*)$/is.exec(message);
  if (line) return { field: `lines.${line[1]}.${line[2]}`, reason: line[3] ?? message };
  const field = errorField(message);
  if (!field) return null;
  return { field, reason: errorReason(message, field) };
};

/** "1234.5" → "1,234.50" with the currency's decimals as the core gave them; exact (no floats). */
export const groupDigits = (amount: string): string => {
  const match = /^(-?)(\d*)(\.\d+)?$/.exec(amount.trim());
  if (!match) return amount;
  const [, sign, whole, fraction = ''] = match;
  return `${sign}${(whole || '0').replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction}`;
};

/** Decimals per currency, as the core rounds (ISO 4217). */
const ZERO = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'UYI', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);
const THREE = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);

/** A stored amount ("59.9") shown with its currency's decimals ("59.90 USD"); padding only, no rounding maths. */
export const formatAmount = (amount: unknown, currency: unknown): string => {
  const text = typeof amount === 'string' ? amount : typeof amount === 'number' ? String(amount) : '0';
  const code = typeof currency === 'string' && currency ? currency : 'USD';
  const decimals = ZERO.has(code) ? 0 : THREE.has(code) ? 3 : 2;
  const [whole = '0', fraction = ''] = text.split('.');
  const padded = decimals === 0 ? whole : `${whole}.${(fraction + '000').slice(0, decimals)}`;
  return `${groupDigits(padded)} ${code}`;
};

export type Chip = { label: string; tone: BadgeTone };

const INVOICE_STATUS: Record<string, Chip> = {
  draft: { label: 'Draft', tone: 'gray' },
  sent: { label: 'Sent', tone: 'blue' },
  paid: { label: 'Paid', tone: 'green' },
  overdue: { label: 'Overdue', tone: 'red' },
  cancelled: { label: 'Cancelled', tone: 'gray' },
};

const PAYMENT_STATUS: Record<string, Chip> = {
  unpaid: { label: 'Unpaid', tone: 'gray' },
  paid: { label: 'Paid', tone: 'green' },
  partially_paid: { label: 'Partially paid', tone: 'amber' },
  refunded: { label: 'Refunded', tone: 'purple' },
};

const ORDER_STATUS: Record<string, Chip> = {
  pending: { label: 'Pending', tone: 'gray' },
  processing: { label: 'Processing', tone: 'blue' },
  completed: { label: 'Completed', tone: 'green' },
  cancelled: { label: 'Cancelled', tone: 'gray' },
  refunded: { label: 'Refunded', tone: 'purple' },
};

const chipOf = (map: Record<string, Chip>, value: unknown): Chip => {
  const key = String(value ?? '');
  return map[key] ?? { label: key || '—', tone: 'gray' };
};

/** An invoice's chips: its status, and "Partially paid" or "Refunded" where payments say more. */
export const invoiceChips = (row: Row): Chip[] => {
  const chips = [chipOf(INVOICE_STATUS, row.status)];
  if (row.kind === 'credit_note') chips.unshift({ label: 'Credit note', tone: 'purple' });
  if (row.payment_status === 'partially_paid' || row.payment_status === 'refunded') chips.push(chipOf(PAYMENT_STATUS, row.payment_status));
  return chips;
};

export const orderChips = (row: Row): Chip[] => [chipOf(ORDER_STATUS, row.status), chipOf(PAYMENT_STATUS, row.payment_status)];

/** The filters of the invoices list, as the core's list filters. */
export const INVOICE_FILTERS = [
  { id: 'all', label: 'All' },
  { id: 'draft', label: 'Draft' },
  { id: 'sent', label: 'Sent' },
  { id: 'partially_paid', label: 'Partially paid' },
  { id: 'overdue', label: 'Overdue' },
  { id: 'paid', label: 'Paid' },
  { id: 'cancelled', label: 'Cancelled' },
] as const;

export const ORDER_FILTERS = [
  { id: 'all', label: 'All' },
  { id: 'pending', label: 'Pending' },
  { id: 'processing', label: 'Processing' },
  { id: 'completed', label: 'Completed' },
  { id: 'unpaid', label: 'Unpaid' },
  { id: 'partially_paid', label: 'Partially paid' },
  { id: 'paid', label: 'Paid' },
  { id: 'cancelled', label: 'Cancelled' },
] as const;

/** A status filter's list filters: payment states filter `payment_status`, the others `status`. */
export const statusFilter = (kind: DocumentKind, id: string) => {
  if (id === 'all') return [];
  const payment = kind === 'invoice' ? id === 'partially_paid' : ['unpaid', 'partially_paid', 'paid'].includes(id);
  return [{ field: payment ? 'payment_status' : 'status', op: 'eq' as const, value: id }];
};

export const PAYMENT_METHODS = [
  { id: 'bank_transfer', label: 'Bank transfer' },
  { id: 'card', label: 'Card' },
  { id: 'cash', label: 'Cash' },
  { id: 'cheque', label: 'Cheque' },
  { id: 'paypal', label: 'PayPal' },
  { id: 'other', label: 'Other' },
] as const;

export const methodLabel = (method: unknown): string =>
  PAYMENT_METHODS.find((m) => m.id === method)?.label ?? String(method ?? '');

/** `YYYY-MM-DD` plus `days`. */
export const addDays = (day: string, days: number): string => {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
};
