import { UserX } from 'lucide-react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { SyncState, WhenEnded } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { useToast } from '../../../ui/Toasts';

export type EndedMembershipsProps = {
  status: SyncState;
  onChanged: (status: SyncState) => void;
};

const CHOICES: ReadonlyArray<{ value: WhenEnded; label: string }> = [
  { value: 'keep_read_only', label: 'Keep a read-only copy' },
  { value: 'remove', label: 'Remove it from this device' },
];

/**
 * The notice of workspaces this device stopped syncing because the person's membership
 * ended: what happened to each copy, a way to remove a kept one, and the choice for the
 * next time. Shown at the foot of the sidebar until dismissed.
 */
export const EndedMemberships = ({ status, onChanged }: EndedMembershipsProps) => {
  const backend = useBackend();
  const toast = useToast();
  if (!status.connected || status.ended.length === 0) return null;

  const run = async (call: () => Promise<SyncState>) => {
    try {
      onChanged(await call());
    } catch (reason) {
      toast.showError('Could not change the workspace', toErrorPayload(reason).message);
    }
  };

  return (
    <section className="ended-notice" role="status" aria-label="Memberships that ended">
      {status.ended.map((ended) => (
        <div key={ended.id} className="ended-notice__item">
          <UserX size={14} aria-hidden="true" className="ended-notice__icon" />
          <p className="ended-notice__text">{ended.notice}</p>
          {ended.kept ? (
            <Button
              className="ended-notice__remove"
              onClick={() => void run(() => backend.invoke('sync_remove_ended', { organization: ended.id }))}
            >
              Remove copy
            </Button>
          ) : null}
        </div>
      ))}
      <label className="ended-notice__choice">
        <span>When a membership ends:</span>
        <select
          className="input"
          value={status.when_ended}
          onChange={(event) =>
            void run(() => backend.invoke('sync_set_when_ended', { choice: event.target.value as WhenEnded }))
          }
        >
          {CHOICES.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
      </label>
      <Button variant="primary" onClick={() => void run(() => backend.invoke('sync_dismiss_ended', {}))}>
        Got it
      </Button>
    </section>
  );
};
