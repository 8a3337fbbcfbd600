import { useCallback } from 'react';
import { useQuery } from '@tanstack/react-query';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { ErrorPayload, Profile, TableDef } from '../../../bindings';
import { useProfile } from '../../object-record/hooks/useProfile';

export type WorkspaceState =
  | { status: 'loading' }
  | { status: 'failed'; error: ErrorPayload }
  | { status: 'ready'; profile: Profile; tables: TableDef[] };

/** The local profile and the table definitions the app starts from. */
export const useWorkspace = () => {
  const backend = useBackend();
  const profile = useProfile();
  const tables = useQuery({
    queryKey: ['schema_tables'],
    queryFn: () => backend.invoke('schema_tables', {}),
    // The schema is the app's own: it changes with a new version, never while it runs.
    staleTime: Infinity,
  });
  const { refetch: refetchProfile } = profile;
  const { refetch: refetchTables } = tables;
  const retry = useCallback(() => {
    void refetchProfile();
    void refetchTables();
  }, [refetchProfile, refetchTables]);

  const error = profile.error ?? tables.error;
  const state: WorkspaceState =
    profile.data && tables.data
      ? { status: 'ready', profile: profile.data, tables: tables.data }
      : error && !profile.isFetching && !tables.isFetching
        ? { status: 'failed', error: toErrorPayload(error) }
        : { status: 'loading' };
  return { state, retry };
};
