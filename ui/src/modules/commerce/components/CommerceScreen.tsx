import { useSearchParams } from 'react-router';
import { Plus } from 'lucide-react';

import type { EntryScreenProps } from '../../object-record/types/manifest';
import { Button } from '../../../ui/Button';
import { Tabs } from '../../../ui/Tabs';
import { useRefreshOverdue } from '../hooks/useCommerce';
import type { DocumentKind } from '../utils/documents';
import { DocumentEditor } from './DocumentEditor';
import { DocumentList } from './DocumentList';
import { InvoiceDetail } from './InvoiceDetail';
import { OrderDetail } from './OrderDetail';
import { ProductsView, TableView } from './ProductsView';
import { RevenueDashboard } from './RevenueDashboard';
import '../commerce.css';

type View = 'invoices' | 'orders' | 'products' | 'revenue';
const VIEWS: ReadonlyArray<{ id: View; label: string }> = [
  { id: 'invoices', label: 'Invoices' },
  { id: 'orders', label: 'Orders' },
  { id: 'products', label: 'Products' },
  { id: 'revenue', label: 'Revenue' },
];

/**
 * The Orders entry: invoices, orders, products and revenue
 * (`#/orders?view=<view>&id=<document>`; `&new=order|invoice` opens the editor, `&contact=` fills it).
 * The entry's other tables keep their generic lists at their own paths (`#/orders/transactions`).
 */
export const CommerceScreen = ({ table }: EntryScreenProps) => {
  const [params, setParams] = useSearchParams();
  useRefreshOverdue();
  const fromPath: View | 'records' | null = table === 'products' ? 'products' : table === 'orders' || table === 'invoices' ? null : 'records';
  const view = (VIEWS.find((v) => v.id === params.get('view'))?.id ?? fromPath ?? 'invoices') as View | 'records';
  const id = params.get('id');
  const creating = params.get('new') as DocumentKind | null;
  const go = (next: Record<string, string>) => setParams(next);
  const open = (kind: DocumentKind, documentId: string) => go({ view: kind === 'order' ? 'orders' : 'invoices', id: documentId });
  const back = () => go({ view });

  const body = () => {
    if (creating === 'order' || creating === 'invoice')
      return <DocumentEditor kind={creating} contactId={params.get('contact') ?? ''} onCancel={back} onSaved={(documentId) => open(creating, documentId)} />;
    if (id && view === 'invoices') return <InvoiceDetail id={id} onBack={back} onOpenOrder={(orderId) => open('order', orderId)} />;
    if (id && view === 'orders') return <OrderDetail id={id} onBack={back} onOpenInvoice={(invoiceId) => open('invoice', invoiceId)} />;
    if (view === 'invoices') return <DocumentList kind="invoice" onOpen={(documentId) => open('invoice', documentId)} />;
    if (view === 'orders') return <DocumentList kind="order" onOpen={(documentId) => open('order', documentId)} />;
    if (view === 'records') return <TableView table={table} openId={params.get('open')} onOpen={(recordId) => setParams(recordId ? { open: recordId } : {})} />;
    if (view === 'products') return <ProductsView openId={id} onOpen={(productId) => go(productId ? { view, id: productId } : { view })} />;
    return <RevenueDashboard />;
  };

  return (
    <div className="module-page commerce-page">
      <header className="page-header commerce-page__header">
        <h1>Orders</h1>
        <Tabs<View | 'records'> items={VIEWS} selected={view} onSelect={(next) => go({ view: next })} label="View" />
        <span className="commerce-page__actions">
          <Button icon={<Plus size={14} />} onClick={() => go({ view: 'orders', new: 'order' })}>
            New order
          </Button>
          <Button variant="primary" icon={<Plus size={14} />} onClick={() => go({ view: 'invoices', new: 'invoice' })}>
            New invoice
          </Button>
        </span>
      </header>
      {body()}
    </div>
  );
};
