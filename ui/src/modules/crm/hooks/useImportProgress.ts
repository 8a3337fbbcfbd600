import { useEffect, useState } from 'react';

import { useBackend } from '../../../backend/BackendContext';
import type { ImportProgress } from '../../../bindings';

/** How often a running import is asked how far it is. */
export const PROGRESS_INTERVAL_MS = 250;

/**
 * How far the running import `importId` is, asked every 250 ms while the component using
 * it is mounted. A failed poll is ignored: the import's own answer reports failures.
 */
export const useImportProgress = (importId: string): ImportProgress | null => {
  const backend = useBackend();
  const [progress, setProgress] = useState<ImportProgress | null>(null);

  useEffect(() => {
    let cancelled = false;
    let timer: number | undefined;
    const poll = () => {
      backend
        .invoke('import_progress', { importId })
        .then(
          (next) => {
            if (!cancelled) setProgress(next);
          },
          () => undefined,
        )
        .finally(() => {
          if (!cancelled) timer = window.setTimeout(poll, PROGRESS_INTERVAL_MS);
        });
    };
    poll();
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [backend, importId]);

  return progress;
};
