import { useQuery } from '@tanstack/react-query';

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
  const query = { filters: [], limit: REFERENCE_LIMIT, deleted: 'exclude' } as const;
  const result = useQuery({
    queryKey: ['records_list', table, query],
    queryFn: () => backend.invoke('records_list', { table, query: { ...query, filters: [] } }),
    select: (page): ReferenceOption[] =>
      page.items
        .filter((row): row is Record<string, unknown> & { id: string } => typeof row.id === 'string')
        .map((row) => ({ value: row.id, label: displayName(table, row) }))
        .sort((a, b) => a.label.localeCompare(b.label)),
  });
  return { options: result.data ?? null, error: result.error ? toErrorPayload(result.error).message : null };
};

/** The display name of the record `id` of `table`: `label` once loaded, `missing` when it
 * cannot be read (out of scope or gone). */
export const useReference = (table: TableName, id: string): { label: string | null; missing: boolean } => {
  const backend = useBackend();
  const result = useQuery({
    queryKey: ['records_get', table, id],
    queryFn: () => backend.invoke('records_get', { table, id }),
  });
  return { label: result.data ? displayName(table, result.data) : null, missing: result.isError };
};

/** The display name of the record `id` of `table`, once loaded. */
export const useReferenceLabel = (table: TableName, id: string): string | null => useReference(table, id).label;
