import { useMemo, useState } from 'react';
import { FileText, Search } from 'lucide-react';

import { toErrorPayload } from '../../../backend/backend';
import type { Filter } from '../../../bindings';
import { Badge } from '../../../ui/Badge';
import { EmptyState } from '../../../ui/EmptyState';
import { Spinner } from '../../../ui/Spinner';
import { useDebouncedValue } from '../../object-record/hooks/useDebouncedValue';
import { useContactNames, useDocuments } from '../hooks/useCommerce';
import { INVOICE_FILTERS, ORDER_FILTERS, type DocumentKind, formatAmount, invoiceChips, orderChips, statusFilter } from '../utils/documents';

type Row = Record<string, unknown>;

export type DocumentListProps = {
  kind: DocumentKind;
  onOpen: (id: string) => void;
};

const day = (value: unknown): string => (typeof value === 'string' ? value.slice(0, 10) : '');

/** Invoices or orders, newest first: status chips, number, contact, dates, total; filtered by status, searched by number. */
export const DocumentList = ({ kind, onOpen }: DocumentListProps) => {
  const [status, setStatus] = useState('all');
  const [term, setTerm] = useState('');
  const settled = useDebouncedValue(term.trim(), 200);
  const numberField = kind === 'invoice' ? 'invoice_number' : 'order_number';
  const filters = useMemo<Filter[]>(
    () => [
      ...statusFilter(kind, status),
      ...(kind === 'invoice' ? [{ field: 'kind', op: 'eq' as const, value: 'invoice' }] : []),
      ...(settled ? [{ field: numberField, op: 'contains' as const, value: settled }] : []),
    ],
    [kind, status, settled, numberField],
  );
  const table = kind === 'invoice' ? 'invoices' : 'orders';
  const documents = useDocuments(table, filters);
  const items = useMemo(() => (documents.data?.items ?? []) as Row[], [documents.data]);
  const names = useContactNames(useMemo(() => items.map((row) => String(row.contact_id)), [items]));
  const choices = kind === 'invoice' ? INVOICE_FILTERS : ORDER_FILTERS;
  const label = kind === 'invoice' ? 'Invoices' : 'Orders';

  return (
    <div className="commerce-list">
      <div className="commerce-filters">
        <div className="commerce-filters__status" role="radiogroup" aria-label="Status">
          {choices.map((choice) => (
            <button
              key={choice.id}
              type="button"
              role="radio"
              aria-checked={status === choice.id}
              className={`commerce-filter${status === choice.id ? ' commerce-filter--on' : ''}`}
              onClick={() => setStatus(choice.id)}
            >
              {choice.label}
            </button>
          ))}
        </div>
        <label className="commerce-filters__search">
          <Search size={14} aria-hidden="true" />
          <input className="input" type="search" placeholder={`Search by number`} aria-label={`Search ${label.toLowerCase()} by number`} value={term} onChange={(e) => setTerm(e.target.value)} />
        </label>
        {documents.data ? (
          <span className="commerce-filters__count">
            {documents.data.count > items.length ? `${items.length} of ${documents.data.count}` : documents.data.count} {label.toLowerCase()}
          </span>
        ) : null}
      </div>
      {documents.error ? (
        <div className="form-error" role="alert">
          {toErrorPayload(documents.error).message}
        </div>
      ) : null}
      {documents.isPending ? <Spinner /> : null}
      {documents.data && items.length === 0 ? (
        <EmptyState
          icon={<FileText size={20} />}
          title={`No ${label.toLowerCase()} here`}
          description={status === 'all' && !settled ? `${label} you create appear here.` : 'Nothing matches these filters.'}
        />
      ) : null}
      {items.length > 0 ? (
        <div className="commerce-table-wrap">
          <table className="records commerce-table" aria-label={label}>
            <thead>
              <tr>
                <th>Number</th>
                <th>Status</th>
                <th>Contact</th>
                {kind === 'invoice' ? (
                  <>
                    <th>Issued</th>
                    <th>Due</th>
                  </>
                ) : (
                  <th>Created</th>
                )}
                <th className="align-right">Total</th>
                {kind === 'invoice' ? <th className="align-right">Paid</th> : null}
              </tr>
            </thead>
            <tbody>
              {items.map((row) => {
                const id = String(row.id);
                const chips = kind === 'invoice' ? invoiceChips(row) : orderChips(row);
                return (
                  <tr
                    key={id}
                    tabIndex={0}
                    className="commerce-table__row"
                    onClick={() => onOpen(id)}
                    onKeyDown={(e) => (e.key === 'Enter' ? onOpen(id) : undefined)}
                    aria-label={String(row[numberField])}
                  >
                    <td className="commerce-table__number">{String(row[numberField])}</td>
                    <td>
                      <span className="chips">
                        {chips.map((chip) => (
                          <Badge key={chip.label} tone={chip.tone}>
                            {chip.label}
                          </Badge>
                        ))}
                      </span>
                    </td>
                    <td>{names.get(String(row.contact_id)) ?? '…'}</td>
                    {kind === 'invoice' ? (
                      <>
                        <td>{row.status === 'draft' ? '—' : day(row.issue_date)}</td>
                        <td className={row.status === 'overdue' ? 'commerce-late' : undefined}>{row.status === 'draft' ? '—' : day(row.due_date)}</td>
                      </>
                    ) : (
                      <td>{day(row.created_at)}</td>
                    )}
                    <td className="align-right commerce-amount">{formatAmount(row.total, row.currency)}</td>
                    {kind === 'invoice' ? <td className="align-right commerce-amount">{formatAmount(row.amount_paid, row.currency)}</td> : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
};
