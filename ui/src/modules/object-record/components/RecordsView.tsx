import { useCallback, useMemo, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';

import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { Inbox, ListFilter, Plus, Search, Trash2 } from 'lucide-react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { BulkAction, Filter, ListQuery, TableDef, TableName } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { Drawer } from '../../../ui/Drawer';
import { EmptyState } from '../../../ui/EmptyState';
import { Spinner } from '../../../ui/Spinner';
import { useToast } from '../../../ui/Toasts';
import { BulkBar } from './BulkBar';
import { ColumnsMenu } from './ColumnsMenu';
import { AddFilterButton, FilterChips } from './FilterBar';
import { CellLookupsContext, type CellLookups } from './ListCell';
import { ListTable } from './ListTable';
import { RestoreRowButton } from './RestoreRowButton';
import { SavedViewsBar } from './SavedViewsBar';
import { ViewerNotice } from './ViewerNotice';
import { useBulkActions } from '../hooks/useBulkActions';
import { useCanEdit, useIsViewer } from '../hooks/useCanEdit';
import { useListSources } from '../hooks/useListSources';
import { useListView } from '../hooks/useListView';
import { useReferenceNames } from '../hooks/useReferenceNames';
import { useRowNavigation } from '../hooks/useRowNavigation';
import { useSavedViewActions } from '../hooks/useSavedViewActions';
import { useSavedViews } from '../hooks/useSavedViews';
import { useSelection } from '../hooks/useSelection';
import type { SelectionTarget } from '../utils/bulk';
import { enumOptions, filterFields } from '../utils/filters';
import { availableColumns, nameColumnOf, nameFieldsOf, resolveColumns } from '../utils/listFields';
import { useDebouncedValue } from '../hooks/useDebouncedValue';
import { useFullTextSearch } from '../hooks/useFullTextSearch';
import { useRecordList } from '../hooks/useRecordList';
import { tableSpec } from '../states/registry';
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
  const [chosenPanel, setPanel] = useState<Panel>(null);

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

  // The record the route names (`?open=<id>`) opens in the drawer, until another panel is chosen.
  const opened = useQuery({
    queryKey: ['records_get', table, openId],
    queryFn: async () => {
      try {
        return await backend.invoke('records_get', { table, id: openId as string });
      } catch (reason) {
        toast.showError(`Could not open the ${labels.one}`, toErrorPayload(reason).message);
        throw reason;
      }
    },
    enabled: openId !== null,
  });
  // Another record named by the route (the palette opened it) replaces the panel shown; one
  // closed here stays closed while the route catches up.
  const [routeOpen, setRouteOpen] = useState(openId);
  const [dismissed, setDismissed] = useState<string | null>(null);
  if (routeOpen !== openId) {
    setRouteOpen(openId);
    setDismissed(null);
    if (openId && chosenPanel && (chosenPanel.type === 'create' || String(chosenPanel.row.id) !== openId)) setPanel(null);
  }
  const fromRoute = openId && openId !== dismissed && opened.data ? opened.data : null;
  const panel: Panel = chosenPanel ?? (fromRoute ? { type: 'view', row: fromRoute } : null);

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

  const canEdit = useCanEdit(def);
  const viewer = useIsViewer();
  const searchable = canSearch(def);
  const hasTrash = def.columns.some((column) => column.name === 'deleted_at');
  const newLabel = `New ${labels.one}`;
  const spec = tableSpec(table);

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
    setDismissed(openId);
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

  const navigation = useRowNavigation({
    rows,
    selection,
    enabled: panel === null,
    // Another set of records: the selection and the keyboard's row no longer apply.
    resetKey: JSON.stringify([query.filters, query.deleted]),
    onOpen: (row) => {
      setPanel({ type: 'view', row });
      onOpenRecord?.(String(row.id));
    },
    onFocusSearch: () => searchBox.current?.focus(),
  });
  const allLoadedSelected =
    rows.length > 0 && selection.ids.size >= rows.length && rows.every((row) => selection.ids.has(String(row.id)));

  const bulk = useBulkActions(table, labels, (action) => {
    selection.clear();
    refresh();
    if (action.kind === 'add_tags' || action.kind === 'remove_tags') sources.reloadTags();
  });

  const [confirmDelete, setConfirmDelete] = useState<{ target: SelectionTarget; count: number } | null>(null);
  const handleBulk = (action: BulkAction, detail: string) => {
    const target: SelectionTarget = selection.allMatching
      ? { kind: 'query', filters: query.filters, deleted: query.deleted }
      : { kind: 'ids', ids: [...selection.ids] };
    const count = selection.allMatching ? (list.count ?? 0) : selection.ids.size;
    // Deleting a whole filter result or a large selection is asked about first.
    if (action.kind === 'delete' && (selection.allMatching || count > 10)) {
      setConfirmDelete({ target, count });
      return;
    }
    void bulk.run(target, action, detail);
  };

  const restoreAction = useCallback(
    (row: Row) => <RestoreRowButton table={table} row={row} onRestored={refresh} />,
    [table, refresh],
  );

  const viewActions = useSavedViewActions(savedViews, listView);

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
  const statuses = statusColumn?.kind.type === 'enum' ? enumOptions(statusColumn.kind.values) : null;
  const hasTags = def.columns.some((column) => column.meaning === 'tag_list' && column.kind.type === 'string_array');
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
        description={spec.emptyText ?? `${capitalize(labels.many)} you create appear here.`}
        action={
          !canEdit ? undefined : (
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
            activeIndex={navigation.activeIndex}
            openedId={panel && panel.type !== 'create' ? String(panel.row.id) : null}
            selected={selection.ids}
            allMatching={selection.allMatching}
            selectable={canEdit}
            total={count}
            onToggleRow={navigation.toggleRow}
            onToggleLoaded={navigation.toggleLoaded}
            onOpen={navigation.openRow}
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
      {spec.savedViews && !trash ? (
        <SavedViewsBar
          allLabel={`All ${labels.many}`}
          views={savedViews.views}
          activeId={listView.activeView?.id ?? null}
          modified={listView.modified}
          onSelect={listView.applyView}
          onCreate={viewActions.create}
          onUpdate={() => void viewActions.update()}
          onRename={viewActions.rename}
          onDelete={(saved) => void viewActions.remove(saved)}
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
        {!canEdit ? null : (
          <Button variant="primary" icon={<Plus size={14} />} onClick={handleNew}>
            {newLabel}
          </Button>
        )}
      </div>
      <FilterChips fields={fields} filters={listView.filters} onChange={listView.setFilters} />
      {viewer && !def.read_only ? (
        <ViewerNotice />
      ) : null}
      {trash ? (
        <div className="trash-notice" role="note">
          <Trash2 size={14} aria-hidden="true" />
          <span>
            Deleted {labels.many} stay here until you restore them. {spec.trashNote ?? ''}
          </span>
        </div>
      ) : null}
      {renderBody()}
      {selectedCount > 0 && canEdit ? (
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
          busy={bulk.busy}
          onAction={handleBulk}
        />
      ) : null}
      {confirmDelete ? (
        <ConfirmDialog
          title={`Delete ${confirmDelete.count.toLocaleString()} ${confirmDelete.count === 1 ? labels.one : labels.many}?`}
          confirmLabel="Move to trash"
          danger
          onConfirm={async () => {
            await bulk.run(confirmDelete.target, { kind: 'delete' }, '');
            setConfirmDelete(null);
          }}
          onClose={() => setConfirmDelete(null)}
        >
          <p>
            They go to the trash with their notes and activities, and can be restored from there or with Undo.
          </p>
        </ConfirmDialog>
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
