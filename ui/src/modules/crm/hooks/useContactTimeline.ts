import { useCallback, useMemo } from 'react';

import type { ListQuery } from '../../../bindings';
import { buildTimeline } from '../utils/timeline';
import { useRows } from './useRows';

/** How many notes and activities of one contact a timeline shows. */
export const TIMELINE_LIMIT = 200;

/** A contact's notes, activities and calendar events, newest first, merged into one timeline. */
export const useContactTimeline = (contactId: string) => {
  const query = useMemo<ListQuery>(
    () => ({
      filters: [{ field: 'contact_id', op: 'eq', value: contactId }],
      sort: { field: 'created_at', desc: true },
      limit: TIMELINE_LIMIT,
      deleted: 'exclude',
    }),
    [contactId],
  );
  const notes = useRows('contact_notes', query);
  const activities = useRows('contact_activities', query);
  const eventQuery = useMemo<ListQuery>(
    () => ({
      filters: [{ field: 'contact_id', op: 'eq', value: contactId }],
      sort: { field: 'start_time', desc: true },
      limit: TIMELINE_LIMIT,
      deleted: 'exclude',
    }),
    [contactId],
  );
  const events = useRows('events', eventQuery);
  const timeline = useMemo(
    () => buildTimeline(notes.rows, activities.rows, events.rows),
    [notes.rows, activities.rows, events.rows],
  );
  const { reload: reloadNotes } = notes;
  const { reload: reloadActivities } = activities;
  const { reload: reloadEvents } = events;
  const reload = useCallback(() => {
    reloadNotes();
    reloadActivities();
    reloadEvents();
  }, [reloadNotes, reloadActivities, reloadEvents]);
  return {
    ...timeline,
    loading: notes.loading || activities.loading || events.loading,
    error: notes.error ?? activities.error ?? events.error,
    truncated: notes.truncated || activities.truncated || events.truncated,
    reloadNotes,
    reloadActivities,
    reload,
  };
};

export type ContactTimeline = ReturnType<typeof useContactTimeline>;
