import { useCallback, useEffect, useState } from 'react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { ErrorPayload, ListQuery, TableName } from '../../../bindings';
import { useToast } from '../../../ui/Toasts';

type Row = Record<string, unknown>;

type ListState = {
  items: Row[];
  count: number | null;
  nextCursor: string | null;
  loading: boolean;
  loadingMore: boolean;
  error: ErrorPayload | null;
};

export type RecordList = ListState & {
  loadMore: () => void;
  reload: () => void;
};

const INITIAL: ListState = {
  items: [],
  count: null,
  nextCursor: null,
  loading: true,
  loadingMore: false,
  error: null,
};

/**
 * One page of `table` for `query` and its total count, reloaded when the query changes;
 * `loadMore` appends the next page through the cursor.
 */
export const useRecordList = (table: TableName, query: ListQuery, what: string): RecordList => {
  const backend = useBackend();
  const toast = useToast();
  const [state, setState] = useState<ListState>(INITIAL);
  const [version, setVersion] = useState(0);
  // The query as a value, so a new but equal object does not reload.
  const queryKey = JSON.stringify(query);

  // The count does not depend on sort or paging, so it reloads only with the filters.
  const countKey = JSON.stringify({ filters: query.filters, deleted: query.deleted });

  useEffect(() => {
    let cancelled = false;
    const current = JSON.parse(queryKey) as ListQuery;
    setState((previous) => ({ ...previous, loading: true, error: null }));
    backend.invoke('records_list', { table, query: current }).then(
      (page) => {
        if (cancelled) return;
        setState((previous) => ({
          ...previous,
          items: page.items,
          nextCursor: page.next_cursor,
          loading: false,
          loadingMore: false,
          error: null,
        }));
      },
      (reason: unknown) => {
        if (cancelled) return;
        const error = toErrorPayload(reason);
        setState((previous) => ({ ...INITIAL, count: previous.count, loading: false, error }));
        toast.showError(`Could not load ${what}`, error.message);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [backend, table, queryKey, version, toast, what]);

  useEffect(() => {
    let cancelled = false;
    const current = JSON.parse(countKey) as ListQuery;
    backend.invoke('records_count', { table, query: current }).then(
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
  }, [backend, table, countKey, version]);

  const { nextCursor, loadingMore } = state;
  const loadMore = useCallback(() => {
    if (!nextCursor || loadingMore) return;
    setState((previous) => ({ ...previous, loadingMore: true }));
    const current = JSON.parse(queryKey) as ListQuery;
    backend.invoke('records_list', { table, query: { ...current, cursor: nextCursor } }).then(
      (page) => {
        setState((previous) => {
          const seen = new Set(previous.items.map((row) => row.id));
          const fresh = page.items.filter((row) => !seen.has(row.id));
          return { ...previous, items: [...previous.items, ...fresh], nextCursor: page.next_cursor, loadingMore: false };
        });
      },
      (reason: unknown) => {
        setState((previous) => ({ ...previous, loadingMore: false }));
        toast.showError(`Could not load more ${what}`, toErrorPayload(reason).message);
      },
    );
  }, [backend, table, queryKey, nextCursor, loadingMore, toast, what]);

  const reload = useCallback(() => setVersion((value) => value + 1), []);

  return { ...state, loadMore, reload };
};
