import { useCallback, useEffect, useRef } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';

import { useBackend } from '../../../backend/BackendContext';
import type { SyncState } from '../../../bindings';

/** How often the status is asked for (a local call; the sync itself runs in the background). */
export const SYNC_POLL_MS = 2000;

const STATUS_KEY = ['sync_status'] as const;

/**
 * The sync status, kept fresh by polling (a query with an interval; a failed poll keeps the
 * last state, the dialog shows errors of its own calls); `onRemoteRows` is called when rows
 * from other devices have landed since the last look.
 */
export const useSyncStatus = (onRemoteRows: () => void) => {
  const backend = useBackend();
  const queryClient = useQueryClient();
  const result = useQuery({
    queryKey: STATUS_KEY,
    queryFn: () => backend.invoke('sync_status', {}),
    refetchInterval: SYNC_POLL_MS,
  });
  const status = result.data ?? null;

  // Rows from other devices are counted by the backend; a larger count means new ones.
  const seenRows = useRef<number | null>(null);
  const notify = useRef(onRemoteRows);
  notify.current = onRemoteRows;
  const remoteRows = status?.remote_rows ?? null;
  useEffect(() => {
    if (remoteRows === null) return;
    if (seenRows.current !== null && remoteRows > seenRows.current) notify.current();
    seenRows.current = remoteRows;
  }, [remoteRows]);

  const { refetch } = result;
  const refresh = useCallback(() => void refetch(), [refetch]);
  /** A status a call returned (signing in): shown at once. */
  const take = useCallback((next: SyncState) => queryClient.setQueryData(STATUS_KEY, next), [queryClient]);

  return { status, refresh, take };
};
