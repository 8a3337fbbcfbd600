import { useRef, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';

import { Badge } from '../../../ui/Badge';
import { formatTimestamp } from '../../object-record/utils/format';
import { href, tablePath } from '../../object-record/states/registry';
import { statusOf, type Submission, type SubmissionColumn } from '../utils/submissions';

export type SubmissionsTableProps = {
  columns: ReadonlyArray<SubmissionColumn>;
  rows: ReadonlyArray<Submission>;
  /** Buttons at the end of each row (Approve, Delete in the spam queue). */
  rowActions?: (row: Submission) => ReactNode;
  /** The spam queue also shows why each row was held. */
  showSpamReason?: boolean;
};

const ROW_HEIGHT = 36;
const HEADER_HEIGHT = 36;
const WIDTHS: Record<string, number> = { created_at: 160, status: 120, contact: 180 };
const FIELD_WIDTH = 190;
const ACTIONS_WIDTH = 190;

const STATUS: Record<string, { label: string; tone: 'green' | 'amber' | 'red' }> = {
  received: { label: 'Received', tone: 'green' },
  unconfirmed: { label: 'Unconfirmed', tone: 'amber' },
  spam: { label: 'Spam', tone: 'red' },
};

const Cell = ({ column, row }: { column: SubmissionColumn; row: Submission }) => {
  if (column.key === 'created_at') return <span title={row.created_at}>{formatTimestamp(row.created_at)}</span>;
  if (column.key === 'status') {
    const status = STATUS[statusOf(row)] ?? STATUS.received;
    return status ? <Badge tone={status.tone}>{status.label}</Badge> : null;
  }
  if (column.key === 'contact') {
    if (!row.contact_id) return <span className="muted">—</span>;
    return (
      <a className="submissions-table__contact" href={href(tablePath('contacts', row.contact_id))} onClick={(event) => event.stopPropagation()}>
        {column.value(row) || 'Contact'}
      </a>
    );
  }
  const text = column.display ? column.display(row) : column.value(row);
  return text ? <span title={text}>{text}</span> : <span className="muted">—</span>;
};

/** The submissions, one column per field; only the rows in view are drawn. */
export const SubmissionsTable = ({ columns, rows, rowActions, showSpamReason = false }: SubmissionsTableProps) => {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    paddingStart: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0];
  const last = items[items.length - 1];
  const paddingTop = first ? first.start - HEADER_HEIGHT : 0;
  const paddingBottom = last ? virtualizer.getTotalSize() - last.end : 0;
  const width = (column: SubmissionColumn) => WIDTHS[column.key] ?? FIELD_WIDTH;
  const span = columns.length + (showSpamReason ? 1 : 0) + (rowActions ? 1 : 0) + 1;
  const minWidth = columns.reduce((total, column) => total + width(column), 0) + (showSpamReason ? FIELD_WIDTH : 0) + (rowActions ? ACTIONS_WIDTH : 0);

  return (
    <div ref={scrollRef} className="table-scroll submissions-table" tabIndex={0} aria-label="Submissions list">
      <table className="records list-table" aria-label="Submissions" aria-rowcount={rows.length + 1} style={{ minWidth }}>
        <colgroup>
          {columns.map((column) => (
            <col key={column.key} style={{ width: width(column) }} />
          ))}
          {showSpamReason ? <col style={{ width: FIELD_WIDTH }} /> : null}
          <col />
          {rowActions ? <col style={{ width: ACTIONS_WIDTH }} /> : null}
        </colgroup>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.key} className={`submissions-table__th submissions-table__th--${column.kind}`} title={column.kind === 'field' ? column.key.slice(5) : undefined}>
                {column.label}
              </th>
            ))}
            {showSpamReason ? <th>Held because</th> : null}
            <th aria-hidden="true" />
            {rowActions ? <th aria-hidden="true" /> : null}
          </tr>
        </thead>
        <tbody>
          {paddingTop > 0 ? (
            <tr aria-hidden="true">
              <td colSpan={span} style={{ height: paddingTop }} />
            </tr>
          ) : null}
          {items.map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return (
              <tr key={row.id} aria-rowindex={item.index + 2} data-id={row.id}>
                {columns.map((column) => (
                  <td key={column.key}>
                    <Cell column={column} row={row} />
                  </td>
                ))}
                {showSpamReason ? <td>{row.spam_reason ?? <span className="muted">—</span>}</td> : null}
                <td aria-hidden="true" />
                {rowActions ? <td className="submissions-table__actions">{rowActions(row)}</td> : null}
              </tr>
            );
          })}
          {paddingBottom > 0 ? (
            <tr aria-hidden="true">
              <td colSpan={span} style={{ height: paddingBottom }} />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
};
