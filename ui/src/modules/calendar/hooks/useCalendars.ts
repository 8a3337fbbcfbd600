import { useCallback, useEffect, useState } from 'react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { Calendar, ErrorPayload } from '../../../bindings';
import { useDataVersion } from '../../sync/hooks/DataVersion';
import { listAll } from '../utils/listAll';

export type Calendars = {
  calendars: Calendar[];
  loading: boolean;
  error: ErrorPayload | null;
  reload: () => void;
  /** Shows or hides a calendar's events; saved on the calendar (`is_visible`). */
  setVisible: (calendar: Calendar, visible: boolean) => Promise<void>;
};

/** The organisation's live calendars, default first, then by name. */
export const useCalendars = (): Calendars => {
  const backend = useBackend();
  const dataVersion = useDataVersion();
  const [calendars, setCalendars] = useState<Calendar[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ErrorPayload | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    listAll(backend, 'calendars', { filters: [], sort: { field: 'name', desc: false }, deleted: 'exclude' }).then(
      (rows) => {
        if (cancelled) return;
        setCalendars([...rows].sort((a, b) => Number(b.is_default) - Number(a.is_default)));
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

  return { calendars, loading, error, reload, setVisible };
};
