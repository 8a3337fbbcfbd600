import type { SyncState } from '../../../bindings';
import { ago } from '../../object-record/utils/format';

const waiting = (n: number) => (n === 1 ? '1 change waiting' : `${n} changes waiting`);

/** The one-line status under the sidebar: what a person needs to know at a glance. */
export const syncLabel = (s: SyncState, now?: Date): { tone: 'off' | 'ok' | 'busy' | 'offline'; text: string } => {
  if (!s.connected) return { tone: 'off', text: 'Not syncing' };
  if (!s.online) {
    return { tone: 'offline', text: s.pending_changes > 0 ? `Offline · ${waiting(s.pending_changes)}` : 'Offline' };
  }
  if (s.pending_changes > 0) return { tone: 'busy', text: `Syncing · ${waiting(s.pending_changes)}` };
  return { tone: 'ok', text: s.last_sync ? `Synced ${ago(s.last_sync, now)}` : 'Synced' };
};
