import { useCallback, useEffect, useState } from 'react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { ErrorPayload, Profile, TableDef } from '../../../bindings';

export type WorkspaceState =
  | { status: 'loading' }
  | { status: 'failed'; error: ErrorPayload }
  | { status: 'ready'; profile: Profile; tables: TableDef[] };

/** The local profile and the table definitions, loaded once at start. */
export const useWorkspace = () => {
  const backend = useBackend();
  const [state, setState] = useState<WorkspaceState>({ status: 'loading' });

  const load = useCallback(async () => {
    setState({ status: 'loading' });
    try {
      const profile = await backend.invoke('profile_get', {});
      const tables = await backend.invoke('schema_tables', {});
      setState({ status: 'ready', profile, tables });
    } catch (reason) {
      setState({ status: 'failed', error: toErrorPayload(reason) });
    }
  }, [backend]);

  useEffect(() => {
    void load();
  }, [load]);

  const setProfile = useCallback((profile: Profile) => {
    setState((current) => (current.status === 'ready' ? { ...current, profile } : current));
  }, []);

  return { state, retry: load, setProfile };
};
