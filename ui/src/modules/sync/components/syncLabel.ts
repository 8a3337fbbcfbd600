import type { SyncState } from '../../../bindings';
import { ago } from '../../object-record/utils/format';

const waiting = (n: number) => (n === 1 ? '1 change waiting' : `${n} changes waiting`);

/** The one-line status under the sidebar: what a person needs to know at a glance. */
export const syncLabel = (s: SyncState, now?: Date): { tone: 'off' | 'ok' | 'busy' | 'offline' | 'warn'; text: string } => {
  if (!s.connected) return { tone: 'off', text: 'Not syncing' };
  // Changes the server refused were undone here: the person must hear of it.
  if (s.undone_unseen > 0) {
    return { tone: 'warn', text: s.undone_unseen === 1 ? '1 change undone' : `${s.undone_unseen} changes undone` };
  }
  if (!s.online) {
    return { tone: 'offline', text: s.pending_changes > 0 ? `Offline · ${waiting(s.pending_changes)}` : 'Offline' };
  }
  if (s.pending_changes > 0) return { tone: 'busy', text: `Syncing · ${waiting(s.pending_changes)}` };
  return { tone: 'ok', text: s.last_sync ? `Synced ${ago(s.last_sync, now)}` : 'Synced' };
};
