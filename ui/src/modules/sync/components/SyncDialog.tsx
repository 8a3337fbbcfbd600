import { useEffect, useRef, useState, type FormEvent } from 'react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { SyncJoin, SyncState } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { Dialog } from '../../../ui/Dialog';
import { Tabs } from '../../../ui/Tabs';
import { ago } from '../../object-record/utils/format';
import { Devices } from './Devices';
import { UndoneChanges } from './UndoneChanges';

type Mode = 'log_in' | 'sign_up' | 'invite';

const MODES: ReadonlyArray<{ id: Mode; label: string }> = [
  { id: 'log_in', label: 'Sign in' },
  { id: 'sign_up', label: 'Create account' },
  { id: 'invite', label: 'Join with invite' },
];

export type SyncDialogProps = {
  status: SyncState;
  /** After a sign-in or sign-out: the profile (user, organisation) may have changed. */
  onChanged: (status: SyncState) => void;
  onClose: () => void;
};

const Field = ({ id, label, children, hint }: { id: string; label: string; children: React.ReactNode; hint?: string }) => (
  <div className="field">
    <label htmlFor={id} className="field__label">
      {label}
    </label>
    {children}
    {hint ? <p className="field__hint">{hint}</p> : null}
  </div>
);

/** Connects this device to a sync server, or shows the connection and signs out. */
export const SyncDialog = ({ status, onChanged, onClose }: SyncDialogProps) => {
  const backend = useBackend();
  const [mode, setMode] = useState<Mode>('log_in');
  const [server, setServer] = useState('http://127.0.0.1:8080');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const [organizationName, setOrganizationName] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (call: () => Promise<SyncState>) => {
    setBusy(true);
    setError(null);
    try {
      onChanged(await call());
    } catch (reason) {
      setError(toErrorPayload(reason).message);
    } finally {
      setBusy(false);
    }
  };

  const handleSignIn = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const join: SyncJoin =
      mode === 'log_in'
        ? { kind: 'log_in' }
        : mode === 'sign_up'
          ? { kind: 'sign_up', name: name.trim(), organization_name: organizationName.trim() }
          : { kind: 'invite', name: name.trim(), code: code.trim() };
    void run(() => backend.invoke('sync_sign_in', { server: server.trim(), email: email.trim(), password, join }));
  };

  // Opening the dialog shows the undone changes: they are seen, and the chip calms down.
  const unseen = status.connected && status.undone_unseen > 0;
  const changed = useRef(onChanged);
  changed.current = onChanged;
  useEffect(() => {
    if (unseen) void backend.invoke('sync_undone_seen', {}).then((next) => changed.current(next), () => {});
  }, [unseen, backend]);

  const errorBox = error ? (
    <div className="form-error" role="alert">
      {error}
    </div>
  ) : null;

  if (status.connected) {
    return (
      <Dialog title="Sync" onClose={onClose}>
        <div className="dialog-form">
          {errorBox}
          <dl className="sync-facts">
            <dt>Server</dt>
            <dd className="mono">{status.server}</dd>
            <dt>Signed in as</dt>
            <dd>
              {status.email} <span className="sync-facts__role">{status.role}</span>
            </dd>
            <dt>Connection</dt>
            <dd data-testid="sync-connection">{status.online ? 'Online' : 'Offline — changes wait on this device'}</dd>
            <dt>Changes waiting</dt>
            <dd>{status.pending_changes}</dd>
            <dt>Last sync</dt>
            <dd>{status.last_sync ? ago(status.last_sync) : 'Not yet'}</dd>
            {status.last_error ? (
              <>
                <dt>Last error</dt>
                <dd className="sync-facts__error">{status.last_error}</dd>
              </>
            ) : null}
          </dl>
          <UndoneChanges />
          <Devices onChanged={onChanged} />
          <div className="dialog-form__actions">
            <Button disabled={busy} onClick={() => void run(() => backend.invoke('sync_sign_out', {}))}>
              Sign out
            </Button>
            <Button variant="primary" disabled={busy} onClick={() => void run(() => backend.invoke('sync_now', {}))}>
              Sync now
            </Button>
          </div>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog title="Sync with a server" onClose={onClose}>
      <form className="dialog-form" noValidate onSubmit={handleSignIn}>
        <Tabs items={MODES} selected={mode} onSelect={setMode} label="How to connect" />
        {errorBox}
        <Field id="sync-server" label="Server">
          <input id="sync-server" name="server" className="input mono" value={server} onChange={(e) => setServer(e.target.value)} />
        </Field>
        <Field id="sync-email" label="Email">
          <input id="sync-email" name="email" type="email" className="input" autoFocus value={email} onChange={(e) => setEmail(e.target.value)} />
        </Field>
        <Field id="sync-password" label="Password" hint={mode === 'log_in' ? undefined : 'At least 10 characters.'}>
          <input id="sync-password" name="password" type="password" className="input" value={password} onChange={(e) => setPassword(e.target.value)} />
        </Field>
        {mode !== 'log_in' ? (
          <Field id="sync-name" label="Your name">
            <input id="sync-name" name="display_name" className="input" value={name} onChange={(e) => setName(e.target.value)} />
          </Field>
        ) : null}
        {mode === 'sign_up' ? (
          <Field id="sync-org" label="Organization" hint="This device's data is uploaded as this organization.">
            <input id="sync-org" name="organization_name" className="input" value={organizationName} onChange={(e) => setOrganizationName(e.target.value)} />
          </Field>
        ) : null}
        {mode === 'invite' ? (
          <Field id="sync-code" label="Invitation code">
            <input id="sync-code" name="code" className="input mono" value={code} onChange={(e) => setCode(e.target.value)} />
          </Field>
        ) : null}
        <div className="dialog-form__actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={busy}>
            {mode === 'log_in' ? 'Sign in' : mode === 'sign_up' ? 'Create account' : 'Join'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
};
