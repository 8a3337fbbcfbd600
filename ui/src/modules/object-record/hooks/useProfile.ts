import { useQuery } from '@tanstack/react-query';

import { useBackend } from '../../../backend/BackendContext';

/** The cache key of the local profile: its user, organisations and the active one. */
export const PROFILE_KEY = ['profile_get'] as const;

/** The local profile (`profile_get`); a dialog that changes it sets it in the cache. */
export const useProfile = () => {
  const backend = useBackend();
  return useQuery({ queryKey: PROFILE_KEY, queryFn: () => backend.invoke('profile_get', {}) });
};
