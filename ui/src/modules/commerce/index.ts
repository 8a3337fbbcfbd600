import { ShoppingCart } from 'lucide-react';

import { CommerceScreen } from './components/CommerceScreen';
import { ContactCommerce } from './components/ContactCommerce';

import type { ModuleManifest } from '../object-record/types/manifest';
import { joinWords, text } from '../object-record/utils/displayName';
import { capitalize } from '../object-record/utils/labels';

type Row = Record<string, unknown>;

/** "2 × 19.99". */
const orderItemName = (row: Row): string => {
  const quantity = text(row.quantity);
  const price = text(row.unit_price);
  return quantity && price ? `${quantity} × ${price}` : quantity || price;
};

/** "Design hour: 2 × 80". */
const invoiceItemName = (row: Row): string => joinWords(text(row.description), orderItemName(row));

/** "Refund 10.00 EUR". */
const transactionName = (row: Row): string =>
  joinWords(capitalize(text(row.transaction_type)), text(row.amount), text(row.currency));

/**
 * Commerce: invoices and orders (lists with status chips, editors with the core's live
 * totals, an invoice's payments, refunds and PDF), the product catalogue and a revenue
 * dashboard, under `#/orders?view=<invoices|orders|products|revenue>&id=<id>`; a contact's
 * invoices, orders and payments on its detail panel. Totals, numbers and payment states
 * are the core's (refused as input on the generic record screens).
 */
export const commerce: ModuleManifest = {
  id: 'commerce',
  sidebar: [{ id: 'orders', label: 'Orders', icon: ShoppingCart, tables: ['orders', 'order_items', 'products', 'invoices', 'invoice_items', 'transactions'], Screen: CommerceScreen }],
  detailSections: [{ id: 'commerce', on: 'contacts', Section: ContactCommerce }],
  tables: {
    orders: {
      emptyText: 'Orders you record for your contacts appear here.',
      labels: { tab: 'Orders', one: 'order', many: 'orders' },
      listColumns: ['order_number', 'status', 'payment_status', 'currency', 'total', 'created_at'],
    },
    order_items: {
      labels: { tab: 'Order items', one: 'order item', many: 'order items' },
      displayName: orderItemName,
      nameFields: ['quantity', 'unit_price'],
      nameLabel: 'Item',
    },
    products: {
      labels: { tab: 'Products', one: 'product', many: 'products' },
      listColumns: ['sku', 'type', 'price', 'is_active', 'inventory_count'],
    },
    invoices: {
      labels: { tab: 'Invoices', one: 'invoice', many: 'invoices' },
      listColumns: ['invoice_number', 'status', 'payment_status', 'due_date', 'currency', 'total', 'amount_paid'],
    },
    invoice_items: {
      labels: { tab: 'Invoice lines', one: 'invoice line', many: 'invoice lines' },
      displayName: invoiceItemName,
      nameFields: ['description', 'quantity', 'unit_price'],
      nameLabel: 'Line',
    },
    transactions: {
      labels: { tab: 'Transactions', one: 'transaction', many: 'transactions' },
      displayName: transactionName,
      nameFields: ['transaction_type', 'amount', 'currency'],
      nameLabel: 'Transaction',
      listColumns: ['status', 'payment_method', 'payment_gateway', 'created_at'],
    },
  },
};
