import { memo, useEffect, useMemo, useRef, type ChangeEvent, type MouseEvent, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { ArrowDown, ArrowUp } from 'lucide-react';

import type { Sort } from '../../../bindings';
import { tableSpec } from '../states/registry';
import type { ListColumn } from '../utils/columns';
import { displayName, initials } from '../utils/displayName';
import type { FieldColumn } from '../utils/listFields';
import { ListCell } from './ListCell';

type Row = Record<string, unknown>;

/** Must match `--row-height` and `.list-table th` in styles.css: rows are placed by arithmetic. */
export const ROW_HEIGHT = 36;
const HEADER_HEIGHT = 34;
const CHECK_WIDTH = 40;
const NAME_WIDTH = 230;
const ACTION_WIDTH = 112;
/** Rows drawn beyond the visible ones, so fast scrolling does not show blanks. */
const OVERSCAN = 8;
/** The next page is asked for when the visible rows get this close to the last loaded one. */
const PREFETCH_ROWS = 40;

export type ListTableProps = {
  table: string;
  /** The table's accessible name, e.g. "Contacts". */
  label: string;
  /** What one record is called, for the row checkboxes' names. */
  recordLabel: string;
  nameColumn: ListColumn;
  columns: ReadonlyArray<FieldColumn>;
  rows: ReadonlyArray<Row>;
  hasMore: boolean;
  /** The last next page failed: stop asking while scrolling, offer to try again. */
  moreFailed: boolean;
  onLoadMore: () => void;
  sort: Sort | null;
  /** Without it the headers are plain labels (search results keep their ranking). */
  onSort?: (field: string) => void;
  /** The keyboard's row, or -1. */
  activeIndex: number;
  /** The record open in the drawer. */
  openedId: string | null;
  selected: ReadonlySet<string>;
  /** Every record matching the filters is selected, loaded or not. */
  allMatching: boolean;
  /** Rows have checkboxes (not in read-only tables such as the audit log). */
  selectable: boolean;
  /** How many records match in all, loaded or not, for assistive technology. */
  total: number | null;
  onToggleRow: (index: number, extend: boolean) => void;
  onToggleLoaded: () => void;
  onOpen: (index: number) => void;
  /** A button at the end of each row (Restore, in the trash). */
  rowAction?: (row: Row) => ReactNode;
  /** Changes when the rows become another list: scroll back to the top. */
  resetKey: string;
};

type ListRowProps = {
  row: Row;
  index: number;
  table: string;
  recordLabel: string;
  columns: ReadonlyArray<FieldColumn>;
  active: boolean;
  selectable: boolean;
  selected: boolean;
  opened: boolean;
  onToggleRow: (index: number, extend: boolean) => void;
  onOpen: (index: number) => void;
  rowAction?: (row: Row) => ReactNode;
};

/** One record; memoised so moving the active row redraws two rows, not all of them. */
const ListRow = memo(function ListRow({
  row,
  index,
  table,
  recordLabel,
  columns,
  active,
  selectable,
  selected,
  opened,
  onToggleRow,
  onOpen,
  rowAction,
}: ListRowProps) {
  const id = String(row.id);
  const name = displayName(table, row);
  const classes = ['list-row', active ? 'is-active' : '', selected ? 'is-checked' : '', opened ? 'is-selected' : '']
    .filter(Boolean)
    .join(' ');
  const handleCheck = (event: ChangeEvent<HTMLInputElement>) => {
    const native = event.nativeEvent as globalThis.MouseEvent | Event;
    onToggleRow(index, 'shiftKey' in native && native.shiftKey);
  };
  return (
    <tr
      data-id={id}
      className={classes}
      aria-rowindex={index + 2}
      aria-current={active ? 'true' : undefined}
      onClick={() => onOpen(index)}
    >
      <td className="list-table__check cell--pinned" onClick={(event: MouseEvent) => event.stopPropagation()}>
        {selectable ? (
          <input type="checkbox" className="checkbox" checked={selected} onChange={handleCheck} aria-label={`Select ${recordLabel} ${name}`} />
        ) : null}
      </td>
      <td className="list-table__name cell--pinned">
        <span className="name-cell">
          {tableSpec(table).person ? (
            <span className="avatar" aria-hidden="true">
              {initials(name) || '?'}
            </span>
          ) : null}
          <span className="name-cell__text">{name}</span>
        </span>
      </td>
      {columns.map((column) => (
        <td key={column.id} className={column.align === 'right' ? 'align-right num' : undefined}>
          <ListCell column={column} row={row} />
        </td>
      ))}
      <td className="list-table__filler" />
      {rowAction ? (
        <td className="list-table__action" onClick={(event: MouseEvent) => event.stopPropagation()}>
          {rowAction(row)}
        </td>
      ) : null}
    </tr>
  );
});

type HeaderProps = {
  label: string;
  sortField: string | null;
  sort: Sort | null;
  onSort?: (field: string) => void;
  className?: string;
};

const HeaderCell = ({ label, sortField, sort, onSort, className }: HeaderProps) => {
  const sorted = sort && sortField === sort.field ? sort : null;
  const ariaSort = sorted ? (sorted.desc ? 'descending' : 'ascending') : undefined;
  return (
    <th className={className} aria-sort={ariaSort}>
      {sortField && onSort ? (
        <button type="button" className="th-button" onClick={() => onSort(sortField)}>
          {label}
          {sorted ? sorted.desc ? <ArrowDown size={12} /> : <ArrowUp size={12} /> : null}
        </button>
      ) : (
        label
      )}
    </th>
  );
};

/**
 * The records as a virtualised table: only the rows in view (and a few more) are in the
 * DOM, between two spacer rows, so 100,000 loaded rows scroll as lightly as 100. The header
 * sticks; the checkbox and name columns stay put when scrolling sideways.
 */
export const ListTable = ({
  table,
  label,
  recordLabel,
  nameColumn,
  columns,
  rows,
  hasMore,
  moreFailed,
  onLoadMore,
  sort,
  onSort,
  activeIndex,
  openedId,
  selected,
  allMatching,
  selectable,
  total,
  onToggleRow,
  onToggleLoaded,
  onOpen,
  rowAction,
  resetKey,
}: ListTableProps) => {
  const scrollRef = useRef<HTMLDivElement>(null);
  const headerCheck = useRef<HTMLInputElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length + (hasMore ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    // Rows start below the sticky header, and scrolling a row into view keeps it clear of it.
    paddingStart: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length > 0 ? (items[items.length - 1]?.index ?? -1) : -1;

  useEffect(() => {
    if (hasMore && !moreFailed && lastIndex >= rows.length - PREFETCH_ROWS) onLoadMore();
  }, [hasMore, moreFailed, lastIndex, rows.length, onLoadMore]);

  useEffect(() => {
    if (activeIndex >= 0) virtualizer.scrollToIndex(activeIndex, { align: 'auto' });
  }, [activeIndex, virtualizer]);

  useEffect(() => {
    virtualizer.scrollToOffset(0);
  }, [resetKey, virtualizer]);

  const checkedLoaded = useMemo(() => {
    if (allMatching) return rows.length;
    if (selected.size === 0) return 0;
    return rows.reduce((total, row) => total + (selected.has(String(row.id)) ? 1 : 0), 0);
  }, [rows, selected, allMatching]);
  const allLoaded = rows.length > 0 && checkedLoaded === rows.length;

  useEffect(() => {
    if (headerCheck.current) headerCheck.current.indeterminate = checkedLoaded > 0 && !allLoaded;
  }, [checkedLoaded, allLoaded]);

  const first = items[0];
  const last = items[items.length - 1];
  const paddingTop = first ? first.start - HEADER_HEIGHT : 0;
  const paddingBottom = last ? virtualizer.getTotalSize() - last.end : 0;
  const spanAll = columns.length + 3 + (rowAction ? 1 : 0);
  const minWidth =
    CHECK_WIDTH + NAME_WIDTH + columns.reduce((total, column) => total + column.width, 0) + (rowAction ? ACTION_WIDTH : 0);

  return (
    <div ref={scrollRef} className="table-scroll" tabIndex={0} aria-label={`${label} list`}>
      <table className="records list-table" aria-label={label} aria-rowcount={total === null ? -1 : total + 1} style={{ minWidth }}>
        <colgroup>
          <col style={{ width: CHECK_WIDTH }} />
          <col style={{ width: NAME_WIDTH }} />
          {columns.map((column) => (
            <col key={column.id} style={{ width: column.width }} />
          ))}
          <col />
          {rowAction ? <col style={{ width: ACTION_WIDTH }} /> : null}
        </colgroup>
        <thead>
          <tr>
            <th className="list-table__check cell--pinned">
              {selectable ? (
                <input
                  ref={headerCheck}
                  type="checkbox"
                  className="checkbox"
                  checked={allLoaded}
                  onChange={onToggleLoaded}
                  aria-label={`Select all loaded ${label.toLowerCase()}`}
                />
              ) : null}
            </th>
            <HeaderCell label={nameColumn.label} sortField={nameColumn.sortField} sort={sort} onSort={onSort} className="list-table__name cell--pinned" />
            {columns.map((column) => (
              <HeaderCell
                key={column.id}
                label={column.label}
                sortField={column.sortField}
                sort={sort}
                onSort={onSort}
                className={column.align === 'right' ? 'align-right' : undefined}
              />
            ))}
            <th className="list-table__filler" aria-hidden="true" />
            {rowAction ? <th className="list-table__action" aria-hidden="true" /> : null}
          </tr>
        </thead>
        <tbody>
          {paddingTop > 0 ? (
            <tr className="list-table__spacer" aria-hidden="true">
              <td colSpan={spanAll} style={{ height: paddingTop }} />
            </tr>
          ) : null}
          {items.map((item) => {
            const row = rows[item.index];
            if (!row) {
              return (
                <tr key="more" className="list-table__more">
                  <td colSpan={spanAll}>
                    {moreFailed ? (
                      <button type="button" className="button button--ghost" onClick={onLoadMore}>
                        Could not load more. Try again
                      </button>
                    ) : (
                      <span className="muted">Loading more…</span>
                    )}
                  </td>
                </tr>
              );
            }
            const id = String(row.id);
            return (
              <ListRow
                key={id}
                row={row}
                index={item.index}
                table={table}
                recordLabel={recordLabel}
                columns={columns}
                active={item.index === activeIndex}
                selectable={selectable}
                selected={allMatching || selected.has(id)}
                opened={id === openedId}
                onToggleRow={onToggleRow}
                onOpen={onOpen}
                rowAction={rowAction}
              />
            );
          })}
          {paddingBottom > 0 ? (
            <tr className="list-table__spacer" aria-hidden="true">
              <td colSpan={spanAll} style={{ height: paddingBottom }} />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
};
