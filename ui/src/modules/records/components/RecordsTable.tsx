import type { KeyboardEvent } from 'react';
import { ArrowDown, ArrowUp } from 'lucide-react';

import type { Sort } from '../../../bindings';
import type { ListColumn } from '../utils/columns';
import { displayName, initials } from '../utils/displayName';
import { ValueView } from './ValueView';

type Row = Record<string, unknown>;

export type RecordsTableProps = {
  table: string;
  columns: ReadonlyArray<ListColumn>;
  rows: ReadonlyArray<Row>;
  sort: Sort | null;
  selectedId: string | null;
  /** Without it the headers are plain labels (search results keep their ranking). */
  onSort?: (field: string) => void;
  onOpen: (row: Row) => void;
};

const PEOPLE = ['contacts', 'users'];

/** Records as rows (`<tr data-id>`); a click or Enter on a row opens it. */
export const RecordsTable = ({ table, columns, rows, sort, selectedId, onSort, onOpen }: RecordsTableProps) => {
  const handleRowKeyDown = (event: KeyboardEvent<HTMLTableRowElement>, row: Row) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onOpen(row);
    }
  };

  return (
    <table className="records">
      <thead>
        <tr>
          {columns.map((column) => {
            const sorted = sort && column.sortField === sort.field ? sort : null;
            const ariaSort = sorted ? (sorted.desc ? 'descending' : 'ascending') : undefined;
            return (
              <th key={column.key} className={column.align === 'right' ? 'align-right' : undefined} aria-sort={ariaSort}>
                {column.sortField && onSort ? (
                  <button type="button" className="th-button" onClick={() => column.sortField && onSort(column.sortField)}>
                    {column.label}
                    {sorted ? sorted.desc ? <ArrowDown size={12} /> : <ArrowUp size={12} /> : null}
                  </button>
                ) : (
                  column.label
                )}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const id = String(row.id);
          const name = displayName(table, row);
          return (
            <tr
              key={id}
              data-id={id}
              tabIndex={0}
              className={id === selectedId ? 'is-selected' : undefined}
              onClick={() => onOpen(row)}
              onKeyDown={(event) => handleRowKeyDown(event, row)}
            >
              {columns.map((column) => (
                <td key={column.key} className={column.align === 'right' ? 'align-right num' : undefined}>
                  {column.column ? (
                    <ValueView column={column.column} value={row[column.column.name]} compact />
                  ) : (
                    <span className="name-cell">
                      {PEOPLE.includes(table) ? (
                        <span className="avatar" aria-hidden="true">
                          {initials(name) || '?'}
                        </span>
                      ) : null}
                      <span className="name-cell__text">{name}</span>
                    </span>
                  )}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
};
