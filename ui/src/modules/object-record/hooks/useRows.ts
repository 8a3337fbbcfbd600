import { useCallback } from 'react';
import { useQuery } from '@tanstack/react-query';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { ErrorPayload, ListQuery, RecordOf, TableName } from '../../../bindings';

export type Rows<T> = {
  rows: T[];
  loading: boolean;
  error: ErrorPayload | null;
  /** More rows exist than the query's limit returned. */
  truncated: boolean;
  reload: () => void;
};

/** The cache key of one `records_list` page; writes and rows from other devices invalidate it. */
export const rowsKey = (table: TableName, query: ListQuery) => ['records_list', table, query] as const;

const NO_ROWS: never[] = [];

/**
 * One page of `table` for `query` (no paging: lookups and detail panels show the first
 * `limit` rows). `table` or `query` null: nothing is asked. The query is compared by value.
 */
export const useRows = <K extends TableName>(table: K | null, query: ListQuery | null): Rows<RecordOf[K]> => {
  const backend = useBackend();
  const enabled = table !== null && query !== null;
  const result = useQuery({
    queryKey: enabled ? rowsKey(table, query) : ['records_list', null],
    queryFn: () => backend.invoke('records_list', { table: table as K, query: query as ListQuery }),
    enabled,
  });
  const { refetch } = result;
  const reload = useCallback(() => void refetch(), [refetch]);
  return {
    rows: (result.data?.items as RecordOf[K][] | undefined) ?? NO_ROWS,
    loading: enabled && result.isFetching,
    error: result.error ? toErrorPayload(result.error) : null,
    truncated: (result.data?.next_cursor ?? null) !== null,
    reload,
  };
};
