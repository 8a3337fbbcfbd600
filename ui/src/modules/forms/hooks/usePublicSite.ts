import { useQuery } from '@tanstack/react-query';

import { useBackend } from '../../../backend/BackendContext';
import { useProfile } from '../../object-record/hooks/useProfile';

/** Where the organisation's public pages are served: its sync server and its slug. */
export type PublicSite = { server: string | null; orgSlug: string | null };

/**
 * The server this profile syncs with (from the sync status) and the active organisation's
 * slug; `server` is null while the profile is not connected to one.
 */
export const usePublicSite = (): PublicSite => {
  const backend = useBackend();
  const profile = useProfile().data ?? null;
  const status = useQuery({ queryKey: ['sync_status'], queryFn: () => backend.invoke('sync_status', {}) });
  const server = status.data?.connected ? status.data.server : null;
  const organization = profile?.organizations.find((org) => org.id === profile.active_organization_id) ?? null;
  return { server, orgSlug: organization?.slug ?? null };
};
