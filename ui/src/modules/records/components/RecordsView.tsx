import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Inbox, ListFilter, Plus, RotateCcw, Search, Trash2 } from 'lucide-react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { BulkAction, Filter, ListQuery, SavedView, TableDef, TableName } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { Drawer } from '../../../ui/Drawer';
import { EmptyState } from '../../../ui/EmptyState';
import { Spinner } from '../../../ui/Spinner';
import { useToast } from '../../../ui/Toasts';
import { BulkBar } from '../../crm-list/components/BulkBar';
import { ColumnsMenu } from '../../crm-list/components/ColumnsMenu';
import { AddFilterButton, FilterChips } from '../../crm-list/components/FilterBar';
import { CellLookupsContext, type CellLookups } from '../../crm-list/components/ListCell';
import { ListTable } from '../../crm-list/components/ListTable';
import { SavedViewsBar } from '../../crm-list/components/SavedViewsBar';
import { useListKeyboard } from '../../crm-list/hooks/useListKeyboard';
import { useListSources } from '../../crm-list/hooks/useListSources';
import { useListView } from '../../crm-list/hooks/useListView';
import { useReferenceNames } from '../../crm-list/hooks/useReferenceNames';
import { useSavedViews } from '../../crm-list/hooks/useSavedViews';
import { useSelection } from '../../crm-list/hooks/useSelection';
import { bulkMessage, bulkTarget, undoMessage } from '../../crm-list/utils/bulk';
import { filterFields, type FilterOption } from '../../crm-list/utils/filters';
import { availableColumns, isCrmTable, nameColumnOf, nameFieldsOf, resolveColumns } from '../../crm-list/utils/listFields';
import { badgeTone, enumLabel } from '../utils/format';
import { useDebouncedValue } from '../hooks/useDebouncedValue';
import { useFullTextSearch } from '../hooks/useFullTextSearch';
import { useRecordList } from '../hooks/useRecordList';
import { displayName } from '../utils/displayName';
import { capitalize, tableLabel } from '../utils/labels';
import { canSearch, fullTextKind, searchFilters, searchPlaceholder } from '../utils/search';
import { RecordDrawer } from './RecordDrawer';
import { RecordForm } from './RecordForm';

type Row = Record<string, unknown>;

/** What the right-hand panel shows. */
type Panel = { type: 'view'; row: Row } | { type: 'edit'; row: Row } | { type: 'create' } | null;

/** Rows per `records_list` call while scrolling. */
export const PAGE_SIZE = 100;
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

/** What restoring brings back besides the record itself, said in the trash. */
const TRASH_NOTES: Partial<Record<TableName, string>> = {
  contacts: 'Restoring a contact brings back its notes and activities with it.',
};

export type RecordsViewProps = {
  def: TableDef;
  /** Replaces the record form for "New …" (organizations are created through the profile). */
  onCreate?: () => void;
  /** A record whose details drawer opens (from the route's `?open=<id>`). */
  openId?: string | null;
  /** The drawer `openId` opened was closed: the route should forget it. */
  onOpenClosed?: () => void;
  /** A record was opened from the list: the route should name it (`?open=<id>`). */
  onOpenRecord?: (id: string) => void;
};

/**
 * The list of one table: saved views, filters, search, a virtualised sortable table that
 * loads page by page, keyboard navigation, selection with bulk actions, the trash, and the
 * details and forms of a record.
 */
