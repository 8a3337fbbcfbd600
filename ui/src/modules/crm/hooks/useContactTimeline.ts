import { useCallback, useMemo } from 'react';
import { useQueries, useQueryClient, type UseQueryResult } from '@tanstack/react-query';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { ListQuery, Page } from '../../../bindings';
import { useRows, rowsKey } from '../../object-record/hooks/useRows';
import { timelineSources } from '../../object-record/states/registry';
import { buildTimeline, type LinkedRows } from '../utils/timeline';

/** How many notes and activities of one contact a timeline shows. */
export const TIMELINE_LIMIT = 200;

const ofContact = (field: string, contactId: string, sortField: string): ListQuery => ({
  filters: [{ field, op: 'eq', value: contactId }],
  sort: { field: sortField, desc: true },
  limit: TIMELINE_LIMIT,
  deleted: 'exclude',
});

/** The pages of the linked tables, and their state as one. */
const combinePages = (results: UseQueryResult<Page>[]) => ({
  pages: results.map((result) => result.data),
  loading: results.some((result) => result.isFetching),
  error: results.map((result) => (result.error ? toErrorPayload(result.error) : null)).find(Boolean) ?? null,
  truncated: results.some((result) => (result.data?.next_cursor ?? null) !== null),
});

/**
 * A contact's notes, activities and the rows other modules link to it (calendar events),
 * newest first, merged into one timeline.
 */
export const useContactTimeline = (contactId: string) => {
  const backend = useBackend();
  const queryClient = useQueryClient();
  const query = useMemo(() => ofContact('contact_id', contactId, 'created_at'), [contactId]);
  const notes = useRows('contact_notes', query);
  const activities = useRows('contact_activities', query);
  const sources = timelineSources('contacts');
  const linkedQueries = useMemo(
    () =>
      sources.map((source) => {
        const linkedQuery = ofContact(source.field, contactId, source.at);
        return {
          queryKey: rowsKey(source.table, linkedQuery),
          queryFn: () => backend.invoke('records_list', { table: source.table, query: linkedQuery }),
        };
      }),
    [backend, sources, contactId],
  );
  const linked = useQueries({ queries: linkedQueries, combine: combinePages });
  const linkedData = useMemo(
    (): LinkedRows[] => sources.map((source, index) => ({ source, rows: linked.pages[index]?.items ?? [] })),
    [sources, linked.pages],
  );
  const timeline = useMemo(
    () => buildTimeline(notes.rows, activities.rows, linkedData),
    [notes.rows, activities.rows, linkedData],
  );
  const { reload: reloadNotes } = notes;
  const { reload: reloadActivities } = activities;
  const reload = useCallback(() => {
    reloadNotes();
    reloadActivities();
    for (const { queryKey } of linkedQueries) void queryClient.refetchQueries({ queryKey });
  }, [reloadNotes, reloadActivities, queryClient, linkedQueries]);
  return {
    ...timeline,
    loading: notes.loading || activities.loading || linked.loading,
    error: notes.error ?? activities.error ?? linked.error,
    truncated: notes.truncated || activities.truncated || linked.truncated,
    reloadNotes,
    reloadActivities,
    reload,
  };
};

export type ContactTimeline = ReturnType<typeof useContactTimeline>;
