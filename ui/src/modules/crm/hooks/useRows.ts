import { useCallback, useEffect, useState } from 'react';

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

/**
 * One page of `table` for `query` (no paging: detail panels show the first `limit` rows),
 * reloaded when the query changes or on `reload`. `query` null loads nothing.
 */
export const useRows = <K extends TableName>(table: K, query: ListQuery | null): Rows<RecordOf[K]> => {
  const backend = useBackend();
  const [state, setState] = useState<Omit<Rows<RecordOf[K]>, 'reload'>>({
    rows: [],
    loading: query !== null,
    error: null,
    truncated: false,
  });
  const [version, setVersion] = useState(0);
  const queryKey = query ? JSON.stringify(query) : null;

  useEffect(() => {
    if (queryKey === null) {
      setState({ rows: [], loading: false, error: null, truncated: false });
      return undefined;
    }
    let cancelled = false;
    setState((previous) => ({ ...previous, loading: true, error: null }));
    backend.invoke('records_list', { table, query: JSON.parse(queryKey) as ListQuery }).then(
      (page) => {
        if (!cancelled) {
          setState({ rows: page.items as RecordOf[K][], loading: false, error: null, truncated: page.next_cursor !== null });
        }
      },
      (reason: unknown) => {
        if (!cancelled) setState((previous) => ({ ...previous, loading: false, error: toErrorPayload(reason) }));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [backend, table, queryKey, version]);

  const reload = useCallback(() => setVersion((value) => value + 1), []);
  return { ...state, reload };
};
