import { useEffect, useMemo, useRef } from 'react';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';

import { useBackend } from '../../../backend/BackendContext';
import type { Draft, Filter, Invoice, ListQuery, Order, Product, TotalsPreview } from '../../../bindings';
import { useDebouncedValue } from '../../object-record/hooks/useDebouncedValue';
import { displayName } from '../../object-record/utils/displayName';

const PAGE = 200;

/** Orders or invoices, newest first, with the list's filters (status, number). */
export const useDocuments = (table: 'orders' | 'invoices', filters: Filter[]) => {
  const backend = useBackend();
  // Invoices by issue date (a draft's is the day it was written), orders as created.
  const sort = { field: table === 'invoices' ? 'issue_date' : 'created_at', desc: true };
  const query: ListQuery = { filters, sort, limit: PAGE, deleted: 'exclude' };
  return useQuery({
    queryKey: ['records_list', table, 'commerce', filters],
    queryFn: async () => {
      const [page, count] = await Promise.all([
        backend.invoke('records_list', { table, query }),
        backend.invoke('records_count', { table, query }),
      ]);
      return { items: page.items as Array<Order | Invoice>, count };
    },
    placeholderData: keepPreviousData,
  });
};

/** Orders, invoices and payments of one contact (its detail screen). */
export const useContactDocuments = (contactId: string) => {
  const backend = useBackend();
  const query: ListQuery = { filters: [{ field: 'contact_id', op: 'eq', value: contactId }], sort: { field: 'created_at', desc: true }, limit: 50, deleted: 'exclude' };
  return useQuery({
    queryKey: ['records_list', 'commerce-of-contact', contactId],
    queryFn: async () => {
      const [orders, invoices, payments] = await Promise.all([
        backend.invoke('records_list', { table: 'orders', query }),
        backend.invoke('records_list', { table: 'invoices', query }),
        backend.invoke('records_list', { table: 'transactions', query }),
      ]);
      return { orders: orders.items as Order[], invoices: invoices.items as Invoice[], payments: payments.items };
    },
  });
};

/** The names of the contacts `ids` name, asked for in one `in` list. */
export const useContactNames = (ids: ReadonlyArray<string>): ReadonlyMap<string, string> => {
  const backend = useBackend();
  const wanted = useMemo(() => [...new Set(ids)].sort(), [ids]);
  const names = useQuery({
    queryKey: ['records_list', 'contacts', 'names', wanted],
    queryFn: async () => {
      const page = await backend.invoke('records_list', {
        table: 'contacts',
        query: { filters: [{ field: 'id', op: 'in', value: wanted }], limit: wanted.length, deleted: 'include' },
      });
      return new Map(page.items.map((row) => [String(row.id), displayName('contacts', row)]));
    },
    enabled: wanted.length > 0,
    placeholderData: keepPreviousData,
  });
  return names.data ?? new Map();
};

/** Contacts whose name or email matches `term` (the full-text search), for the contact picker. */
export const useContactSearch = (term: string) => {
  const backend = useBackend();
  const settled = useDebouncedValue(term.trim(), 200);
  return useQuery({
    queryKey: ['search', 'commerce-contact', settled],
    queryFn: async () => (await backend.invoke('search', { text: settled, limit: 8 })).filter((hit) => hit.kind === 'contact'),
    enabled: settled.length > 0,
  });
};

/** Active products by name (the line picker); the catalogue is small. */
export const useProducts = () => {
  const backend = useBackend();
  return useQuery({
    queryKey: ['records_list', 'products', 'active'],
    queryFn: async () =>
      (
        await backend.invoke('records_list', {
          table: 'products',
          query: { filters: [{ field: 'is_active', op: 'eq', value: true }], sort: { field: 'name', desc: false }, limit: 1000, deleted: 'exclude' },
        })
      ).items as Product[],
  });
};

/**
 * The core's totals of the draft, asked for once typing pauses (250 ms). The last good
 * totals stay shown while a newer draft is asked for or refused.
 */
export const useDraftTotals = (draft: Draft) => {
  const backend = useBackend();
  const key = JSON.stringify(draft);
  const settled = useDebouncedValue(key, 250);
  const totals = useQuery({
    queryKey: ['commerce_totals', settled],
    queryFn: () => backend.invoke('commerce_totals', { draft: JSON.parse(settled) as Draft }),
    placeholderData: keepPreviousData,
  });
  // A refused draft has no totals of its own: the last good ones stay beside its error.
  const lastGood = useRef<TotalsPreview | undefined>(undefined);
  if (totals.data) lastGood.current = totals.data;
  return { data: totals.data ?? lastGood.current, error: totals.error, settling: settled !== key || totals.isFetching };
};

export const useInvoice = (id: string) => {
  const backend = useBackend();
  return useQuery({ queryKey: ['invoice_show', id], queryFn: () => backend.invoke('invoice_show', { id }) });
};

export const useOrder = (id: string) => {
  const backend = useBackend();
  return useQuery({ queryKey: ['order_show', id], queryFn: () => backend.invoke('order_show', { id }) });
};

/** The invoice's PDF from the core's renderer: its bytes, fetched again when `version` changes. */
export const useInvoicePdf = (id: string, version: string) => {
  const backend = useBackend();
  return useQuery({
    queryKey: ['invoice_pdf', id, version],
    queryFn: async () => Uint8Array.from(atob(await backend.invoke('invoice_pdf', { id })), (c) => c.charCodeAt(0)),
    staleTime: Infinity,
    gcTime: 0,
  });
};

export const useRevenue = (months: number) => {
  const backend = useBackend();
  return useQuery({ queryKey: ['commerce_revenue', months], queryFn: () => backend.invoke('commerce_revenue', { months }) });
};

/** Once per opening of the screen: open invoices past due become overdue, so chips and filters agree. */
export const useRefreshOverdue = () => {
  const backend = useBackend();
  const refresh = useMutation({ mutationFn: () => backend.invoke('invoices_refresh_overdue', {}) });
  const { mutate } = refresh;
  useEffect(() => mutate(), [mutate]);
};
