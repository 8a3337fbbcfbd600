import { useCallback } from 'react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { Event as CalendarEvent } from '../../../bindings';
import { useToast } from '../../../ui/Toasts';
import { durationMinutes, movedTimes } from '../utils/eventTimes';

/** What FullCalendar hands over after a drag or a resize (`EventDropArg`, `EventResizeDoneArg`). */
export type EventChange = {
  event: {
    start: Date | null;
    end: Date | null;
    allDay: boolean;
    extendedProps: Record<string, unknown>;
    setExtendedProp: (name: string, value: unknown) => void;
  };
  revert: () => void;
};

/**
 * Saves a dragged or resized event through the record path (UTC instants, or dates for
 * all-day events); when the save is refused the event jumps back and the reason is shown.
 */
export const useEventMoves = () => {
  const backend = useBackend();
  const toast = useToast();
  return useCallback(
    async (change: EventChange) => {
      const stored = change.event.extendedProps.event as CalendarEvent;
      const { start, end, allDay } = change.event;
      if (!start) {
        change.revert();
        return;
      }
      const patch = movedTimes(start, end, allDay, durationMinutes(stored));
      try {
        const saved = await backend.invoke('records_update', { table: 'events', id: stored.id, patch });
        change.event.setExtendedProp('event', saved);
      } catch (reason) {
        change.revert();
        toast.showError(`Could not move “${stored.title}”`, toErrorPayload(reason).message);
      }
    },
    [backend, toast],
  );
};
