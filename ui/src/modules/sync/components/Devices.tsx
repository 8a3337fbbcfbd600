import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { DeviceInfo, SyncState } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { ago } from '../../object-record/utils/format';

export type DevicesProps = {
  /** After signing out: this device may be among those signed out. */
  onChanged: (status: SyncState) => void;
};

const seen = (device: DeviceInfo): string => {
  if (device.this_device) return 'This device';
  if (!device.signed_in) return 'Signed out';
  return device.last_used_at ? `Active ${ago(device.last_used_at)}` : `Signed in ${ago(device.created_at)}`;
};

/**
 * The account's devices as the server knows them, with "Sign out" per device and "Sign out
 * everywhere" (a lost laptop stops syncing at once: its pushes, pulls and live updates are
 * refused from then on).
 */
export const Devices = ({ onChanged }: DevicesProps) => {
  const backend = useBackend();
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { data, error: loadError } = useQuery({ queryKey: ['sync_devices'], queryFn: () => backend.invoke('sync_devices', {}) });

  const signOut = async (device: string | null) => {
    setBusy(true);
    setError(null);
    try {
      const status = await backend.invoke('sync_sign_out_devices', { device });
      await client.invalidateQueries({ queryKey: ['sync_devices'] });
      onChanged(status);
    } catch (reason) {
      setError(toErrorPayload(reason).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="sync-devices" aria-labelledby="sync-devices-title">
      <div className="sync-devices__head">
        <h3 id="sync-devices-title" className="sync-devices__title">
          Your devices
        </h3>
        <Button disabled={busy || !data} onClick={() => void signOut(null)}>
          Sign out everywhere
        </Button>
      </div>
      {error || loadError ? (
        <div className="form-error" role="alert">
          {error ?? toErrorPayload(loadError).message}
        </div>
      ) : null}
      <ul className="sync-devices__list" aria-label="Devices">
        {(data ?? []).map((device) => (
          <li key={device.id} className="sync-devices__item" data-device-id={device.id}>
            <div>
              <strong>{device.name}</strong>
              <span className={`sync-devices__state${device.signed_in ? '' : ' sync-devices__state--out'}`}>{seen(device)}</span>
            </div>
            {device.signed_in && !device.this_device ? (
              <Button disabled={busy} onClick={() => void signOut(device.id)} aria-label={`Sign out ${device.name}`}>
                Sign out
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
};
