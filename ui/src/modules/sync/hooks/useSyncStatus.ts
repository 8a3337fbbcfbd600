import { useCallback, useEffect, useRef, useState } from 'react';

import { useBackend } from '../../../backend/BackendContext';
import type { SyncState } from '../../../bindings';

/** How often the status is asked for (a local call; the sync itself runs in the background). */
export const SYNC_POLL_MS = 2000;

/**
 * The sync status, kept fresh by polling; `onRemoteRows` is called when rows from other
 * devices have landed since the last look.
 */
export const useSyncStatus = (onRemoteRows: () => void) => {
  const backend = useBackend();
  const [status, setStatus] = useState<SyncState | null>(null);
  const seenRows = useRef<number | null>(null);
  const notify = useRef(onRemoteRows);
  notify.current = onRemoteRows;

  const take = useCallback((next: SyncState) => {
    setStatus(next);
    if (seenRows.current !== null && next.remote_rows > seenRows.current) notify.current();
    seenRows.current = next.remote_rows;
  }, []);

  const refresh = useCallback(async () => {
    try {
      take(await backend.invoke('sync_status', {}));
    } catch {
      // The chip keeps its last state; the dialog shows errors of its own calls.
    }
  }, [backend, take]);

  useEffect(() => {
    void refresh();
    const timer = window.setInterval(() => void refresh(), SYNC_POLL_MS);
    return () => window.clearInterval(timer);
  }, [refresh]);

  return { status, refresh, take };
};
