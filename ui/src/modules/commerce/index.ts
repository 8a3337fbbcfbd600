import { ShoppingCart } from 'lucide-react';

import type { ModuleManifest } from '../object-record/types/manifest';

/** Orders, products, invoices and payments; no behaviour beyond the generic record screens yet. */
export const commerce: ModuleManifest = {
  id: 'commerce',
  sidebar: [{ id: 'orders', label: 'Orders', icon: ShoppingCart, tables: ['orders', 'order_items', 'products', 'invoices', 'transactions'] }],
  tables: { orders: { emptyText: 'Orders you record for your contacts appear here.' } },
};
