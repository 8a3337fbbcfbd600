import { useQuery, useQueryClient } from '@tanstack/react-query';

import { useBackend } from '../../../backend/BackendContext';
import type { SyncState } from '../../../bindings';
import type { CreateDialogProps } from '../../object-record/types/manifest';
import { SyncDialog } from './SyncDialog';

/**
 * The sync dialog as another module offers it ("Sign in" on the team screen): once signed
 * in, everything loads again (the profile may now be the server's account) and it closes.
 */
export const SignInDialog = ({ onClose }: CreateDialogProps) => {
  const backend = useBackend();
  const client = useQueryClient();
  const { data: status } = useQuery({ queryKey: ['sync_status'], queryFn: () => backend.invoke('sync_status', {}) });
  if (!status) return null;
  const handleChanged = (next: SyncState) => {
    client.setQueryData(['sync_status'], next);
    if (next.connected) {
      void client.invalidateQueries();
      onClose();
    }
  };
  return <SyncDialog status={status} onChanged={handleChanged} onClose={onClose} />;
};
