import { useCallback, useEffect, useState } from 'react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { ErrorPayload, ListQuery, TableName } from '../../../bindings';
import { useDataVersion } from '../../sync/hooks/DataVersion';

type Row = Record<string, unknown>;

export type LookupList = {
  items: Row[];
  loaded: boolean;
  error: ErrorPayload | null;
  reload: () => void;
};

/**
 * One page of a small table the list needs beside its records (tags, people, custom fields,
 * saved views). `table` null: nothing is asked. The query is compared by value.
 */
export const useLookupList = (table: TableName | null, query: ListQuery): LookupList => {
  const backend = useBackend();
  const [state, setState] = useState<{ items: Row[]; loaded: boolean; error: ErrorPayload | null }>({
    items: [],
    loaded: table === null,
    error: null,
  });
  const [version, setVersion] = useState(0);
  // Tags, people and views that arrive from other devices show up too.
  const dataVersion = useDataVersion();
  const queryKey = JSON.stringify(query);

  useEffect(() => {
    if (!table) return undefined;
    let cancelled = false;
    backend.invoke('records_list', { table, query: JSON.parse(queryKey) as ListQuery }).then(
      (page) => {
        if (!cancelled) setState({ items: page.items, loaded: true, error: null });
      },
      (reason: unknown) => {
        if (!cancelled) setState({ items: [], loaded: true, error: toErrorPayload(reason) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [backend, table, queryKey, version, dataVersion]);

  const reload = useCallback(() => setVersion((value) => value + 1), []);
  return { ...state, reload };
};
