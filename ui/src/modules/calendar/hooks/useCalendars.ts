import { useCallback, useMemo } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { Calendar, ErrorPayload, ListQuery } from '../../../bindings';
import { useProfile } from '../../object-record/hooks/useProfile';
import { rowsKey } from '../../object-record/hooks/useRows';
import { listAll } from '../utils/listAll';

export type Calendars = {
  /** The user's own calendars first (their default one leading), then their team's. */
  calendars: Calendar[];
  /** Where new events go: the user's default calendar, else their first, else any. */
  defaultCalendar: Calendar | null;
  loading: boolean;
  error: ErrorPayload | null;
  reload: () => void;
  /** Shows or hides a calendar's events; saved on the calendar (`is_visible`). */
  setVisible: (calendar: Calendar, visible: boolean) => Promise<void>;
};

const ALL_CALENDARS: ListQuery = { filters: [], sort: { field: 'name', desc: false }, deleted: 'exclude' };
const KEY = rowsKey('calendars', ALL_CALENDARS);

/** The organisation's live calendars, the user's own first. */
export const useCalendars = (): Calendars => {
  const backend = useBackend();
  const queryClient = useQueryClient();
  const profile = useProfile();
  const rows = useQuery({ queryKey: KEY, queryFn: () => listAll(backend, 'calendars', ALL_CALENDARS) });
  const me = profile.data?.user.id ?? null;

  const calendars = useMemo(() => {
    const rank = (calendar: Calendar) => (calendar.user_id === me ? (calendar.is_default ? 0 : 1) : 2);
    return [...(rows.data ?? [])].sort((a, b) => rank(a) - rank(b));
  }, [rows.data, me]);

  const { refetch } = rows;
  const reload = useCallback(() => void refetch(), [refetch]);

  const setVisible = useCallback(
    async (calendar: Calendar, visible: boolean) => {
      // Shown at once; put back if the save fails (the caller reports the error).
      const flip = (shown: boolean) =>
        queryClient.setQueryData<Calendar[]>(KEY, (current) => current?.map((c) => (c.id === calendar.id ? { ...c, is_visible: shown } : c)));
      flip(visible);
      try {
        await backend.invoke('records_update', { table: 'calendars', id: calendar.id, patch: { is_visible: visible } });
      } catch (reason) {
        flip(calendar.is_visible);
        throw reason;
      }
    },
    [backend, queryClient],
  );

  const own = calendars.filter((calendar) => calendar.user_id === me);
  const defaultCalendar = own.find((calendar) => calendar.is_default) ?? own[0] ?? calendars[0] ?? null;
  const error = rows.error ?? profile.error;
  return {
    calendars,
    defaultCalendar,
    loading: rows.isFetching || profile.isFetching,
    error: error ? toErrorPayload(error) : null,
    reload,
    setVisible,
  };
};
