import { useCallback, useEffect, useState } from 'react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { Calendar, ErrorPayload } from '../../../bindings';
import { useDataVersion } from '../../sync/hooks/DataVersion';
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

/** The organisation's live calendars, the user's own first. */
export const useCalendars = (): Calendars => {
  const backend = useBackend();
  const dataVersion = useDataVersion();
  const [calendars, setCalendars] = useState<Calendar[]>([]);
  const [userId, setUserId] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ErrorPayload | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    Promise.all([
      listAll(backend, 'calendars', { filters: [], sort: { field: 'name', desc: false }, deleted: 'exclude' }),
      backend.invoke('profile_get', {}),
    ]).then(
      ([rows, profile]) => {
        if (cancelled) return;
        const me = profile.user.id;
        const rank = (calendar: Calendar) => (calendar.user_id === me ? (calendar.is_default ? 0 : 1) : 2);
        setCalendars([...rows].sort((a, b) => rank(a) - rank(b)));
        setUserId(me);
        setError(null);
        setLoading(false);
      },
      (reason: unknown) => {
        if (cancelled) return;
        setError(toErrorPayload(reason));
        setLoading(false);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [backend, version, dataVersion]);

  const reload = useCallback(() => setVersion((value) => value + 1), []);

  const setVisible = useCallback(
    async (calendar: Calendar, visible: boolean) => {
      // Shown at once; put back if the save fails (the caller reports the error).
      setCalendars((current) => current.map((c) => (c.id === calendar.id ? { ...c, is_visible: visible } : c)));
      try {
        await backend.invoke('records_update', { table: 'calendars', id: calendar.id, patch: { is_visible: visible } });
      } catch (reason) {
        setCalendars((current) => current.map((c) => (c.id === calendar.id ? { ...c, is_visible: calendar.is_visible } : c)));
        throw reason;
      }
    },
    [backend],
  );

  const own = calendars.filter((calendar) => calendar.user_id === userId);
  const defaultCalendar = own.find((calendar) => calendar.is_default) ?? own[0] ?? calendars[0] ?? null;
  return { calendars, defaultCalendar, loading, error, reload, setVisible };
};
