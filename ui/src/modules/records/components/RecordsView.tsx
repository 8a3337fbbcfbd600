import { useEffect, useMemo, useState } from 'react';
import { Inbox, Plus, Search, Trash2 } from 'lucide-react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { ErrorPayload, ListQuery, Sort, TableDef, TableName } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { Drawer } from '../../../ui/Drawer';
import { EmptyState } from '../../../ui/EmptyState';
import { Spinner } from '../../../ui/Spinner';
import { useToast } from '../../../ui/Toasts';
import { useDebouncedValue } from '../hooks/useDebouncedValue';
import { useFullTextSearch } from '../hooks/useFullTextSearch';
import { useRecordList } from '../hooks/useRecordList';
import { listColumns } from '../utils/columns';
import { displayName } from '../utils/displayName';
import { capitalize, tableLabel } from '../utils/labels';
import { canSearch, fullTextKind, searchFilters, searchPlaceholder } from '../utils/search';
import { RecordDrawer } from './RecordDrawer';
import { RecordForm } from './RecordForm';
import { RecordsTable } from './RecordsTable';

type Row = Record<string, unknown>;

/** What the right-hand panel shows. */
type Panel = { type: 'view'; row: Row } | { type: 'edit'; row: Row } | { type: 'create' } | null;

export const PAGE_SIZE = 50;
const SEARCH_DELAY_MS = 250;
/** How many hits the full-text search box shows; it has no further pages. */
export const FULL_TEXT_LIMIT = 200;

const EMPTY_TEXT: Partial<Record<TableName, string>> = {
  contacts: 'Contacts are the people you work with: leads, clients and partners. Add your first one to get started.',
  companies: 'Keep the businesses your contacts work for in one place.',
  events: 'Meetings and bookings you schedule appear here.',
  orders: 'Orders you record for your contacts appear here.',
  audit_logs: 'Every change made in this organization is recorded here.',
};

export type RecordsViewProps = {
  def: TableDef;
  /** Replaces the record form for "New …" (organizations are created through the profile). */
  onCreate?: () => void;
  /** A record whose details drawer opens (from the route's `?open=<id>`). */
  openId?: string | null;
  /** The drawer `openId` opened was closed: the route should forget it. */
  onOpenClosed?: () => void;
};

/** What the table shows: a page of the list, or the full-text search's hits. */
type Shown = {
  items: Row[];
  count: number | null;
  loading: boolean;
  error: ErrorPayload | null;
};

