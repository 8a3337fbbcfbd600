import { useCallback, useMemo } from 'react';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { ErrorPayload, ListQuery, TableName } from '../../../bindings';
import { useToast } from '../../../ui/Toasts';

type Row = Record<string, unknown>;

export type RecordList = {
  items: Row[];
  count: number | null;
  nextCursor: string | null;
  /** The first page, or every loaded page again, is on its way. */
  loading: boolean;
  loadingMore: boolean;
  error: ErrorPayload | null;
  /** The last next page failed: scrolling stops asking until `loadMore` is called again. */
  moreFailed: boolean;
  loadMore: () => void;
  /** Asks again after records changed, keeping as many pages loaded as before. */
  reload: () => void;
};

/**
 * The pages of `table` for `query` and its total count, cached by query (TanStack Query):
 * `loadMore` appends the next page through the keyset cursor, and a reload (or a write, or
 * rows from another device) asks for every loaded page again. While a new query loads, the
 * previous rows stay on screen.
 */
export const useRecordList = (table: TableName, query: ListQuery, what: string): RecordList => {
  const backend = useBackend();
  const toast = useToast();
  const pages = useInfiniteQuery({
    queryKey: ['records_list', table, query, 'pages'],
    queryFn: async ({ pageParam }) => {
      try {
        return await backend.invoke('records_list', { table, query: pageParam ? { ...query, cursor: pageParam } : query });
      } catch (reason) {
        const error = toErrorPayload(reason);
        toast.showError(pageParam ? `Could not load more ${what}` : `Could not load ${what}`, error.message);
        throw error;
      }
    },
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
    placeholderData: keepPreviousData,
  });
  // The count does not depend on sort or paging, so it loads again only with the filters.
  const count = useQuery({
    queryKey: ['records_count', table, { filters: query.filters, deleted: query.deleted }],
    queryFn: () => backend.invoke('records_count', { table, query: { filters: query.filters, deleted: query.deleted } }),
    placeholderData: keepPreviousData,
  });

  // A record edited while scrolling can move into a later page: it is shown once.
  const items = useMemo(() => {
    const seen = new Set<unknown>();
    const rows: Row[] = [];
    for (const page of pages.data?.pages ?? []) {
      for (const row of page.items) {
        if (seen.has(row.id)) continue;
        seen.add(row.id);
        rows.push(row);
      }
    }
    return rows;
  }, [pages.data]);

  const { hasNextPage, isFetching, fetchNextPage, refetch: refetchPages } = pages;
  const { refetch: refetchCount } = count;
  const loadMore = useCallback(() => {
    // Scrolling asks many times per page; one request at a time, and none during a reload.
    if (!hasNextPage || isFetching) return;
    void fetchNextPage();
  }, [hasNextPage, isFetching, fetchNextPage]);
  const reload = useCallback(() => {
    void refetchPages();
    void refetchCount();
  }, [refetchPages, refetchCount]);

  const moreFailed = pages.isFetchNextPageError;
  return {
    items,
    count: count.isError ? null : (count.data ?? null),
    nextCursor: pages.data?.pages.at(-1)?.next_cursor ?? null,
    loading: pages.isFetching && !pages.isFetchingNextPage,
    loadingMore: pages.isFetchingNextPage,
    error: pages.error && !moreFailed ? toErrorPayload(pages.error) : null,
    moreFailed,
    loadMore,
    reload,
  };
};
