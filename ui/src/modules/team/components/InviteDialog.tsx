import { useState, type FormEvent } from 'react';

import { toErrorPayload } from '../../../backend/backend';
import { useBackend } from '../../../backend/BackendContext';
import type { Invite } from '../../../bindings';
import { Button } from '../../../ui/Button';
import { Dialog } from '../../../ui/Dialog';
import { TextField } from '../../../ui/TextField';
import { errorField } from '../../object-record/utils/errorField';
import { enumLabel, formatTimestamp } from '../../object-record/utils/format';
import { INVITABLE, ROLE_HINTS } from '../utils/roles';

export type InviteDialogProps = {
  organizationId: string;
  organizationName: string;
  /** The invitation was made: the pending list loads again. */
  onInvited: () => void;
  onClose: () => void;
};

/**
 * Email and role of the person to invite; once made, the invitation code to pass on (the
 * person joins with it from "Join with invite" in the sync dialog).
 */
export const InviteDialog = ({ organizationId, organizationName, onInvited, onClose }: InviteDialogProps) => {
  const backend = useBackend();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<string>('member');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [invite, setInvite] = useState<Invite | null>(null);
  const [copied, setCopied] = useState(false);
  const invalid = error ? errorField(error, ['email', 'role']) : null;

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      setInvite(await backend.invoke('team_invite', { organizationId, email: email.trim(), role }));
      onInvited();
    } catch (reason) {
      setError(toErrorPayload(reason).message);
    } finally {
      setSaving(false);
    }
  };

  const handleCopy = async () => {
    if (!invite) return;
    await navigator.clipboard?.writeText(invite.code);
    setCopied(true);
  };

  if (invite) {
    return (
      <Dialog title="Invitation ready" onClose={onClose}>
        <div className="dialog-form">
          <p className="confirm-text">
            Send this code to <strong>{email.trim()}</strong>. They join {organizationName} as {enumLabel(role).toLowerCase()} from
            “Join with invite” in the sync dialog, until {formatTimestamp(invite.expires_at)}.
          </p>
          <div className="team-invite-code">
            <input className="input mono" readOnly aria-label="Invitation code" value={invite.code} onFocus={(e) => e.target.select()} />
            <Button onClick={() => void handleCopy()}>{copied ? 'Copied' : 'Copy'}</Button>
          </div>
          <div className="dialog-form__actions">
            <Button variant="primary" onClick={onClose}>
              Done
            </Button>
          </div>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog title="Invite member" onClose={onClose}>
      <form className="dialog-form" noValidate onSubmit={handleSubmit}>
        {error ? (
          <div className="form-error" role="alert">
            {error}
          </div>
        ) : null}
        <TextField
          id="invite-email"
          name="email"
          type="email"
          label="Email"
          mandatory
          autoFocus
          invalid={invalid === 'email'}
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
        <div className={`field${invalid === 'role' ? ' field--invalid' : ''}`}>
          <label htmlFor="invite-role" className="field__label">
            Role
          </label>
          <select id="invite-role" name="role" className="input" value={role} onChange={(event) => setRole(event.target.value)}>
            {INVITABLE.map((option) => (
              <option key={option} value={option}>
                {enumLabel(option)}
              </option>
            ))}
          </select>
          <p className="field__hint">{ROLE_HINTS[role as keyof typeof ROLE_HINTS]}</p>
        </div>
        <div className="dialog-form__actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={saving || !email.trim()}>
            Create invitation
          </Button>
        </div>
      </form>
    </Dialog>
  );
};
