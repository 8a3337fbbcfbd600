import { useCallback, useState } from 'react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { ErrorPayload, RecordOf } from '../../../bindings';
import { useToast } from '../../../ui/Toasts';

type Row = Record<string, unknown>;

/**
 * The record a detail panel shows, kept up to date with what each save returns.
 * `save` resolves with the backend's error (for a form to show) or null;
 * `saveOrToast` shows the error as a toast and resolves whether it saved.
 */
export const useDetailRecord = <K extends 'contacts' | 'companies'>(table: K, initial: Row, onUpdated?: (row: Row) => void) => {
  const backend = useBackend();
  const toast = useToast();
  const [record, setRecord] = useState<RecordOf[K]>(initial as RecordOf[K]);

  const replace = useCallback(
    (row: Row) => {
      setRecord(row as RecordOf[K]);
      onUpdated?.(row);
    },
    [onUpdated],
  );

  const save = useCallback(
    async (patch: Record<string, unknown>): Promise<ErrorPayload | null> => {
      try {
        const updated = await backend.invoke('records_update', { table, id: record.id, patch });
        replace(updated);
        return null;
      } catch (reason) {
        return toErrorPayload(reason);
      }
    },
    [backend, table, record.id, replace],
  );

  const saveOrToast = useCallback(
    async (patch: Record<string, unknown>, what: string): Promise<boolean> => {
      const failure = await save(patch);
      if (failure) toast.showError(`Could not save ${what}`, failure.message);
      return failure === null;
    },
    [save, toast],
  );

  return { record, replace, save, saveOrToast };
};
