import { useCallback, useMemo } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { TimelinePage } from '../../../bindings';
import { timelineSources } from '../../object-record/states/registry';
import { toEntries } from '../utils/timeline';

/** Items per page of a contact's timeline. */
export const TIMELINE_PAGE = 50;

/** The query key of a contact's timeline (invalidated with every other query after a write). */
export const timelineKey = (contactId: string) => ['contact_timeline', contactId] as const;

/**
 * A contact's pinned notes, then its notes, activities and the rows other modules link to
 * it (calendar events), newest first, from the core's one merged query (`contact_timeline`)
 * a page at a time: "Show older" continues from the cursor, so nothing is missing however
 * many items one kind has.
 */
export const useContactTimeline = (contactId: string) => {
  const backend = useBackend();
  const query = useInfiniteQuery({
    queryKey: timelineKey(contactId),
    queryFn: ({ pageParam }): Promise<TimelinePage> =>
      backend.invoke('contact_timeline', { contactId, query: { limit: TIMELINE_PAGE, before: pageParam ?? undefined } }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const sources = timelineSources('contacts');
  const { data, refetch, fetchNextPage, hasNextPage, isFetching } = query;
  const pinned = useMemo(() => data?.pages[0]?.pinned ?? [], [data]);
  const entries = useMemo(() => toEntries(data?.pages.flatMap((page) => page.items) ?? [], sources), [data, sources]);
  const reload = useCallback(() => void refetch(), [refetch]);
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetching) void fetchNextPage();
  }, [hasNextPage, isFetching, fetchNextPage]);
  return {
    pinned,
    entries,
    loading: isFetching,
    error: query.error ? toErrorPayload(query.error) : null,
    /** Older items exist beyond the ones shown. */
    hasMore: hasNextPage,
    loadMore,
    reload,
    reloadNotes: reload,
    reloadActivities: reload,
  };
};

export type ContactTimeline = ReturnType<typeof useContactTimeline>;
