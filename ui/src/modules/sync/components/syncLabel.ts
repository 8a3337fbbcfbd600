import type { SyncState } from '../../../bindings';

/** "just now", "5 min ago", "3 h ago", or the date. */
export const ago = (iso: string, now: Date = new Date()): string => {
  const seconds = Math.max(0, Math.round((now.getTime() - new Date(iso).getTime()) / 1000));
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return new Date(iso).toLocaleDateString();
};

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
