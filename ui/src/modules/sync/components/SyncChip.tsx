import { useState } from 'react';
import { AlertTriangle, Cloud, CloudOff, RefreshCw } from 'lucide-react';

import type { SyncState } from '../../../bindings';
import { useSyncStatus } from '../hooks/useSyncStatus';
import { EndedMemberships } from './EndedMemberships';
import { SyncDialog } from './SyncDialog';
import { syncLabel } from './syncLabel';

export type SyncChipProps = {
  /** Rows arrived from other devices: lists should reload. */
  onRemoteRows: () => void;
  /** Signed in or out: the profile may now be another user or organisation. */
  onConnectionChanged: () => void;
};

const ICONS = { off: CloudOff, offline: CloudOff, busy: RefreshCw, ok: Cloud, warn: AlertTriangle } as const;

/** The sync state at the foot of the sidebar; opens the sync dialog. */
export const SyncChip = ({ onRemoteRows, onConnectionChanged }: SyncChipProps) => {
  const { status, take } = useSyncStatus(onRemoteRows);
  const [open, setOpen] = useState(false);
  if (!status) return null;
  const { tone, text } = syncLabel(status);
  const Icon = ICONS[tone];
  const handleChanged = (next: SyncState) => {
    const connectionChanged = next.connected !== status.connected;
    take(next);
    if (connectionChanged) {
      onConnectionChanged();
      if (next.connected) setOpen(false);
    }
  };
  return (
    <>
      <EndedMemberships status={status} onChanged={handleChanged} />
      <button
        type="button"
        className={`sync-chip sync-chip--${tone}`}
        data-testid="sync-status"
        title={status.last_error ?? undefined}
        onClick={() => setOpen(true)}
      >
        <Icon size={14} aria-hidden="true" />
        <span>{text}</span>
      </button>
      {open ? <SyncDialog status={status} onChanged={handleChanged} onClose={() => setOpen(false)} /> : null}
    </>
  );
};
