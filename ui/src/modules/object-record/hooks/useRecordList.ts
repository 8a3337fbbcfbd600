import { useCallback, useEffect, useRef, useState } from 'react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { ErrorPayload, ListQuery, TableName } from '../../../bindings';
import { useToast } from '../../../ui/Toasts';
import { useDataVersion } from '../../sync/hooks/DataVersion';

type Row = Record<string, unknown>;

type ListState = {
  items: Row[];
  count: number | null;
  nextCursor: string | null;
  loading: boolean;
  loadingMore: boolean;
  error: ErrorPayload | null;
  /** The last next page failed: scrolling stops asking until `loadMore` is called again. */
  moreFailed: boolean;
};

export type RecordList = ListState & {
  loadMore: () => void;
  /** Asks again after records changed, keeping as many rows loaded as before. */
  reload: () => void;
};

const INITIAL: ListState = {
  items: [],
  count: null,
  nextCursor: null,
  loading: true,
  loadingMore: false,
  error: null,
  moreFailed: false,
};

/** The core's largest page (`records::MAX_LIMIT`). */
const MAX_LIMIT = 1000;

/**
 * The first page of `table` for `query` and its total count, reloaded when the query changes;
 * `loadMore` appends the next page through the keyset cursor.
 */
export const useRecordList = (table: TableName, query: ListQuery, what: string): RecordList => {
  const backend = useBackend();
  const toast = useToast();
  const [state, setState] = useState<ListState>(INITIAL);
  const [version, setVersion] = useState(0);
  // Rows from other devices landed: load again, as a reload does.
  const dataVersion = useDataVersion();
  // The query as a value, so a new but equal object does not reload.
  const queryKey = JSON.stringify(query);
  // The count does not depend on sort or paging, so it reloads only with the filters.
  const countKey = JSON.stringify({ filters: query.filters, deleted: query.deleted });
  // Which list the rows on screen belong to: a page that arrives for another is dropped.
  const listKey = `${queryKey}#${version}#${dataVersion}`;
  const current = useRef(listKey);
  current.current = listKey;
  // How many rows are loaded, so a reload can ask for as many (up to the core's limit).
  const loaded = useRef({ queryKey, rows: 0 });
  const pending = useRef(false);
  // Ids of the loaded rows, kept as pages arrive (rebuilding it per page costs O(rows)).
  const seen = useRef(new Set<unknown>());

  useEffect(() => {
    let cancelled = false;
    const parsed = JSON.parse(queryKey) as ListQuery;
    const sameQuery = loaded.current.queryKey === queryKey;
    const limit = sameQuery ? Math.min(Math.max(loaded.current.rows, parsed.limit ?? 0), MAX_LIMIT) : parsed.limit;
    const request: ListQuery = limit ? { ...parsed, limit } : parsed;
    pending.current = false;
    setState((previous) => ({ ...previous, loading: true, loadingMore: false, error: null, moreFailed: false }));
    backend.invoke('records_list', { table, query: request }).then(
      (page) => {
        if (cancelled) return;
        loaded.current = { queryKey, rows: page.items.length };
        seen.current = new Set(page.items.map((row) => row.id));
        setState((previous) => ({
          ...previous,
          items: page.items,
          nextCursor: page.next_cursor,
          loading: false,
          error: null,
        }));
      },
      (reason: unknown) => {
        if (cancelled) return;
        const error = toErrorPayload(reason);
        loaded.current = { queryKey, rows: 0 };
        setState((previous) => ({ ...INITIAL, count: previous.count, loading: false, error }));
        toast.showError(`Could not load ${what}`, error.message);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [backend, table, queryKey, version, dataVersion, toast, what]);

  useEffect(() => {
    let cancelled = false;
    const parsed = JSON.parse(countKey) as ListQuery;
    backend.invoke('records_count', { table, query: parsed }).then(
      (count) => {
        if (!cancelled) setState((previous) => ({ ...previous, count }));
      },
      () => {
        // A failed count leaves the list usable; the list's own error is the one shown.
        if (!cancelled) setState((previous) => ({ ...previous, count: null }));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [backend, table, countKey, version, dataVersion]);

  const { nextCursor, loading } = state;
  const loadMore = useCallback(() => {
    // Scrolling asks many times per page; one request at a time, and none during a reload.
    if (!nextCursor || loading || pending.current) return;
    pending.current = true;
    const forList = current.current;
    setState((previous) => ({ ...previous, loadingMore: true, moreFailed: false }));
    const parsed = JSON.parse(queryKey) as ListQuery;
    backend.invoke('records_list', { table, query: { ...parsed, cursor: nextCursor } }).then(
      (page) => {
        if (current.current !== forList) return;
        pending.current = false;
        // A record edited while scrolling can move into a later page: show it once.
        const fresh = page.items.filter((row) => !seen.current.has(row.id));
        for (const row of fresh) seen.current.add(row.id);
        loaded.current = { queryKey, rows: loaded.current.rows + fresh.length };
        setState((previous) => ({
          ...previous,
          items: previous.items.concat(fresh),
          nextCursor: page.next_cursor,
          loadingMore: false,
        }));
      },
      (reason: unknown) => {
        if (current.current !== forList) return;
        pending.current = false;
        setState((previous) => ({ ...previous, loadingMore: false, moreFailed: true }));
        toast.showError(`Could not load more ${what}`, toErrorPayload(reason).message);
      },
    );
  }, [backend, table, queryKey, nextCursor, loading, toast, what]);

  const reload = useCallback(() => setVersion((value) => value + 1), []);

  return { ...state, loadMore, reload };
};