export const RecordsView = ({ def, onCreate, openId = null, onOpenClosed, onOpenRecord }: RecordsViewProps) => {
  const backend = useBackend();
  const toast = useToast();
  const table = def.name as TableName;
  const labels = tableLabel(table);
  const searchBox = useRef<HTMLInputElement>(null);
  const [search, setSearch] = useState('');
  const term = useDebouncedValue(search, SEARCH_DELAY_MS);
  const [trash, setTrash] = useState(false);
  const [panel, setPanel] = useState<Panel>(null);
  const [activeIndex, setActiveIndex] = useState(-1);
  const [bulkBusy, setBulkBusy] = useState(false);

  const sources = useListSources(def);
  const nameColumn = useMemo(() => nameColumnOf(def), [def]);
  const nameFields = useMemo(() => nameFieldsOf(def), [def]);
  const savedViews = useSavedViews(table, nameFields);
  const listView = useListView(def, savedViews.views);
  const selection = useSelection();

  // Contacts and companies are searched through the full-text index (live records only);
  // the hits then go through the list query, so filters still apply. Other tables, and the
  // trash, search with a `contains` filter.
  const hitKind = fullTextKind(table);
  const fullText = hitKind !== null && !trash;
  const searching = fullText && term.trim() !== '';
  const found = useFullTextSearch(searching ? term : '', FULL_TEXT_LIMIT);
  const hitIds = useMemo(
    () => found.hits.filter((hit) => hit.kind === hitKind).map((hit) => hit.id),
    [found.hits, hitKind],
  );

  const query = useMemo<ListQuery>(() => {
    const filters: Filter[] = searching
      ? [...listView.filters, { field: 'id', op: 'in', value: hitIds }]
      : [...listView.filters, ...(fullText ? [] : searchFilters(def, term))];
    return {
      filters,
      deleted: trash ? 'only' : 'exclude',
      limit: searching ? FULL_TEXT_LIMIT : PAGE_SIZE,
      ...(listView.sort && !searching ? { sort: listView.sort } : {}),
    };
  }, [def, term, trash, searching, fullText, hitIds, listView.filters, listView.sort]);
  const list = useRecordList(table, query, labels.many);

  // Search hits keep their ranking.
  const rows = useMemo(() => {
    if (!searching) return list.items;
    const rank = new Map(hitIds.map((id, index) => [id, index]));
    return [...list.items].sort((a, b) => (rank.get(String(a.id)) ?? 0) - (rank.get(String(b.id)) ?? 0));
  }, [list.items, searching, hitIds]);

  // Another set of records: the selection and the keyboard's row no longer apply.
  const matchKey = JSON.stringify([query.filters, query.deleted]);
  const { clear: clearSelection } = selection;
  useEffect(() => {
    clearSelection();
    setActiveIndex(-1);
  }, [matchKey, clearSelection]);

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

  const available = useMemo(() => availableColumns(def, sources.customFields), [def, sources.customFields]);
  const columns = useMemo(() => resolveColumns(listView.columns, available), [listView.columns, available]);
  const fields = useMemo(
    () => filterFields(def, listView.columns, sources.customFields, { owners: sources.owners, tags: sources.tags }),
    [def, listView.columns, sources.customFields, sources.owners, sources.tags],
  );
  const linkNames = useReferenceNames(columns, list.items);
  const lookups = useMemo<CellLookups>(
    () => ({ tagColors: sources.tagColors, ownerNames: sources.ownerNames, linkNames }),
    [sources.tagColors, sources.ownerNames, linkNames],
  );

  const searchable = canSearch(def);
  const hasTrash = def.columns.some((column) => column.name === 'deleted_at');
  const newLabel = `New ${labels.one}`;
  const crm = isCrmTable(table);

  /** After records changed: the list, and the search hits when they are shown. */
  const { reload: reloadList } = list;
  const { reload: reloadHits } = found;
  const refresh = useCallback(() => {
    reloadList();
    if (searching) reloadHits();
  }, [reloadList, reloadHits, searching]);

  const handleSort = (field: string) => {
    const current = listView.sort;
    if (!current || current.field !== field) listView.setSort({ field, desc: false });
    else if (!current.desc) listView.setSort({ field, desc: true });
    else listView.setSort(null);
  };

  const handleNew = () => (onCreate ? onCreate() : setPanel({ type: 'create' }));

  const handleClose = () => {
    setPanel(null);
    if (openId) onOpenClosed?.();
  };

  const handleSaved = (row: Row, created: boolean) => {
    toast.showSuccess(created ? `${capitalize(labels.one)} created` : 'Changes saved');
    setPanel({ type: 'view', row });
    refresh();
  };

  const handleChanged = () => {
    handleClose();
    refresh();
  };

  // The table's callbacks read the latest rows and selection through a ref, so they keep
  // their identity and a keyboard move redraws two rows, not every row in view.
  const latest = useRef({ rows, selection, onOpenRecord });
  latest.current = { rows, selection, onOpenRecord };
  const anchor = useRef<number | null>(null);

  const openRow = useCallback((index: number) => {
    const row = latest.current.rows[index];
    if (!row) return;
    setActiveIndex(index);
    setPanel({ type: 'view', row });
    latest.current.onOpenRecord?.(String(row.id));
  }, []);

  /** Ticks a row; with Shift, every row from the last one ticked takes the same state. */
  const toggleRow = useCallback((index: number, extend: boolean) => {
    const { rows: current, selection: selected } = latest.current;
    const row = current[index];
    if (!row) return;
    const id = String(row.id);
    const from = anchor.current;
    if (extend && from !== null && from !== index) {
      const [start, end] = from < index ? [from, index] : [index, from];
      selected.setMany(
        current.slice(start, end + 1).map((item) => String(item.id)),
        !selected.ids.has(id),
      );
    } else {
      selected.toggle(id);
    }
    anchor.current = index;
    setActiveIndex(index);
  }, []);

  const allLoadedSelected = rows.length > 0 && selection.ids.size >= rows.length && rows.every((row) => selection.ids.has(String(row.id)));
  const toggleLoaded = useCallback(() => {
    const { rows: current, selection: selected } = latest.current;
    const ids = current.map((row) => String(row.id));
    const all = ids.length > 0 && ids.every((id) => selected.ids.has(id));
    if (all || selected.allMatching) selected.clear();
    else selected.setMany(ids, true);
  }, []);

  useListKeyboard({
    enabled: panel === null,
    onMove: (delta, extend) => {
      if (rows.length === 0) return;
      const start = delta > 0 ? 0 : rows.length - 1;
      const next = activeIndex < 0 ? start : Math.min(Math.max(activeIndex + delta, 0), rows.length - 1);
      if (extend) {
        const passed = [activeIndex, next].filter((index) => index >= 0).map((index) => String(rows[index]?.id));
        selection.setMany(passed, true);
      }
      setActiveIndex(next);
    },
    onOpen: () => openRow(activeIndex),
    onToggle: () => {
      const row = rows[activeIndex];
      if (row) selection.toggle(String(row.id));
    },
    onClearSelection: selection.clear,
    onFocusSearch: () => searchBox.current?.focus(),
  });

  const handleUndo = async (batchId: string) => {
    try {
      const result = await backend.invoke('batch_undo', { batchId });
      toast.showSuccess(undoMessage(result, labels));
    } catch (reason) {
      toast.showError('Could not undo', toErrorPayload(reason).message);
    }
    refresh();
    sources.reloadTags();
  };

  const handleBulk = async (action: BulkAction, detail: string) => {
    const target = bulkTarget(
      selection.allMatching
        ? { kind: 'query', filters: query.filters, deleted: query.deleted }
        : { kind: 'ids', ids: [...selection.ids] },
    );
    setBulkBusy(true);
    try {
      const result = await backend.invoke('records_bulk', { table, target, action });
      const message = bulkMessage(action, result, labels, detail);
      if (result.changed > 0) toast.showSuccess(message, { label: 'Undo', onAction: () => void handleUndo(result.batch_id) });
      else toast.showSuccess(message);
      selection.clear();
      refresh();
      if (action.kind === 'add_tags' || action.kind === 'remove_tags') sources.reloadTags();
    } catch (reason) {
      toast.showError(`Could not change the ${labels.many}`, toErrorPayload(reason).message);
    } finally {
      setBulkBusy(false);
    }
  };

  const handleRestoreRow = useCallback(
    async (row: Row) => {
      try {
        await backend.invoke('records_restore', { table, id: String(row.id) });
        toast.showSuccess(`${capitalize(labels.one)} restored`);
        refresh();
      } catch (reason) {
        toast.showError(`Could not restore the ${labels.one}`, toErrorPayload(reason).message);
      }
    },
    [backend, table, toast, labels.one, refresh],
  );

  const restoreAction = useCallback(
    (row: Row) => (
      <Button variant="ghost" icon={<RotateCcw size={14} />} aria-label={`Restore ${displayName(table, row)}`} onClick={() => void handleRestoreRow(row)}>
        Restore
      </Button>
    ),
    [handleRestoreRow, table],
  );

  // ---------- Saved views ----------

  const handleSelectView = (saved: SavedView | null) => {
    listView.applyView(saved);
    setActiveIndex(-1);
  };

  const handleCreateView = async (name: string) => {
    const created = await savedViews.create(name, { filters: listView.filters, sort: listView.sort, columns: listView.columns });
    listView.applyView(created);
    toast.showSuccess(`View “${created.name}” saved`);
  };

  const handleUpdateView = async () => {
    const active = listView.activeView;
    if (!active) return;
    try {
      const updated = await savedViews.update(active.id, { filters: listView.filters, sort: listView.sort, columns: listView.columns });
      listView.applyView(updated);
      toast.showSuccess(`View “${updated.name}” updated`);
    } catch (reason) {
      toast.showError('Could not update the view', toErrorPayload(reason).message);
    }
  };

  const handleRenameView = async (saved: SavedView, name: string) => {
    await savedViews.rename(saved.id, name);
  };

  const handleDeleteView = async (saved: SavedView) => {
    try {
      await savedViews.remove(saved.id);
      if (listView.activeView?.id === saved.id) listView.applyView(null);
      toast.showSuccess(`View “${saved.name}” deleted`, {
        label: 'Undo',
        onAction: () => void savedViews.restore(saved.id).catch((reason: unknown) => toast.showError('Could not restore the view', toErrorPayload(reason).message)),
      });
    } catch (reason) {
      toast.showError('Could not delete the view', toErrorPayload(reason).message);
    }
  };

  // ---------- Rendering ----------

  const count = list.count;
  const countText = (() => {
    if (count === null) return '';
    if (searching) return `${count.toLocaleString()} ${count === 1 ? 'match' : 'matches'}`;
    return `${count.toLocaleString()} ${count === 1 ? labels.one : labels.many}${trash ? ' in trash' : ''}`;
  })();
  const loading = list.loading || (searching && found.loading);
  const error = searching && found.error ? found.error : list.error;

  const statusColumn = def.columns.find((column) => column.name === 'status');
  const statuses: FilterOption[] | null =
    statusColumn?.kind.type === 'enum'
      ? statusColumn.kind.values.map((value) => ({ value, label: enumLabel(value), tone: badgeTone(value) }))
      : null;
  const hasTags = def.columns.some((column) => column.name === 'tags' && column.kind.type === 'string_array');
  const hasOwner = def.columns.some((column) => column.name === 'owner_id');
  const selectedCount = selection.allMatching ? (count ?? 0) : selection.ids.size;
  const matchingTotal = !searching && allLoadedSelected && count !== null && count > rows.length ? count : null;

  const renderEmpty = () => {
    if (term.trim()) {
      return (
        <EmptyState
          icon={<Search size={20} />}
          title={`No ${labels.many} match “${term.trim()}”`}
          description={listView.filters.length > 0 ? 'Try another spelling, or clear the search or the filters.' : 'Try another spelling, or clear the search.'}
          action={<Button onClick={() => setSearch('')}>Clear search</Button>}
        />
      );
    }
    if (listView.filters.length > 0) {
      return (
        <EmptyState
          icon={<ListFilter size={20} />}
          title={`No ${labels.many} match these filters`}
          description={trash ? 'Nothing in the trash matches. Clear the filters to see it all.' : 'Change or clear the filters to see more.'}
          action={<Button onClick={() => listView.setFilters([])}>Clear filters</Button>}
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
    if (loading && rows.length === 0) {
      return (
        <div className="table-scroll table-placeholder">
          <Spinner label={searching ? `Searching ${labels.many}…` : `Loading ${labels.many}…`} />
        </div>
      );
    }
    if (error) {
      return (
        <div className="table-scroll">
          <EmptyState
            icon={<Inbox size={20} />}
            title={searching ? `Could not search ${labels.many}` : `Could not load ${labels.many}`}
            description={error.message}
            action={searching ? <Button onClick={() => setSearch('')}>Clear search</Button> : <Button onClick={list.reload}>Try again</Button>}
          />
        </div>
      );
    }
    if (rows.length === 0) return <div className="table-scroll">{renderEmpty()}</div>;
    return (
      <>
        <CellLookupsContext.Provider value={lookups}>
          <ListTable
            table={table}
            label={labels.tab}
            recordLabel={labels.one}
            nameColumn={nameColumn}
            columns={columns}
            rows={rows}
            hasMore={!searching && list.nextCursor !== null}
            moreFailed={list.moreFailed}
            onLoadMore={list.loadMore}
            sort={searching ? null : listView.sort}
            onSort={searching ? undefined : handleSort}
            activeIndex={activeIndex}
            openedId={panel && panel.type !== 'create' ? String(panel.row.id) : null}
            selected={selection.ids}
            allMatching={selection.allMatching}
            onToggleRow={toggleRow}
            onToggleLoaded={toggleLoaded}
            onOpen={openRow}
            rowAction={trash ? restoreAction : undefined}
            resetKey={JSON.stringify([query.filters, query.sort, query.deleted])}
          />
        </CellLookupsContext.Provider>
        {searching && found.hits.length >= FULL_TEXT_LIMIT ? (
          <div className="list-footnote muted">Showing the best {FULL_TEXT_LIMIT} results. Add words to narrow the search.</div>
        ) : null}
      </>
    );
  };

  return (
    <section className="records-view" aria-label={labels.tab}>
      {crm && !trash ? (
        <SavedViewsBar
          allLabel={`All ${labels.many}`}
          views={savedViews.views}
          activeId={listView.activeView?.id ?? null}
          modified={listView.modified}
          onSelect={handleSelectView}
          onCreate={handleCreateView}
          onUpdate={() => void handleUpdateView()}
          onRename={handleRenameView}
          onDelete={(saved) => void handleDeleteView(saved)}
        />
      ) : null}
      <div className="toolbar">
        <span className="toolbar__count" data-testid="record-count">
          {countText}
        </span>
        {loading && rows.length > 0 ? <Spinner /> : null}
        <div className="toolbar__spacer" />
        {searchable ? (
          <label className="search">
            <Search size={14} aria-hidden="true" />
            <input
              ref={searchBox}
              type="search"
              name="search"
              aria-label={`Search ${labels.many}`}
              placeholder={searchPlaceholder(def, fullText)}
              value={search}
              onChange={(event) => setSearch(event.target.value)}
            />
            <kbd className="kbd search__hint" aria-hidden="true">
              /
            </kbd>
          </label>
        ) : null}
        {fields.length > 0 ? <AddFilterButton fields={fields} filters={listView.filters} onChange={listView.setFilters} /> : null}
        <ColumnsMenu available={available} chosen={listView.columns} onChange={listView.setColumns} onReset={listView.resetColumns} />
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
      <FilterChips fields={fields} filters={listView.filters} onChange={listView.setFilters} />
      {trash ? (
        <div className="trash-notice" role="note">
          <Trash2 size={14} aria-hidden="true" />
          <span>
            Deleted {labels.many} stay here until you restore them. {TRASH_NOTES[table] ?? ''}
          </span>
        </div>
      ) : null}
      {renderBody()}
      {selectedCount > 0 && !def.read_only ? (
        <BulkBar
          labels={labels}
          count={selectedCount}
          allMatching={selection.allMatching}
          matchingTotal={matchingTotal}
          onSelectAllMatching={selection.selectAllMatching}
          onClear={selection.clear}
          trash={trash}
          tags={hasTags ? sources.tags : null}
          owners={hasOwner ? sources.owners : null}
          statuses={statuses}
          busy={bulkBusy}
          onAction={(action, detail) => void handleBulk(action, detail)}
        />
      ) : null}
      {panel?.type === 'view' ? (
        <RecordDrawer
          def={def}
          row={panel.row}
          onClose={handleClose}
          onEdit={() => setPanel({ type: 'edit', row: panel.row })}
          onChanged={handleChanged}
          onUpdated={(row) => {
            setPanel({ type: 'view', row });
            refresh();
          }}
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
