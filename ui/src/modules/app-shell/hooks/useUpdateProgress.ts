import { useEffect, useState } from 'react';

import { useBackend } from '../../../backend/BackendContext';
import type { UpdateProgress } from '../../../bindings';

/** How often a running update download is asked how far it is. */
export const UPDATE_PROGRESS_INTERVAL_MS = 250;

/**
 * How far the update's download is, asked every 250 ms while `running`. A failed poll is
 * ignored: the install's own answer reports failures.
 */
export const useUpdateProgress = (running: boolean): UpdateProgress | null => {
  const backend = useBackend();
  const [progress, setProgress] = useState<UpdateProgress | null>(null);

  useEffect(() => {
    if (!running) return undefined;
    let cancelled = false;
    let timer: number | undefined;
    const poll = () => {
      backend
        .invoke('update_progress', {})
        .then(
          (next) => {
            if (!cancelled) setProgress(next);
          },
          () => undefined,
        )
        .finally(() => {
          if (!cancelled) timer = window.setTimeout(poll, UPDATE_PROGRESS_INTERVAL_MS);
        });
    };
    poll();
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [backend, running]);

  return progress;
};
