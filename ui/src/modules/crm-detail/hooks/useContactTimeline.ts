import { useCallback, useEffect, useRef, useState } from 'react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { ContactNote, ErrorPayload, TimelineItem } from '../../../bindings';

/** Items per page of a contact's timeline. */
export const TIMELINE_PAGE = 50;
/** The most a reload asks for at once (the core's page limit). */
const MAX_PAGE = 1000;

type State = {
  pinned: ContactNote[];
  entries: TimelineItem[];
  nextCursor: string | null;
  loading: boolean;
  error: ErrorPayload | null;
};

/**
 * A contact's pinned notes, then its notes, activities and calendar events newest first,
 * from the core's one merged query (`contact_timeline`), a page at a time: "show older"
 * continues from the cursor, so nothing is missing however many items one kind has.
 */
export const useContactTimeline = (contactId: string) => {
  const backend = useBackend();
  const [state, setState] = useState<State>({ pinned: [], entries: [], nextCursor: null, loading: true, error: null });
  // How many items the list shows: a reload after an edit keeps the older pages open.
  const shown = useRef({ contactId, count: TIMELINE_PAGE });
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let cancelled = false;
    if (shown.current.contactId !== contactId) shown.current = { contactId, count: TIMELINE_PAGE };
    setState((previous) => ({ ...previous, loading: true, error: null }));
    backend.invoke('contact_timeline', { contactId, query: { limit: Math.min(shown.current.count, MAX_PAGE) } }).then(
      (page) => {
        if (!cancelled) {
          setState({ pinned: page.pinned, entries: page.items, nextCursor: page.next_cursor, loading: false, error: null });
        }
      },
      (reason: unknown) => {
        if (!cancelled) setState((previous) => ({ ...previous, loading: false, error: toErrorPayload(reason) }));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [backend, contactId, version]);

  const { nextCursor, loading } = state;
  const loadMore = useCallback(() => {
    if (nextCursor === null || loading) return;
    setState((previous) => ({ ...previous, loading: true, error: null }));
    backend.invoke('contact_timeline', { contactId, query: { limit: TIMELINE_PAGE, before: nextCursor } }).then(
      (page) => {
        setState((previous) => ({
          ...previous,
          entries: [...previous.entries, ...page.items],
          nextCursor: page.next_cursor,
          loading: false,
        }));
        shown.current = { contactId, count: shown.current.count + page.items.length };
      },
      (reason: unknown) => setState((previous) => ({ ...previous, loading: false, error: toErrorPayload(reason) })),
    );
  }, [backend, contactId, nextCursor, loading]);

  const reload = useCallback(() => setVersion((value) => value + 1), []);
  return {
    pinned: state.pinned,
    entries: state.entries,
    loading: state.loading,
    error: state.error,
    /** Older items exist beyond the ones shown. */
    hasMore: state.nextCursor !== null,
    loadMore,
    reload,
    reloadNotes: reload,
    reloadActivities: reload,
  };
};

export type ContactTimeline = ReturnType<typeof useContactTimeline>;