/** The list of one table: toolbar, sortable table, load more, details and forms. */
export const RecordsView = ({ def, onCreate, openId = null, onOpenClosed }: RecordsViewProps) => {
  const backend = useBackend();
  const toast = useToast();
  const table = def.name as TableName;
  const labels = tableLabel(table);
  const [search, setSearch] = useState('');
  const term = useDebouncedValue(search, SEARCH_DELAY_MS);
  const [trash, setTrash] = useState(false);
  const [sort, setSort] = useState<Sort | null>(null);
  const [panel, setPanel] = useState<Panel>(null);
  // Contacts and companies are searched through the full-text index (live records only);
  // other tables, and the trash, through a `contains` filter on the list.
  const hitKind = fullTextKind(table);
  const fullText = hitKind !== null && !trash;
  const searching = fullText && term.trim() !== '';

  const query = useMemo<ListQuery>(
    () => ({
      filters: fullText ? [] : searchFilters(def, term),
      deleted: trash ? 'only' : 'exclude',
      limit: PAGE_SIZE,
      ...(sort ? { sort } : {}),
    }),
    [def, term, trash, sort, fullText],
  );
  const list = useRecordList(table, query, labels.many);
  const found = useFullTextSearch(searching ? term : '', FULL_TEXT_LIMIT);
  const hitRows = useMemo(
    () => found.hits.filter((hit) => hit.kind === hitKind).map((hit) => hit.record),
    [found.hits, hitKind],
  );
  const shown: Shown = searching
    ? {
        items: hitRows,
        count: found.loading && found.term === '' ? null : hitRows.length,
        loading: found.loading,
        error: found.error,
      }
    : list;

  useEffect(() => {
    if (!openId) return undefined;
    let cancelled = false;
    backend.invoke('records_get', { table, id: openId }).then(
      (row) => {
        if (!cancelled) setPanel({ type: 'view', row });
      },
      (reason: unknown) => {
        if (!cancelled) toast.showError(`Could not open the ${labels.one}`, toErrorPayload(reason).message);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [backend, table, openId, toast, labels.one]);

  const columns = useMemo(() => listColumns(def), [def]);
  const searchable = canSearch(def);
  const hasTrash = def.columns.some((column) => column.name === 'deleted_at');
  const newLabel = `New ${labels.one}`;

  const handleSort = (field: string) => {
    setSort((current) => {
      if (!current || current.field !== field) return { field, desc: false };
      if (!current.desc) return { field, desc: true };
      return null;
    });
  };

  const handleNew = () => (onCreate ? onCreate() : setPanel({ type: 'create' }));

  const handleClose = () => {
    setPanel(null);
    if (openId) onOpenClosed?.();
  };

  /** After a record changed: the list, and the search hits when they are shown. */
  const reload = () => {
    list.reload();
    if (searching) found.reload();
  };

  const handleSaved = (row: Row, created: boolean) => {
    toast.showSuccess(created ? `${capitalize(labels.one)} created` : 'Changes saved');
    setPanel({ type: 'view', row });
    reload();
  };

  const handleChanged = () => {
    handleClose();
    reload();
  };

  const selectedId = panel && panel.type !== 'create' ? String(panel.row.id) : null;
  const count = shown.count;
  const countText = (() => {
    if (count === null) return '';
    if (searching) return `${count.toLocaleString()} ${count === 1 ? 'match' : 'matches'}`;
    return `${count.toLocaleString()} ${count === 1 ? labels.one : labels.many}${trash ? ' in trash' : ''}`;
  })();

  const renderEmpty = () => {
    if (term.trim()) {
      return (
        <EmptyState
          icon={<Search size={20} />}
          title={`No ${labels.many} match “${term.trim()}”`}
          description="Try another spelling, or clear the search."
          action={<Button onClick={() => setSearch('')}>Clear search</Button>}
        />
      );
    }
    if (trash) {
      return (
        <EmptyState
          icon={<Trash2 size={20} />}
          title="Trash is empty"
          description={`${capitalize(labels.many)} you move to the trash appear here, and can be restored.`}
        />
      );
    }
    return (
      <EmptyState
        icon={<Inbox size={20} />}
        title={`No ${labels.many} yet`}
        description={EMPTY_TEXT[table] ?? `${capitalize(labels.many)} you create appear here.`}
        action={
          def.read_only ? undefined : (
            <Button variant="primary" icon={<Plus size={14} />} onClick={handleNew}>
              {newLabel}
            </Button>
          )
        }
      />
    );
  };

  const renderBody = () => {
    if (shown.loading && shown.items.length === 0) {
      return (
        <div className="table-placeholder">
          <Spinner label={searching ? `Searching ${labels.many}…` : `Loading ${labels.many}…`} />
        </div>
      );
    }
    if (shown.error) {
      return (
        <EmptyState
          icon={<Inbox size={20} />}
          title={searching ? `Could not search ${labels.many}` : `Could not load ${labels.many}`}
          description={shown.error.message}
          action={searching ? <Button onClick={() => setSearch('')}>Clear search</Button> : <Button onClick={list.reload}>Try again</Button>}
        />
      );
    }
    if (shown.items.length === 0) return renderEmpty();
    return (
      <>
        <RecordsTable
          table={table}
          columns={columns}
          rows={shown.items}
          sort={searching ? null : sort}
          selectedId={selectedId}
          onSort={searching ? undefined : handleSort}
          onOpen={(row) => setPanel({ type: 'view', row })}
        />
        {searching && found.hits.length >= FULL_TEXT_LIMIT ? (
          <div className="load-more">
            <span className="muted">Showing the best {FULL_TEXT_LIMIT} results. Add words to narrow the search.</span>
          </div>
        ) : null}
        {!searching && list.nextCursor ? (
          <div className="load-more">
            <Button onClick={list.loadMore} disabled={list.loadingMore}>
              {list.loadingMore ? 'Loading…' : 'Load more'}
            </Button>
            {count !== null ? (
              <span className="muted">
                Showing {list.items.length.toLocaleString()} of {count.toLocaleString()}
              </span>
            ) : null}
          </div>
        ) : null}
      </>
    );
  };

  return (
    <section className="records-view" aria-label={labels.tab}>
      <div className="toolbar">
        <span className="toolbar__count" data-testid="record-count">
          {countText}
        </span>
        {shown.loading && shown.items.length > 0 ? <Spinner /> : null}
        <div className="toolbar__spacer" />
        {searchable ? (
          <label className="search">
            <Search size={14} aria-hidden="true" />
            <input
              type="search"
              name="search"
              aria-label={`Search ${labels.many}`}
              placeholder={searchPlaceholder(def, fullText)}
              value={search}
              onChange={(event) => setSearch(event.target.value)}
            />
          </label>
        ) : null}
        {hasTrash ? (
          <Button
            variant="ghost"
            className={trash ? 'is-active' : undefined}
            aria-pressed={trash}
            icon={<Trash2 size={14} />}
            onClick={() => {
              setTrash((value) => !value);
              handleClose();
            }}
          >
            Trash
          </Button>
        ) : null}
        {def.read_only ? null : (
          <Button variant="primary" icon={<Plus size={14} />} onClick={handleNew}>
            {newLabel}
          </Button>
        )}
      </div>
      <div className="table-scroll">{renderBody()}</div>
      {panel?.type === 'view' ? (
        <RecordDrawer
          def={def}
          row={panel.row}
          onClose={handleClose}
          onEdit={() => setPanel({ type: 'edit', row: panel.row })}
          onChanged={handleChanged}
        />
      ) : null}
      {panel?.type === 'create' ? (
        <Drawer title={newLabel} onClose={handleClose}>
          <RecordForm def={def} mode="create" onSaved={(row) => handleSaved(row, true)} onCancel={handleClose} />
        </Drawer>
      ) : null}
      {panel?.type === 'edit' ? (
        <Drawer title={`Edit ${displayName(table, panel.row)}`} subtitle={capitalize(labels.one)} onClose={() => setPanel({ type: 'view', row: panel.row })}>
          <RecordForm
            def={def}
            mode="edit"
            record={panel.row}
            onSaved={(row) => handleSaved(row, false)}
            onCancel={() => setPanel({ type: 'view', row: panel.row })}
          />
        </Drawer>
      ) : null}
    </section>
  );
};
