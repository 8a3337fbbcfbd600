import { useEffect, useState } from 'react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { TableName } from '../../../bindings';
import { displayName } from '../utils/displayName';

export type ReferenceOption = { value: string; label: string };

/** How many records a foreign-key select offers. */
export const REFERENCE_LIMIT = 200;

/** The first records of `table`, as options labelled with their display names. */
export const useReferenceOptions = (table: TableName) => {
  const backend = useBackend();
  const [options, setOptions] = useState<ReferenceOption[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    backend
      .invoke('records_list', { table, query: { filters: [], limit: REFERENCE_LIMIT, deleted: 'exclude' } })
      .then(
        (page) => {
          if (cancelled) return;
          const loaded = page.items
            .filter((row): row is Record<string, unknown> & { id: string } => typeof row.id === 'string')
            .map((row) => ({ value: row.id, label: displayName(table, row) }))
            .sort((a, b) => a.label.localeCompare(b.label));
          setOptions(loaded);
        },
        (reason: unknown) => {
          if (!cancelled) setError(toErrorPayload(reason).message);
        },
      );
    return () => {
      cancelled = true;
    };
  }, [backend, table]);
  return { options, error };
};

/** The display name of the record `id` of `table`: `label` once loaded, `missing` when it
 * cannot be read (out of scope or gone). */
export const useReference = (table: TableName, id: string): { label: string | null; missing: boolean } => {
  const backend = useBackend();
  const [found, setFound] = useState<{ id: string; text: string | null } | null>(null);
  useEffect(() => {
    let cancelled = false;
    backend.invoke('records_get', { table, id }).then(
      (row) => {
        if (!cancelled) setFound({ id, text: displayName(table, row) });
      },
      () => {
        if (!cancelled) setFound({ id, text: null });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [backend, table, id]);
  const current = found && found.id === id ? found : null;
  return { label: current?.text ?? null, missing: current !== null && current.text === null };
};

/** The display name of the record `id` of `table`, once loaded. */
export const useReferenceLabel = (table: TableName, id: string): string | null => useReference(table, id).label;
