import type { ModuleManifest } from '../object-record/types/manifest';
import { SignInDialog } from './components/SignInDialog';
import { SyncChip } from './components/SyncChip';

/** Sync with a server: the status at the foot of the sidebar, sign-in and sign-out. */
export const sync: ModuleManifest = {
  id: 'sync',
  SidebarFooter: SyncChip,
  provides: { SignInDialog },
};
