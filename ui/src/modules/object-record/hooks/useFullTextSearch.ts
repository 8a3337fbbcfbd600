import { useCallback, useEffect, useState } from 'react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { ErrorPayload, Hit } from '../../../bindings';

type Answer = { term: string; hits: Hit[]; error: ErrorPayload | null };

const NONE: Answer = { term: '', hits: [], error: null };

export type FullTextSearch = Answer & {
  /** A call for the current term is under way; `hits` are still those of `term`. */
  loading: boolean;
  /** Asks again, after a record changed; the current hits stay until the answer. */
  reload: () => void;
};

/**
 * The `search` command's hits for `text` (contacts first, best match first). An answer to an
 * older text that arrives late is dropped, so fast typing never shows stale hits last.
 * Debouncing is the caller's: each new `text` is one call.
 */
export const useFullTextSearch = (text: string, limit: number): FullTextSearch => {
  const backend = useBackend();
  const [answer, setAnswer] = useState<Answer>(NONE);
  const [version, setVersion] = useState(0);
  const term = text.trim();

  useEffect(() => {
    if (!term) {
      setAnswer(NONE);
      return undefined;
    }
    let stale = false;
    backend.invoke('search', { text: term, limit }).then(
      (hits) => {
        if (!stale) setAnswer({ term, hits, error: null });
      },
      (reason: unknown) => {
        if (!stale) setAnswer({ term, hits: [], error: toErrorPayload(reason) });
      },
    );
    return () => {
      stale = true;
    };
  }, [backend, term, limit, version]);

  const reload = useCallback(() => setVersion((value) => value + 1), []);

  return { ...answer, loading: term !== '' && answer.term !== term, reload };
};
