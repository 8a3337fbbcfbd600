import { useCallback } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { ErrorPayload, Hit } from '../../../bindings';

const NO_HITS: Hit[] = [];

export type FullTextSearch = {
  /** The text `hits` answer. */
  term: string;
  hits: Hit[];
  error: ErrorPayload | null;
  /** A call for the current text is under way; `hits` are still those of `term`. */
  loading: boolean;
  /** Asks again, after a record changed; the current hits stay until the answer. */
  reload: () => void;
};

/**
 * The `search` command's hits for `text` (contacts first, best match first), cached per text:
 * an answer to an older text never replaces a newer one, and while a new text is searched
 * the previous hits stay. Debouncing is the caller's: each new `text` is one call.
 */
export const useFullTextSearch = (text: string, limit: number): FullTextSearch => {
  const backend = useBackend();
  const term = text.trim();
  const result = useQuery({
    queryKey: ['search', term, limit],
    queryFn: async () => ({ term, hits: await backend.invoke('search', { text: term, limit }) }),
    enabled: term !== '',
    placeholderData: keepPreviousData,
  });
  const { refetch } = result;
  const reload = useCallback(() => void refetch(), [refetch]);
  if (!term) return { term: '', hits: NO_HITS, error: null, loading: false, reload };
  return {
    term: result.data?.term ?? '',
    hits: result.data?.hits ?? NO_HITS,
    error: result.error ? toErrorPayload(result.error) : null,
    loading: result.isFetching,
    reload,
  };
};
